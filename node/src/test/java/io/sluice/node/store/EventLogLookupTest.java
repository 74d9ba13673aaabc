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

/** Lookups by source position, commit time and executed GTID state, checked against a list of what was appended. */
class EventLogLookupTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final int SEGMENT_BYTES = 2048;
    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

    @TempDir
    Path dir;

    private static EventLogConfig small() {
        return new EventLogConfig(SEGMENT_BYTES, Long.MAX_VALUE, new SegmentConfig(256, 1 << 20, CLOCK));
    }

    private static final String OTHER_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429563";

    /**
     * What one appended record carried. The source has two GTID sources (MySQL server UUIDs or MariaDB domains);
     * {@code executed0} and {@code executed1} count the transactions each has executed after this record's.
     */
    private record Appended(long sequence, int flags, long commitTime, BinlogPosition position, String gtid,
            long executed0, long executed1) {
    }

    /** The executed GTID state after {@code first} and {@code second} transactions of the two sources. */
    private static String gtidState(boolean mysql, long first, long second) {
        List<String> parts = new ArrayList<>();
        if (first > 0) {
            parts.add(mysql ? UUID + ":1-" + first : "0-1-" + first);
        }
        if (second > 0) {
            parts.add(mysql ? OTHER_UUID + ":1-" + second : "1-2-" + second);
        }
        return String.join(",", parts);
    }

    /**
     * Appends {@code transactions} transactions of 1 to 4 records. Offsets rise by at least 2 (so there is room
     * between records), the binlog file changes now and then, and the records of a transaction share its commit
     * time, which rises by 0 to 2 ms between transactions. Each transaction comes from one of two GTID sources,
     * MySQL or MariaDB as {@code mysql} says, and every record of it carries the executed state after it.
     */
    private static List<Appended> append(EventLog eventLog, int transactions, Random random) throws IOException {
        return append(eventLog, transactions, random, random.nextBoolean());
    }

    private static List<Appended> append(EventLog eventLog, int transactions, Random random, boolean mysql)
            throws IOException {
        List<Appended> appended = new ArrayList<>();
        int file = 1;
        long offset = 4;
        long time = 1_600_000_000_000L;
        long executed0 = 0;
        long executed1 = 0;
        for (int tx = 0; tx < transactions; tx++) {
            if (random.nextInt(10) == 0) {
                file++;
                offset = 4;
            }
            time += random.nextInt(3);
            if (random.nextInt(3) == 0) {
                executed1++;
            } else {
                executed0++;
            }
            String gtid = gtidState(mysql, executed0, executed1);
            int records = 1 + random.nextInt(4);
            for (int i = 0; i < records; i++) {
                int flags = (i == 0 ? StoreRecord.TX_BEGIN : 0) | (i == records - 1 ? StoreRecord.TX_END : 0);
                offset += 2 + random.nextInt(50);
                BinlogPosition position = new BinlogPosition(String.format("mysql-bin.%06d", file), offset);
                byte[] payload = new byte[random.nextInt(120)];
                random.nextBytes(payload);
                long sequence = eventLog.append(flags, time, position, gtid, ByteBuffer.wrap(payload));
                appended.add(new Appended(sequence, flags, time, position, gtid, executed0, executed1));
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

    /** The first record a client that executed this many transactions of each source has not executed. */
    private static OptionalLong expectedAfterGtids(List<Appended> model, long executed0, long executed1) {
        return model.stream().filter(a -> a.executed0() > executed0 || a.executed1() > executed1)
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
                // A client that executed everything before this transaction resumes at its first record.
                String before = i == 0 ? "" : model.get(i - 1).gtid();
                assertEquals(OptionalLong.of(record.sequence()), eventLog.findAfterGtidSet(before),
                        "after '" + before + "', " + record);
                assertEquals(OptionalLong.of(record.sequence()), eventLog.findAfterGtidSet(" " + before + "\n"));
            }
            // A client that executed this record's state resumes after its transaction.
            assertEquals(expectedAfterGtids(model, record.executed0(), record.executed1()),
                    eventLog.findAfterGtidSet(record.gtid()), "after the state of " + record);
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

        // Client states that are ahead in one source and behind in the other, or ahead of the log in both.
        boolean mysql = last.gtid().contains(":");
        Random random = new Random(model.size());
        for (int i = 0; i < 50; i++) {
            long executed0 = random.nextInt((int) last.executed0() + 2);
            long executed1 = random.nextInt((int) last.executed1() + 2);
            assertEquals(expectedAfterGtids(model, executed0, executed1),
                    eventLog.findAfterGtidSet(gtidState(mysql, executed0, executed1)),
                    "after " + executed0 + " and " + executed1 + " transactions");
        }
        assertEquals(OptionalLong.empty(), eventLog.findAfterGtidSet(gtidState(mysql, 1_000_000, 1_000_000)));
        // The other flavour's text is refused, naming both.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> eventLog.findAfterGtidSet(mysql ? "0-1-5" : UUID + ":1-5"));
        assertTrue(e.getMessage().contains("MySQL GTID set") && e.getMessage().contains("MariaDB GTID position"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> eventLog.findAfterGtidSet("0-1"));
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
            assertEquals(OptionalLong.empty(), eventLog.findAfterGtidSet("0-1-1"));
            assertEquals(OptionalLong.empty(), eventLog.findAfterGtidSet(UUID + ":1"));
            assertEquals(OptionalLong.empty(), eventLog.findAfterGtidSet(""));
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
            Appended lastKept = kept.get(kept.size() - 1);
            assertEquals(OptionalLong.empty(), eventLog.findAfterGtidSet(lastKept.gtid()));
        }
    }

    @Test
    void bothFlavoursAcrossSeveralSegments() throws IOException {
        for (boolean mysql : new boolean[] {true, false}) {
            try (EventLog eventLog = EventLog.open(dir.resolve("mysql-" + mysql), small())) {
                List<Appended> model = append(eventLog, 120, new Random(7), mysql);
                assertTrue(eventLog.segmentCount() >= 4, "segments: " + eventLog.segmentCount());
                assertLookups(eventLog, model);
            }
        }
    }

    @Test
    void mariaDbSequencesCompareByDomainNotByServer() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, small())) {
            BinlogPosition position = new BinlogPosition("mysql-bin.000001", 4);
            eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 1, position, "", ByteBuffer.allocate(0));
            eventLog.append(StoreRecord.TX_BEGIN, 1, position.withOffset(10), "0-1-9", ByteBuffer.allocate(0));
            eventLog.append(StoreRecord.TX_END, 1, position.withOffset(20), "0-1-9", ByteBuffer.allocate(0));
            // A failover to server 2 continues domain 0; sequence numbers above 2^63 are unsigned.
            eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 2, position.withOffset(30),
                    "0-2-10", ByteBuffer.allocate(0));
            eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 3, position.withOffset(40),
                    "0-2-18446744073709551615", ByteBuffer.allocate(0));
            // Records without GTIDs are covered by anything; an empty client state starts at the first GTID.
            assertEquals(OptionalLong.of(1), eventLog.findAfterGtidSet(""));
            assertEquals(OptionalLong.of(3), eventLog.findAfterGtidSet("0-7-9"));
            assertEquals(OptionalLong.of(4), eventLog.findAfterGtidSet("0-1-10,5-5-5"));
            assertEquals(OptionalLong.empty(), eventLog.findAfterGtidSet("0-2-18446744073709551615"));
            assertEquals(OptionalLong.of(1), eventLog.findAfterGtidSet("1-1-100"));
        }
    }

    @Test
    void lookupsOnAClosedLogFail() throws IOException {
        EventLog eventLog = EventLog.open(dir, small());
        eventLog.close();
        assertThrows(IllegalStateException.class,
                () -> eventLog.findByPosition(new BinlogPosition("mysql-bin.000001", 4)));
        assertThrows(IllegalStateException.class, () -> eventLog.findByCommitTime(0));
        assertThrows(IllegalStateException.class, () -> eventLog.findAfterGtidSet("0-1-1"));
    }
}
