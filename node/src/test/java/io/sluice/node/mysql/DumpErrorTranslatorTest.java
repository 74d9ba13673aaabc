package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.position.MariaDbGtidPosition;

class DumpErrorTranslatorTest {
    private static final List<BinlogFile> FILES = List.of(new BinlogFile("mysql-bin.000005", 1200),
            new BinlogFile("mysql-bin.000006", 900));

    private static MysqlServerException error(String text) {
        return new MysqlServerException("db:3306", 1236, "HY000", text);
    }

    @Test
    void purgedFileNamesTheOldestAndTheWayOut() {
        MysqlServerException e = DumpErrorTranslator.translate(
                error("Could not find first log file name in binary log index file"),
                ResumePoint.file(BinlogPosition.parse("mysql-bin.000002:120")), () -> FILES);
        BinlogUnavailableException unavailable = (BinlogUnavailableException) e;
        assertEquals(BinlogUnavailableException.Reason.FILE_MISSING, unavailable.reason());
        assertEquals("mysql-bin.000005", unavailable.oldestAvailable().orElseThrow().name());
        String m = e.getMessage();
        assertTrue(m.contains("binlog file mysql-bin.000002 is not on the source db:3306 any more (purged?)"), m);
        assertTrue(m.contains("the oldest is mysql-bin.000005"), m);
        assertTrue(m.contains("restart from mysql-bin.000005:4, or reset the cursor"), m);
        assertTrue(m.contains("Could not find first log file name"), "quotes the server: " + m);
    }

    @Test
    void positionPastTheEndGivesTheFileSize() {
        MysqlServerException e = DumpErrorTranslator.translate(error("Client requested master to start replication"
                + " from impossible position; the first event 'mysql-bin.000006' at 99999"),
                ResumePoint.file(BinlogPosition.parse("mysql-bin.000006:99999")), () -> FILES);
        assertEquals(BinlogUnavailableException.Reason.POSITION_PAST_END, ((BinlogUnavailableException) e).reason());
        assertTrue(e.getMessage().contains("position mysql-bin.000006:99999 is past the end"), e.getMessage());
        assertTrue(e.getMessage().contains("its size is 900 bytes"), e.getMessage());
    }

    @Test
    void recognisesGtidAndServerIdCases() {
        assertEquals(BinlogUnavailableException.Reason.GTIDS_PURGED, DumpErrorTranslator.reasonOf("Could not find GTID"
                + " state requested by slave in any binlog files. Probably the slave state is too old and required"
                + " binlog files have been purged."));
        assertEquals(BinlogUnavailableException.Reason.GTIDS_PURGED, DumpErrorTranslator.reasonOf("Cannot replicate"
                + " because the source purged required binary logs."));
        assertEquals(BinlogUnavailableException.Reason.SERVER_ID_IN_USE, DumpErrorTranslator.reasonOf("A slave with"
                + " the same server_uuid/server_id as this slave has connected to the master"));
        assertEquals(BinlogUnavailableException.Reason.GTID_NOT_IN_BINLOG, DumpErrorTranslator.reasonOf("Error:"
                + " connecting slave requested to start from GTID 0-1-99, which is not in the master's binlog"));
        MysqlServerException e = DumpErrorTranslator.translate(error("Could not find GTID state requested by slave"),
                ResumePoint.mariaDbGtids(MariaDbGtidPosition.parse("0-1-5")), () -> FILES);
        assertTrue(e.getMessage().contains("after gtid_pos 0-1-5"), e.getMessage());
    }

    @Test
    void otherErrorsPassThroughAndListingFailuresAreMentioned() {
        MysqlServerException denied = new MysqlServerException("db:3306", 1227, "42000", "Access denied");
        assertSame(denied, DumpErrorTranslator.translate(denied, StartPosition.latest(), () -> FILES));
        MysqlServerException e = DumpErrorTranslator.translate(error("Could not find first log file name"),
                ResumePoint.file(BinlogPosition.parse("a.000001:4")), () -> {
                    throw new IOException("connection refused");
                });
        assertTrue(e.getMessage().contains("could not list the source's binlogs to say more: connection refused"),
                e.getMessage());
    }
}
