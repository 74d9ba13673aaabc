package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.testkit.Await;
import io.sluice.testkit.MariaDbOptions;
import io.sluice.testkit.MariaDbSandbox;

/** The pre-flight checks against real servers set up right and wrong. */
class SourcePreflightIT {
    private static final long REPLICA_ID = 5001;
    private static MariaDbSandbox db;

    @BeforeAll
    static void startDb() {
        db = MariaDbSandbox.launch(MariaDbOptions.builder().serverId(7).build());
        db.execute("CREATE USER 'plain'@'%' IDENTIFIED BY 'plain-pw'",
                "GRANT SELECT ON *.* TO 'plain'@'%'",
                "CREATE USER 'halfway'@'%' IDENTIFIED BY 'halfway-pw'",
                "GRANT REPLICATION SLAVE, SELECT ON *.* TO 'halfway'@'%'");
    }

    @AfterAll
    static void stopDb() {
        db.close();
    }

    @AfterEach
    void restoreGlobals() {
        db.execute("SET GLOBAL binlog_format = 'ROW'", "SET GLOBAL binlog_row_image = 'FULL'");
    }

    private static SourceDescription check(MysqlConnectionConfig config, long replicaId) throws IOException {
        try (MysqlConnection c = MysqlConnection.open(config)) {
            return new SourcePreflight(replicaId).check(c);
        }
    }

    @Test
    void aWellConfiguredSourceIsDescribed() throws IOException {
        SourceDescription d = check(SandboxSupport.repl(db), REPLICA_ID);
        assertTrue(d.version().isMariaDb());
        assertEquals(7, d.serverId());
        assertEquals("ROW", d.binlogFormat());
        assertTrue(d.fullRowImage());
        assertTrue(d.checksummed());
        assertEquals("FULL", d.rowMetadata());
        SourceDescription.MariaDbGtidState gtid = assertInstanceOf(SourceDescription.MariaDbGtidState.class, d.gtid());
        assertEquals(0, gtid.domainId());
        assertFalse(gtid.strictMode());
        assertEquals(db.binlogStatus().gtidBinlogPos(), gtid.binlogPos().toString());
        // repl may not run SHOW SLAVE HOSTS on MariaDB 10.5+, so the server id check degrades to a warning.
        assertTrue(d.warnings().stream().anyMatch(w -> w.contains("REPLICATION MASTER ADMIN")), d.warnings().toString());
    }

    @Test
    void statementFormatFailsAndMixedWarns() throws IOException {
        db.execute("SET GLOBAL binlog_format = 'STATEMENT'");
        PreflightException e = assertThrows(PreflightException.class, () -> check(SandboxSupport.repl(db), REPLICA_ID));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("binlog_format=STATEMENT"), e.getMessage());
        assertTrue(e.getMessage().contains("SET GLOBAL binlog_format=ROW"), e.getMessage());

        db.execute("SET GLOBAL binlog_format = 'MIXED'");
        SourceDescription mixed = check(SandboxSupport.repl(db), REPLICA_ID);
        assertTrue(mixed.warnings().stream().anyMatch(w -> w.contains("binlog_format=MIXED")), mixed.warnings().toString());
    }

    @Test
    void partialRowImagesAreReported() throws IOException {
        db.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
        SourceDescription d = check(SandboxSupport.repl(db), REPLICA_ID);
        assertFalse(d.fullRowImage());
        assertEquals("MINIMAL", d.rowImage());
        assertTrue(d.warnings().stream().anyMatch(w -> w.contains("binlog_row_image=MINIMAL")), d.warnings().toString());
    }

    @Test
    void missingPrivilegesAreNamedWithTheGrantToRun() {
        PreflightException none = assertThrows(PreflightException.class,
                () -> check(SandboxSupport.builder(db, "plain", "plain-pw").build(), REPLICA_ID));
        assertTrue(none.getMessage().contains("user 'plain'@'%' lacks REPLICATION SLAVE, BINLOG MONITOR"),
                none.getMessage());
        assertTrue(none.getMessage().contains("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'plain'@'%'"),
                none.getMessage());

        PreflightException half = assertThrows(PreflightException.class,
                () -> check(SandboxSupport.builder(db, "halfway", "halfway-pw").build(), REPLICA_ID));
        assertTrue(half.getMessage().contains("lacks BINLOG MONITOR"), half.getMessage());
        assertFalse(half.getMessage().contains("REPLICATION SLAVE,"), half.getMessage());
    }

    @Test
    void theSourcesOwnServerIdIsRefused() {
        PreflightException e = assertThrows(PreflightException.class, () -> check(SandboxSupport.repl(db), 7));
        assertTrue(e.getMessage().contains("replica server id 7 is the source's own server_id"), e.getMessage());
    }

    @Test
    void aServerIdUsedByAnotherConnectedReplicaIsRefused() throws Exception {
        long otherReplica = 6001;
        try (MysqlConnection other = MysqlConnection.open(SandboxSupport.repl(db))) {
            ReplicaSettings settings = ReplicaSettings.defaults(otherReplica).withReport("other-host", 3307);
            BinlogDump dump = BinlogDump.start(other, settings,
                    ResumePoint.file(new BinlogPosition(db.binlogStatus().file(), db.binlogStatus().position())),
                    BinlogDump.Mode.BLOCKING, true);
            assertTrue(Await.poll(Duration.ofSeconds(10), () -> slaveHostsMention(otherReplica)),
                    "the other replica shows in SHOW SLAVE HOSTS");

            PreflightException e = assertThrows(PreflightException.class,
                    () -> check(SandboxSupport.admin(db), otherReplica));
            assertTrue(e.getMessage().contains("replica server id 6001 is already used by a replica connected to "
                    + db.host() + ":" + db.port() + " (host 'other-host', port 3307)"), e.getMessage());
            // A node taking over a destination reports the same host: its predecessor's registration is a warning.
            try (MysqlConnection c = MysqlConnection.open(SandboxSupport.admin(db))) {
                SourceDescription takeover = new SourcePreflight(otherReplica, "other-host").check(c);
                assertTrue(takeover.warnings().stream().anyMatch(w -> w.contains("most likely our own earlier")),
                        takeover.warnings().toString());
            }
            assertTrue(check(SandboxSupport.admin(db), otherReplica + 1).warnings().isEmpty(), "a free id passes");
            dump.close();
        }
    }

    private static boolean slaveHostsMention(long serverId) {
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.admin(db))) {
            return c.query("SHOW SLAVE HOSTS").rows().stream()
                    .anyMatch(r -> r.get("Server_id").equals(Long.toString(serverId)));
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void binaryLoggingOffIsAProblemWithTheFix() throws IOException {
        try (MariaDbSandbox noBinlog = MariaDbSandbox.launch(MariaDbOptions.builder().extraFlags("--skip-log-bin").build())) {
            PreflightException e = assertThrows(PreflightException.class,
                    () -> check(SandboxSupport.repl(noBinlog), REPLICA_ID));
            assertTrue(e.getMessage().contains("binary logging is off on " + noBinlog.host() + ":" + noBinlog.port()
                    + " (log_bin=OFF)"), e.getMessage());
            assertTrue(e.getMessage().contains("--log-bin"), e.getMessage());
        }
    }
}
