package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.EventType;

/**
 * The search logic over a scripted probe: three binlog files opened at t=1000, 2000 and 3000, each with two
 * transactions (GTID, TABLE_MAP, WRITE_ROWS, XID), events 100 bytes apart.
 */
class TimestampLocatorTest {

    /** file -> its events, each with (type, timestamp); positions follow from the order. */
    private final Map<String, List<long[]>> files = new LinkedHashMap<>();
    private final List<String> probedHeads = new ArrayList<>();

    TimestampLocatorTest() {
        files.put("bin.000001", transactions(1000, 1010, 1020));
        files.put("bin.000002", transactions(2000, 2010, 2020));
        files.put("bin.000003", transactions(3000, 3010, 3020));
    }

    /** FDE at {@code opened}, then two transactions whose events carry t1 and t2 (commit one second later). */
    private static List<long[]> transactions(long opened, long t1, long t2) {
        int gtid = EventType.MARIADB_GTID.code();
        int map = EventType.TABLE_MAP.code();
        int rows = EventType.WRITE_ROWS_V1.code();
        int xid = EventType.XID.code();
        return List.of(new long[] {EventType.FORMAT_DESCRIPTION.code(), opened},
                new long[] {EventType.MARIADB_GTID_LIST.code(), opened},
                new long[] {gtid, t1}, new long[] {map, t1}, new long[] {rows, t1}, new long[] {xid, t1 + 1},
                new long[] {gtid, t2}, new long[] {map, t2}, new long[] {rows, t2}, new long[] {xid, t2 + 1});
    }

    private ResumePoint.AtFile locate(long epochSecond) throws IOException {
        return new TimestampLocator(new ScriptedProbe()).locate(Instant.ofEpochSecond(epochSecond));
    }

    /** Events of a file are at 4, 104, 204, ...: event i starts at 4 + 100 i. */
    private static BinlogPosition at(String file, int eventIndex) {
        return new BinlogPosition(file, 4 + 100L * eventIndex);
    }

    @Test
    void findsTheFirstTransactionCommittedAtOrAfterTheTime() throws IOException {
        assertEquals(at("bin.000002", 2), locate(2000).position(), "first transaction of the second file");
        assertEquals(at("bin.000002", 6), locate(2015).position(), "second transaction of the second file");
        assertEquals(at("bin.000002", 6), locate(2021).position(), "committed at 2021 (its XID), so it counts");
        assertEquals(at("bin.000003", 2), locate(2022).position(), "nothing left in file 2: the next file");
        assertEquals(at("bin.000001", 2), locate(5).position(), "before everything: the oldest transaction");
    }

    @Test
    void searchesFilesByTheirFirstEventRatherThanScanningThemAll() throws IOException {
        locate(3015);
        assertTrue(probedHeads.size() <= 2, "binary search over 3 files probes at most 2 heads: " + probedHeads);
    }

    @Test
    void aTimeAfterTheLastCommitGivesTheEndOfTheBinlog() throws IOException {
        assertEquals(new BinlogPosition("bin.000003", 4 + 100L * 10), locate(9999).position());
    }

    @Test
    void eventsOutsideAnyTransactionMeanNoGtidEvents() {
        files.clear();
        files.put("old.000001", List.of(new long[] {EventType.FORMAT_DESCRIPTION.code(), 10},
                new long[] {EventType.QUERY.code(), 20}));
        MysqlException e = assertThrows(MysqlException.class, () -> locate(15));
        assertTrue(e.getMessage().contains("needs GTID or anonymous GTID events"), e.getMessage());
    }

    /** Serves the scripted files the way a non-blocking dump would: a fake rotate, then every event to the end. */
    private final class ScriptedProbe implements TimestampLocator.BinlogProbe {
        @Override
        public String source() {
            return "scripted:1";
        }

        @Override
        public List<BinlogFile> files() {
            List<BinlogFile> list = new ArrayList<>();
            files.forEach((name, events) -> list.add(new BinlogFile(name, 4 + 100L * events.size())));
            return list;
        }

        @Override
        public long firstEventTimestamp(String file) {
            probedHeads.add(file);
            return files.get(file).get(0)[1];
        }

        @Override
        public TimestampLocator.EventSource scanFrom(String file) throws IOException {
            List<RawBinlogEvent> events = new ArrayList<>();
            PositionTracker tracker = new PositionTracker(null, "scripted:1");
            boolean started = false;
            for (Map.Entry<String, List<long[]>> entry : files.entrySet()) {
                if (!started && !entry.getKey().equals(file)) {
                    continue;
                }
                byte[] rotate = TestEvents.rotate(entry.getKey(), 4, !started, true);
                if (!started) {
                    events.add(event(rotate, tracker));
                }
                started = true;
                long pos = 4;
                for (long[] e : entry.getValue()) {
                    pos += 100;
                    byte[] bytes = TestEvents.event(EventType.ofCode((int) e[0]), e[1], pos, 0, new byte[100 - 23], true);
                    events.add(event(bytes, tracker));
                }
                String next = nextFile(entry.getKey());
                if (next != null) {
                    byte[] realRotate = TestEvents.rotate(next, 4, false, true);
                    events.add(event(realRotate, tracker));
                }
            }
            Iterator<RawBinlogEvent> it = events.iterator();
            return new TimestampLocator.EventSource() {
                @Override
                public RawBinlogEvent next() {
                    return it.hasNext() ? it.next() : null;
                }

                @Override
                public void close() {
                }
            };
        }

        private RawBinlogEvent event(byte[] bytes, PositionTracker tracker) throws MysqlProtocolException {
            PositionTracker.Span span = tracker.advance(bytes);
            return new RawBinlogEvent(bytes, span.start(), span.next());
        }

        private String nextFile(String file) {
            boolean found = false;
            for (String name : files.keySet()) {
                if (found) {
                    return name;
                }
                found = name.equals(file);
            }
            return null;
        }
    }
}
