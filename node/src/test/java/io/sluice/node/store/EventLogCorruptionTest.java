package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;

/**
 * Damage to a closed log of several segments, then reopening it: flipped bits and truncation in the tail segment
 * (recovery cuts exactly from the damaged record and says so) and in a sealed segment in the middle (the damaged
 * record fails with the file and position, records before it still read, nothing damaged is ever returned), and
 * deleted or garbage index files (rebuilt). Each case runs for many random damage points.
 */
class EventLogCorruptionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final int RECORDS = 240;
    private static final int ROUNDS = 30;

    @TempDir
    Path dir;

    private static EventLogConfig config() {
        return new EventLogConfig(2048, Long.MAX_VALUE, new SegmentConfig(256, 1 << 20, CLOCK),
                DurabilityPolicy.os());
    }

    private static byte[] payload(long sequence) {
        SplittableRandom random = new SplittableRandom(sequence * 31 + 7);
        byte[] bytes = new byte[random.nextInt(150)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Where each record lies: its segment and byte range. */
    private record Placed(long sequence, long base, long position, int size) {
        long end() {
            return position + size;
        }
    }

    /** Writes a fresh log of {@link #RECORDS} records in {@code logDir}; returns where each record went. */
    private static List<Placed> writeLog(Path logDir) throws IOException {
        List<Placed> placed = new ArrayList<>();
        try (EventLog eventLog = EventLog.open(logDir, config())) {
            for (long sequence = 0; sequence < RECORDS; sequence++) {
                eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 1_600_000_000_000L + sequence,
                        new BinlogPosition("mysql-bin.000001", 4 + sequence), "", ByteBuffer.wrap(payload(sequence)));
            }
            List<Long> bases = SegmentFiles.listSegments(logDir);
            assertTrue(bases.size() >= 5, "segments: " + bases);
            for (long sequence = 0; sequence < RECORDS; sequence++) {
                StoreRecord record = eventLog.read(sequence).orElseThrow();
                long base = bases.stream().filter(b -> b <= record.sequence()).reduce((a, b) -> b).orElseThrow();
                placed.add(new Placed(sequence, base, record.filePosition(), record.sizeInBytes()));
            }
        }
        return placed;
    }

    /** A record of the segment starting at {@code base}, drawn from {@code random}. */
    private static Placed randomRecordIn(List<Placed> placed, long base, SplittableRandom random) {
        List<Placed> segment = placed.stream().filter(p -> p.base() == base).toList();
        return segment.get(random.nextInt(segment.size()));
    }

    /** The base of a segment that is neither the first nor the tail, drawn from {@code random}. */
    private static long randomMiddleBase(Path logDir, SplittableRandom random) throws IOException {
        List<Long> bases = SegmentFiles.listSegments(logDir);
        return bases.get(1 + random.nextInt(bases.size() - 2));
    }

    private static void flipBit(Path file, long position, int bit) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ (1 << bit)));
            one.rewind();
            channel.write(one, position);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /** Reads every record up to {@code end} and checks it, expecting a good log. */
    private static void assertAllRead(EventLog eventLog, long end) throws IOException {
        for (long sequence = 0; sequence < end; sequence++) {
            assertArrayEquals(payload(sequence), eventLog.read(sequence).orElseThrow().payloadBytes(),
                    "sequence " + sequence);
        }
        assertTrue(eventLog.read(end).isEmpty());
    }

    @Test
    void flippedBitInTheTailSegmentIsCutFromThatRecordOn() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        for (int round = 0; round < ROUNDS; round++) {
            Path logDir = dir.resolve("round-" + round);
            List<Placed> placed = writeLog(logDir);
            long lastBase = placed.get(RECORDS - 1).base();
            Placed victim = randomRecordIn(placed, lastBase, random);
            // Past the length field: the record's frame stays intact, so the cut count is exact.
            long at = victim.position() + RecordFormat.LENGTH_SIZE
                    + random.nextInt(victim.size() - RecordFormat.LENGTH_SIZE);
            flipBit(SegmentFiles.logFile(logDir, lastBase), at, random.nextInt(8));

            try (EventLog eventLog = EventLog.open(logDir, config())) {
                RecoveryReport report = eventLog.lastRecovery().orElseThrow();
                String context = "flip at " + at + " in " + victim + ": " + report;
                assertTrue(report.truncated(), context);
                assertEquals(victim.position(), report.firstBadPosition(), context);
                assertEquals(victim.position(), report.bytesKept(), context);
                assertEquals(placed.get(RECORDS - 1).end() - victim.position(), report.bytesCut(), context);
                assertEquals(RECORDS - victim.sequence(), report.recordsCut(), context);
                assertEquals(victim.sequence() - lastBase, report.recordsKept(), context);
                assertFalse(report.problem().isEmpty(), context);
                assertEquals(victim.sequence(), eventLog.nextSequence(), context);
                assertAllRead(eventLog, victim.sequence());
                // The log goes on from the cut.
                eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 0, new BinlogPosition("b.000001", 4),
                        "", ByteBuffer.wrap(payload(victim.sequence())));
                assertAllRead(eventLog, victim.sequence() + 1);
            }
        }
    }

    @Test
    void truncatedTailSegmentIsCutToTheLastWholeRecord() throws IOException {
        SplittableRandom random = new SplittableRandom(2);
        for (int round = 0; round < ROUNDS; round++) {
            Path logDir = dir.resolve("round-" + round);
            List<Placed> placed = writeLog(logDir);
            long lastBase = placed.get(RECORDS - 1).base();
            Placed torn = randomRecordIn(placed, lastBase, random);
            long cut = torn.position() + 1 + random.nextInt(torn.size() - 1);
            truncate(SegmentFiles.logFile(logDir, lastBase), cut);

            try (EventLog eventLog = EventLog.open(logDir, config())) {
                RecoveryReport report = eventLog.lastRecovery().orElseThrow();
                String context = "cut at " + cut + " in " + torn + ": " + report;
                assertEquals(torn.position(), report.bytesKept(), context);
                assertEquals(cut - torn.position(), report.bytesCut(), context);
                assertEquals(1, report.recordsCut(), context);
                assertEquals(torn.position(), report.firstBadPosition(), context);
                assertEquals(torn.sequence(), eventLog.nextSequence(), context);
                assertEquals(torn.position(), Files.size(SegmentFiles.logFile(logDir, lastBase)), context);
                assertAllRead(eventLog, torn.sequence());
            }
        }
    }

    @Test
    void flippedBitInASealedMiddleSegmentIsReportedAndNeverServed() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < ROUNDS; round++) {
            Path logDir = dir.resolve("round-" + round);
            List<Placed> placed = writeLog(logDir);
            long base = randomMiddleBase(logDir, random);
            Placed victim = randomRecordIn(placed, base, random);
            long at = victim.position() + random.nextInt(victim.size());
            Path file = SegmentFiles.logFile(logDir, base);
            flipBit(file, at, random.nextInt(8));

            try (EventLog eventLog = EventLog.open(logDir, config())) {
                String context = "flip at " + at + " in " + victim;
                assertFalse(eventLog.lastRecovery().orElseThrow().truncated(), "the tail is intact");
                assertEquals(RECORDS, eventLog.nextSequence());
                CorruptRecordException e = assertThrows(CorruptRecordException.class,
                        () -> eventLog.read(victim.sequence()), context);
                assertEquals(file, e.file(), context);
                assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("position"),
                        e.getMessage());
                // Before the damaged record, everything reads; after it, a record reads correctly or fails, naming
                // this file (a read may have to step over the damaged record).
                for (long sequence = 0; sequence < RECORDS; sequence++) {
                    if (sequence < victim.sequence() || placed.get((int) sequence).base() != base) {
                        assertArrayEquals(payload(sequence), eventLog.read(sequence).orElseThrow().payloadBytes(),
                                context + ", sequence " + sequence);
                    } else if (sequence > victim.sequence()) {
                        try {
                            Optional<StoreRecord> record = eventLog.read(sequence);
                            assertArrayEquals(payload(sequence), record.orElseThrow().payloadBytes(),
                                    context + ", sequence " + sequence);
                        } catch (CorruptRecordException later) {
                            assertEquals(file, later.file(), later.getMessage());
                        }
                    }
                }
                // A tailing reader stops at the damaged record with the same error.
                EventLog.LogReader reader = eventLog.reader(base);
                for (long sequence = base; sequence < victim.sequence(); sequence++) {
                    assertEquals(sequence, reader.next(0, TimeUnit.MILLISECONDS).sequence());
                }
                assertThrows(CorruptRecordException.class, () -> reader.next(0, TimeUnit.MILLISECONDS), context);
            }
        }
    }

    @Test
    void truncatedSealedMiddleSegmentFailsPastItsGoodRecordsAndTheRestReads() throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        for (int round = 0; round < ROUNDS; round++) {
            Path logDir = dir.resolve("round-" + round);
            List<Placed> placed = writeLog(logDir);
            long base = randomMiddleBase(logDir, random);
            Placed torn = randomRecordIn(placed, base, random);
            long cut = torn.position() + random.nextInt(torn.size());
            Path file = SegmentFiles.logFile(logDir, base);
            truncate(file, cut);

            try (EventLog eventLog = EventLog.open(logDir, config())) {
                String context = "cut at " + cut + " in " + torn;
                assertEquals(RECORDS, eventLog.nextSequence(), context);
                for (long sequence = 0; sequence < RECORDS; sequence++) {
                    Placed where = placed.get((int) sequence);
                    if (where.base() == base && sequence >= torn.sequence()) {
                        long s = sequence;
                        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                                () -> eventLog.read(s), context + ", sequence " + s);
                        assertEquals(file, e.file());
                    } else {
                        assertArrayEquals(payload(sequence), eventLog.read(sequence).orElseThrow().payloadBytes(),
                                context + ", sequence " + sequence);
                    }
                }
            }
        }
    }

    @Test
    void deletedOrGarbageIndexFilesAreRebuilt() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < ROUNDS; round++) {
            Path logDir = dir.resolve("round-" + round);
            writeLog(logDir);
            List<Long> bases = SegmentFiles.listSegments(logDir);
            List<Long> expectedSizes = new ArrayList<>();
            for (long base : bases) {
                expectedSizes.add(Files.size(SegmentFiles.indexFile(logDir, base)));
            }
            int damaged = random.nextInt(bases.size());
            Path index = SegmentFiles.indexFile(logDir, bases.get(damaged));
            String how;
            switch (random.nextInt(4)) {
                case 0 -> {
                    Files.delete(index);
                    how = "deleted";
                }
                case 1 -> {
                    truncate(index, Math.max(0, Files.size(index) - 3));
                    how = "cut mid-entry";
                }
                case 2 -> {
                    byte[] junk = new byte[(int) Math.max(SparseIndex.ENTRY_SIZE, Files.size(index))];
                    random.nextBytes(junk);
                    Files.write(index, junk);
                    how = "overwritten with junk";
                }
                default -> {
                    // Plausible-looking entries that point at the wrong records.
                    ByteBuffer entries = ByteBuffer.allocate(2 * SparseIndex.ENTRY_SIZE);
                    entries.putInt(1).putInt(7).putInt(2).putInt(9);
                    Files.write(index, entries.array());
                    how = "pointing at the wrong records";
                }
            }
            try (EventLog eventLog = EventLog.open(logDir, config())) {
                assertAllRead(eventLog, RECORDS);
            }
            for (int i = 0; i < bases.size(); i++) {
                assertEquals(expectedSizes.get(i), Files.size(SegmentFiles.indexFile(logDir, bases.get(i))),
                        "index of segment " + i + " after the index of segment " + damaged + " was " + how);
            }
        }
    }

    @Test
    void contiguityIsCheckedAcrossSegments() throws IOException {
        Path logDir = dir.resolve("gap");
        writeLog(logDir);
        List<Long> bases = SegmentFiles.listSegments(logDir);
        // A whole sealed segment missing is not damage a read can report; opening refuses it.
        Files.delete(SegmentFiles.logFile(logDir, bases.get(2)));
        try {
            EventLog.open(logDir, config()).close();
            fail("opened a log with a missing segment");
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("not contiguous"), e.getMessage());
        }
    }
}
