package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;

/** Lookups by source position, commit time and GTID, checked against a plain list of what was appended. */
class EventLogLookupTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final int SEGMENT_BYTES = 2048;
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @TempDir
    Path dir;

    private static EventLogConfig small() {
        return new EventLogConfig(SEGMENT_BYTES, Long.MAX_VALUE, new SegmentConfig(256, 1 << 20, CLOCK));
    }

    /** What one appended record carried. */
    private record Appended(long sequence, int flags, long commitTime, BinlogPosition position, String gtid) {
    }

    /**
     * Appends {@code transactions} transactions of 1 to 4 records. Offsets rise by at least 2 (so there is room
     * between records), the binlog file changes now and then, and the records of a transaction share its commit
     * time, which rises by 0 to 2 ms between transactions. Even transactions carry a MariaDB GTID, odd ones a
     * MySQL one, on every record of the transaction.
     */
    private static List<Appended> append(EventLog eventLog, int transactions, Random random) throws IOException {
        List<Appended> appended = new ArrayList<>();
        int file = 1;
        long offset = 4;
        long time = 1_600_000_000_000L;
        for (int tx = 0; tx < transactions; tx++) {
            if (random.nextInt(10) == 0) {
                file++;
                offset = 4;
            }
            time += random.nextInt(3);
            String gtid = tx % 2 == 0 ? "0-1-" + (tx + 1) : UUID + ":" + (tx + 1);
            int records = 1 + random.nextInt(4);
            for (int i = 0; i < records; i++) {
                int flags = (i == 0 ? StoreRecord.TX_BEGIN : 0) | (i == records - 1 ? StoreRecord.TX_END : 0);
                offset += 2 + random.nextInt(50);
                BinlogPosition position = new BinlogPosition(String.format("mysql-bin.%06d", file), offset);
                byte[] payload = new byte[random.nextInt(120)];
                random.nextBytes(payload);
                long sequence = eventLog.append(flags, time, position, gtid, ByteBuffer.wrap(payload));
                appended.add(new Appended(sequence, flags, time, position, gtid));
            }
        }
        return appended;
    }

    private static OptionalLong expectedByPosition(List<Appended> model, BinlogPosition position) {
        return model.stream().filter(a -> a.position().compareTo(position) >= 0).mapToLong(Appended::sequence)
                .findFirst();
    }

    private static OptionalLong expectedByTime(List<Appended> model, long time) {
        return model.stream().filter(a -> a.commitTime() >= time).mapToLong(Appended::sequence).findFirst();
    }

    private static OptionalLong expectedByGtid(List<Appended> model, String gtid) {
        return model.stream().filter(a -> (a.flags() & StoreRecord.TX_BEGIN) != 0 && a.gtid().equals(gtid))
                .mapToLong(Appended::sequence).findFirst();
    }

    /** Every lookup form before the first record, on every record, between records and after the last. */
    private static void assertLookups(EventLog eventLog, List<Appended> model) throws IOException {
        Appended first = model.get(0);
        Appended last = model.get(model.size() - 1);

        // before the first record
        assertEquals(OptionalLong.of(first.sequence()),
                eventLog.findByPosition(first.position().withOffset(first.position().offset() - 1)));
        assertEquals(OptionalLong.of(first.sequence()),
                eventLog.findByPosition(new BinlogPosition("mysql-bin.000000", 4)));
        assertEquals(OptionalLong.of(first.sequence()), eventLog.findByCommitTime(first.commitTime() - 1));
        assertEquals(OptionalLong.of(first.sequence()), eventLog.findByCommitTime(Long.MIN_VALUE));

        for (int i = 0; i < model.size(); i++) {
            Appended record = model.get(i);
            // exactly on a record
            assertEquals(OptionalLong.of(record.sequence()), eventLog.findByPosition(record.position()),
                    "position of " + record);
            assertEquals(expectedByTime(model, record.commitTime()), eventLog.findByCommitTime(record.commitTime()),
                    "commit time of " + record);
            // between this record and the next (offsets differ by at least 2 within a file)
            BinlogPosition between = record.position().withOffset(record.position().offset() + 1);
            assertEquals(expectedByPosition(model, between), eventLog.findByPosition(between), "after " + record);
            assertEquals(expectedByTime(model, record.commitTime() + 1),
                    eventLog.findByCommitTime(record.commitTime() + 1), "time after " + record);
            if ((record.flags() & StoreRecord.TX_BEGIN) != 0) {
                assertEquals(OptionalLong.of(record.sequence()), eventLog.findByGtid(record.gtid()),
                        "GTID of " + record);
                assertEquals(OptionalLong.of(record.sequence()), eventLog.findByGtid(" " + record.gtid() + "\n"));
            }
        }
        // the end of a file with more files after it lands on the next file's first record
        for (int i = 1; i < model.size(); i++) {
            Appended previous = model.get(i - 1);
            if (!previous.position().file().equals(model.get(i).position().file())) {
                assertEquals(OptionalLong.of(model.get(i).sequence()),
                        eventLog.findByPosition(previous.position().withOffset(Long.MAX_VALUE)));
            }
        }

        // after the last record
        assertEquals(OptionalLong.empty(),
                eventLog.findByPosition(last.position().withOffset(last.position().offset() + 1)));
        assertEquals(OptionalLong.empty(), eventLog.findByPosition(new BinlogPosition("mysql-bin.999999", 4)));
        assertEquals(OptionalLong.empty(), eventLog.findByCommitTime(last.commitTime() + 1));
        assertEquals(OptionalLong.empty(), eventLog.findByCommitTime(Long.MAX_VALUE));

        // GTIDs that are not there, or not as the text of a transaction's first record
        assertEquals(OptionalLong.empty(), eventLog.findByGtid("0-1-" + (model.size() * 10)));
        assertEquals(OptionalLong.empty(), eventLog.findByGtid("0-1-1-"));
        assertEquals(OptionalLong.empty(), eventLog.findByGtid(UUID + ":1-2"));
        assertEquals(expectedByGtid(model, "0-1-1"), eventLog.findByGtid("0-1-1"));
    }

    @Test
    void everyLookupAcrossSeveralSegments() throws IOException {
        List<Appended> model;
        try (EventLog eventLog = EventLog.open(dir, small())) {
            model = append(eventLog, 150, new Random(11));
            assertTrue(eventLog.segmentCount() >= 5, "segments: " + eventLog.segmentCount());
            assertLookups(eventLog, model);
        }
        // the same after reopening, when indexes and ends come from the files
        try (EventLog eventLog = EventLog.open(dir, small())) {
            assertLookups(eventLog, model);
        }
    }

    @Test
    void severalSeeds() throws IOException {
        for (int seed = 0; seed < 5; seed++) {
            Path logDir = dir.resolve("seed-" + seed);
            try (EventLog eventLog = EventLog.open(logDir, small())) {
                List<Appended> model = append(eventLog, 40 + seed * 20, new Random(100 + seed));
                assertLookups(eventLog, model);
            }
        }
    }

    @Test
    void singleRecordLog() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, small())) {
            List<Appended> model = append(eventLog, 1, new Random(3));
            assertLookups(eventLog, model);
        }
    }

    @Test
    void emptyLogFindsNothing() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, small())) {
            assertEquals(OptionalLong.empty(), eventLog.findByPosition(new BinlogPosition("mysql-bin.000001", 4)));
            assertEquals(OptionalLong.empty(), eventLog.findByCommitTime(Long.MIN_VALUE));
            assertEquals(OptionalLong.empty(), eventLog.findByCommitTime(0));
            assertEquals(OptionalLong.empty(), eventLog.findByGtid("0-1-1"));
            assertEquals(OptionalLong.empty(), eventLog.findByGtid(UUID + ":1"));
        }
    }

    @Test
    void emptyLastSegmentAfterTruncationIsSkipped() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, small())) {
            List<Appended> model = append(eventLog, 100, new Random(5));
            assertTrue(eventLog.segmentCount() >= 3);
            long lastBase = SegmentFiles.listSegments(dir).get(eventLog.segmentCount() - 1);
            eventLog.truncateFrom(lastBase);
            List<Appended> kept = model.subList(0, (int) lastBase);
            assertLookups(eventLog, kept);
            Appended dropped = model.get((int) lastBase);
            assertEquals(OptionalLong.empty(), eventLog.findByPosition(dropped.position()));
            assertEquals(expectedByGtid(kept, dropped.gtid()), eventLog.findByGtid(dropped.gtid()));
        }
    }

    @Test
    void gtidOnlyOnAMiddleRecordIsNotATransactionStart() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, small())) {
            BinlogPosition position = new BinlogPosition("mysql-bin.000001", 4);
            eventLog.append(StoreRecord.TX_BEGIN, 1, position, "0-1-1", ByteBuffer.allocate(0));
            eventLog.append(0, 1, position.withOffset(10), "0-1-2", ByteBuffer.allocate(0));
            eventLog.append(StoreRecord.TX_END, 1, position.withOffset(20), "0-1-2", ByteBuffer.allocate(0));
            eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 2, position.withOffset(30), "0-1-2",
                    ByteBuffer.allocate(0));
            assertEquals(OptionalLong.of(0), eventLog.findByGtid("0-1-1"));
            assertEquals(OptionalLong.of(3), eventLog.findByGtid("0-1-2"));
            assertThrows(IllegalArgumentException.class, () -> eventLog.findByGtid("  "));
        }
    }

    @Test
    void lookupsOnAClosedLogFail() throws IOException {
        EventLog eventLog = EventLog.open(dir, small());
        eventLog.close();
        assertThrows(IllegalStateException.class,
                () -> eventLog.findByPosition(new BinlogPosition("mysql-bin.000001", 4)));
        assertThrows(IllegalStateException.class, () -> eventLog.findByCommitTime(0));
        assertThrows(IllegalStateException.class, () -> eventLog.findByGtid("0-1-1"));
    }
}
