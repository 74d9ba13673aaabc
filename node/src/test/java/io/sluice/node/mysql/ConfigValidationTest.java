package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;

class ConfigValidationTest {

    @Test
    void connectionConfigNamesTheBadValueAndHidesThePassword() {
        MysqlConnectionConfig config = MysqlConnectionConfig.builder("db", 3306).user("repl").password("hunter2").build();
        assertEquals("db:3306", config.source());
        assertFalse(config.toString().contains("hunter2"), config.toString());
        assertMessage("port must be in 1..65535, got 0", () -> MysqlConnectionConfig.builder("db", 0).user("u").build());
        assertMessage("user must not be empty", () -> MysqlConnectionConfig.builder("db", 1).build());
        assertMessage("maxPacketSize must be in 1024..1073741824 bytes, got 10",
                () -> MysqlConnectionConfig.builder("db", 1).user("u").maxPacketSize(10).build());
        assertMessage("readTimeout must be positive, got PT0S",
                () -> MysqlConnectionConfig.builder("db", 1).user("u").readTimeout(Duration.ZERO).build());
    }

    @Test
    void replicaSettingsKeepTheReadTimeoutAboveTheHeartbeat() {
        assertMessage("serverId must be in 1..4294967295", () -> ReplicaSettings.defaults(0));
        assertMessage("eventReadTimeout (PT5S) must be longer than heartbeatPeriod (PT10S)",
                () -> ReplicaSettings.defaults(5).withHeartbeat(Duration.ofSeconds(10), Duration.ofSeconds(5)));
    }

    @Test
    void tlsConfigRefusesCaSettingsTheModeWouldIgnore() {
        assertMessage("does not check certificates",
                () -> new TlsConfig(TlsMode.REQUIRED, Path.of("ca.pem"), null, null, null));
        assertTrue(TlsConfig.verifyWithCa(TlsMode.VERIFY_CA, Path.of("ca.pem")).mode().verifiesCertificate());
    }

    @Test
    void resumePointsRejectOffsetsBeforeTheFirstEvent() {
        assertMessage("got mysql-bin.000001:2", () -> ResumePoint.file(BinlogPosition.parse("mysql-bin.000001:2")));
        assertMessage("got mysql-bin.000001:4294967296",
                () -> ResumePoint.file(BinlogPosition.parse("mysql-bin.000001:4294967296")));
    }

    @Test
    void streamConfigNeedsARealQueue() {
        MysqlConnectionConfig connection = MysqlConnectionConfig.builder("db", 3306).user("repl").build();
        assertMessage("queueCapacityBytes must be at least 65536, got 1000",
                () -> BinlogStreamConfig.of(connection, ReplicaSettings.defaults(7)).withQueueCapacity(1000));
    }

    private static void assertMessage(String expected, Runnable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
