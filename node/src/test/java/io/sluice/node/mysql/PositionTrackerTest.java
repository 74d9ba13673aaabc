package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventType;

class PositionTrackerTest {

    @Test
    void rotateNamesTheFileWithOrWithoutChecksum() throws MysqlProtocolException {
        PositionTracker tracker = new PositionTracker(null, "test:1");
        assertNull(tracker.current());
        assertEquals(BinlogPosition.parse("mysql-bin.000007:4"),
                tracker.advance(TestEvents.rotate("mysql-bin.000007", 4, true, true)).next());
        assertEquals(BinlogPosition.parse("mysql-bin.000008:4"),
                tracker.advance(TestEvents.rotate("mysql-bin.000008", 4, false, false)).next());
    }

    @Test
    void realEventsAdvanceToTheirLogPosition() throws MysqlProtocolException {
        PositionTracker tracker = new PositionTracker(BinlogPosition.parse("mysql-bin.000001:4"), "test:1");
        assertEquals(BinlogPosition.parse("mysql-bin.000001:256"),
                tracker.advance(TestEvents.plain(EventType.FORMAT_DESCRIPTION, 1, 256)).next());
        assertEquals(BinlogPosition.parse("mysql-bin.000001:300"),
                tracker.advance(TestEvents.plain(EventType.MARIADB_GTID, 1, 300)).next());
    }

    @Test
    void artificialEventsHeartbeatsAndZeroPositionsLeaveThePositionAlone() throws MysqlProtocolException {
        PositionTracker tracker = new PositionTracker(BinlogPosition.parse("mysql-bin.000001:1000"), "test:1");
        BinlogPosition unchanged = BinlogPosition.parse("mysql-bin.000001:1000");
        assertEquals(new PositionTracker.Span(unchanged, unchanged),
                tracker.advance(TestEvents.plain(EventType.FORMAT_DESCRIPTION, 1, 0)));
        assertEquals(new PositionTracker.Span(unchanged, unchanged),
                tracker.advance(TestEvents.plain(EventType.HEARTBEAT, 1, 5000)));
        assertEquals(new PositionTracker.Span(unchanged, unchanged), tracker.advance(
                TestEvents.event(EventType.MARIADB_GTID_LIST, 1, 777, EventHeader.FLAG_ARTIFICIAL, new byte[4], true)));
    }

    /** An event of the file starts at its log position minus its size, even if the source left events out. */
    @Test
    void realEventsStartAtTheirLogPositionMinusTheirSize() throws MysqlProtocolException {
        PositionTracker tracker = new PositionTracker(BinlogPosition.parse("mysql-bin.000001:100"), "test:1");
        byte[] event = TestEvents.plain(EventType.TABLE_MAP, 1, 500); // 31 bytes, ends at 500
        PositionTracker.Span span = tracker.advance(event);
        assertEquals(BinlogPosition.parse("mysql-bin.000001:" + (500 - event.length)), span.start());
        assertEquals(BinlogPosition.parse("mysql-bin.000001:500"), span.next());
        PositionTracker gtidDump = new PositionTracker(null, "test:1");
        PositionTracker.Span rotate = gtidDump.advance(TestEvents.rotate("mysql-bin.000009", 4, true, true));
        assertEquals(rotate.next(), rotate.start(), "the opening ROTATE of a GTID dump stands where it points");
    }

    @Test
    void eventsMustMatchTheirDeclaredSize() {
        PositionTracker tracker = new PositionTracker(BinlogPosition.parse("mysql-bin.000001:4"), "db:3306");
        byte[] event = TestEvents.plain(EventType.XID, 1, 100);
        MysqlProtocolException e = assertThrows(MysqlProtocolException.class,
                () -> tracker.advance(Arrays.copyOf(event, event.length - 1)));
        assertTrue(e.getMessage().contains("says it is " + event.length + " bytes"), e.getMessage());
        e = assertThrows(MysqlProtocolException.class, () -> tracker.advance(new byte[10]));
        assertTrue(e.getMessage().contains("shorter than the 19-byte header"), e.getMessage());
    }

    @Test
    void aGtidDumpNeedsItsRotateFirst() {
        PositionTracker tracker = new PositionTracker(null, "db:3306");
        MysqlProtocolException e = assertThrows(MysqlProtocolException.class,
                () -> tracker.advance(TestEvents.plain(EventType.FORMAT_DESCRIPTION, 1, 256)));
        assertTrue(e.getMessage().contains("before any ROTATE"), e.getMessage());
    }

    @Test
    void checksumDetectionChecksTheCrc() {
        assertTrue(PositionTracker.hasValidChecksum(TestEvents.rotate("f.000001", 4, true, true)));
        assertFalse(PositionTracker.hasValidChecksum(TestEvents.rotate("f.000001", 4, true, false)));
    }
}
