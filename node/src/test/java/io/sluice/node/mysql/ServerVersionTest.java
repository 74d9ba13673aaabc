package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerVersionTest {

    @Test
    void readsMariaDbWithAndWithoutTheCompatibilityPrefix() {
        ServerVersion handshake = ServerVersion.parse("5.5.5-10.11.6-MariaDB-0+deb12u1-log");
        assertEquals(ServerFlavor.MARIADB, handshake.flavor());
        assertEquals("MariaDB 10.11.6", handshake.toString());
        ServerVersion eleven = ServerVersion.parse("11.4.2-MariaDB");
        assertEquals(11, eleven.major());
        assertTrue(eleven.isMariaDb());
    }

    @Test
    void readsMysqlVersions() {
        ServerVersion v = ServerVersion.parse("8.4.0-commercial");
        assertEquals(ServerFlavor.MYSQL, v.flavor());
        assertTrue(v.atLeast(8, 2, 0));
        assertFalse(v.atLeast(8, 4, 1));
        assertTrue(ServerVersion.parse("5.7.44-log").compareTo(ServerVersion.parse("8.0.11")) < 0);
    }

    @Test
    void dialectFollowsTheVersion() {
        assertEquals("SHOW BINARY LOG STATUS", new SourceDialect(ServerVersion.parse("8.4.0")).binaryLogStatus());
        assertEquals("SHOW MASTER STATUS", new SourceDialect(ServerVersion.parse("8.0.36")).binaryLogStatus());
        assertEquals("SHOW MASTER STATUS", new SourceDialect(ServerVersion.parse("11.4.2-MariaDB")).binaryLogStatus());
        assertEquals("SHOW REPLICAS", new SourceDialect(ServerVersion.parse("8.0.22")).replicaHosts());
        assertEquals("SHOW SLAVE HOSTS", new SourceDialect(ServerVersion.parse("8.0.21")).replicaHosts());
        assertEquals("SHOW SLAVE HOSTS", new SourceDialect(ServerVersion.parse("10.11.6-MariaDB")).replicaHosts());
    }

    @Test
    void rejectsTextWithoutNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerVersion.parse("beta"));
        assertTrue(e.getMessage().contains("'beta'"), e.getMessage());
    }
}
