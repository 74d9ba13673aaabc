package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.testkit.Await;
import io.sluice.testkit.MariaDbSandbox;

/** Asking for binlog the source no longer has (or never had) fails at once, saying what it has instead. */
class BinlogUnavailableIT {
    private static final ReplicaSettings REPLICA = ReplicaSettings.defaults(3101)
            .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static MariaDbSandbox db;

    /**
     * MariaDB keeps a file until its binlog checkpoint (written in the background after FLUSH) has moved on, and
     * PURGE silently skips files it still needs; so purge until the first two files are really gone.
     */
    @BeforeAll
    static void purgeTheFirstFiles() {
        db = MariaDbSandbox.launch();
        db.execute("FLUSH BINARY LOGS", "FLUSH BINARY LOGS");
        boolean purged = Await.poll(Duration.ofSeconds(20), () -> {
            db.execute("PURGE BINARY LOGS TO 'mysql-bin.000003'");
            try {
                return SandboxSupport.binlogFiles(db).get(0).equals("mysql-bin.000003");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(purged, "PURGE BINARY LOGS removed mysql-bin.000001 and 000002");
    }

    @AfterAll
    static void stopDb() {
        db.close();
    }

    private static BinlogUnavailableException dumpFails(ResumePoint from) throws IOException {
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.repl(db))) {
            BinlogDump dump = BinlogDump.start(c, REPLICA, from, BinlogDump.Mode.BLOCKING, true);
            return assertThrows(BinlogUnavailableException.class, dump::next);
        }
    }

    @Test
    void aPurgedFileNamesTheOldestRemaining() throws IOException {
        BinlogUnavailableException e = dumpFails(ResumePoint.file(new BinlogPosition("mysql-bin.000001", 4)));
        assertEquals(BinlogUnavailableException.Reason.FILE_MISSING, e.reason());
        assertEquals(1236, e.code());
        assertEquals("mysql-bin.000003", e.oldestAvailable().orElseThrow().name());
        assertTrue(e.getMessage().startsWith("binlog file mysql-bin.000001 is not on the source " + db.host() + ":"
                + db.port() + " any more (purged?); the oldest is mysql-bin.000003"), e.getMessage());
        assertTrue(e.getMessage().contains("restart from mysql-bin.000003:4, or reset the cursor"), e.getMessage());
    }

    @Test
    void aPositionPastTheEndOfAFileIsNamedWithItsSize() throws IOException {
        BinlogStatus status = BinlogStatus.of(db);
        BinlogUnavailableException e = dumpFails(ResumePoint.file(new BinlogPosition(status.file, 99_999)));
        assertEquals(BinlogUnavailableException.Reason.POSITION_PAST_END, e.reason());
        assertTrue(e.getMessage().contains("position " + status.file + ":99999 is past the end"), e.getMessage());
        assertTrue(e.getMessage().contains("its size is " + status.position + " bytes"), e.getMessage());
    }

    @Test
    void openingAStreamAtAPurgedPositionFailsInTheCallersThread() {
        BinlogStreamConfig config = BinlogStreamConfig.of(SandboxSupport.repl(db), REPLICA);
        BinlogUnavailableException e = assertThrows(BinlogUnavailableException.class, () -> BinlogStream.open(config,
                ResumePoint.file(new BinlogPosition("mysql-bin.000002", 4))));
        assertTrue(e.getMessage().contains("the oldest is mysql-bin.000003"), e.getMessage());
    }

    /** The sandbox's status in two fields. */
    private record BinlogStatus(String file, long position) {
        static BinlogStatus of(MariaDbSandbox db) {
            return new BinlogStatus(db.binlogStatus().file(), db.binlogStatus().position());
        }
    }
}
