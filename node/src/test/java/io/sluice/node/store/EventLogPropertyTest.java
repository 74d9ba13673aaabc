package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Random sequences of append, read, tailing reads, flush, close and reopen, truncateFrom and applyRetention, each
 * checked against a plain list of what the log should hold. Each seed picks its own segment size, index interval
 * and retention policy; a failure names the seed and step, and {@link #replay} re-runs one seed.
 */
class EventLogPropertyTest {
    private static final int SEEDS = 250;
    private static final int STEPS = 70;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** What the model expects one record to carry. */
    private record Expected(long sequence, int flags, long commitTime, BinlogPosition position, String gtid,
            byte[] payload) {
    }

    /** The model: the records from {@link #first} on, in order. */
    private static final class Model {
        long first;
        final List<Expected> records = new ArrayList<>();

        long next() {
            return first + records.size();
        }

        Expected get(long sequence) {
            return records.get((int) (sequence - first));
        }

        void dropBefore(long sequence) {
            records.subList(0, (int) (sequence - first)).clear();
            first = sequence;
        }

        void dropFrom(long sequence) {
            records.subList((int) (sequence - first), records.size()).clear();
        }
    }

    @Test
    void randomOperationsMatchTheModel() throws IOException {
        long started = System.nanoTime();
        for (int seed = 0; seed < SEEDS; seed++) {
            replay(seed);
        }
        System.out.printf("%d seeds in %d ms%n", SEEDS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Runs one seed in a directory of its own; an assertion failure is rethrown naming the seed and step. */
    void replay(long seed) throws IOException {
        Path logDir = dir.resolve("seed-" + seed);
        SplittableRandom random = new SplittableRandom(seed);
        EventLogConfig config = randomConfig(random);
        Model model = new Model();
        EventLog eventLog = EventLog.open(logDir, config);
        String step = "open";
        // A reader kept across steps, as a connected client's is: truncation and retention move the log under it.
        EventLog.LogReader tail = eventLog.reader(0);
        try {
            for (int i = 0; i < STEPS; i++) {
                int op = random.nextInt(100);
                if (op < 8) {
                    step = i + ": long-lived reader at " + tail.position();
                    tail = checkLongLivedReader(eventLog, model, tail, random);
                } else if (op < 45) {
                    step = i + ": append";
                    appendTransaction(eventLog, model, random);
                } else if (op < 60) {
                    step = i + ": read";
                    checkRead(eventLog, model, random);
                } else if (op < 70) {
                    step = i + ": reader";
                    checkReader(eventLog, model, random);
                } else if (op < 75) {
                    step = i + ": flush";
                    assertEquals(model.next() - 1, eventLog.flush());
                } else if (op < 83) {
                    step = i + ": reopen";
                    eventLog.close();
                    eventLog = EventLog.open(logDir, config);
                    tail = eventLog.reader(model.first);
                    RecoveryReport report = eventLog.lastRecovery().orElseThrow();
                    assertFalse(report.truncated(), report.toString());
                    assertEquals(model.next() - 1, eventLog.durableSequence());
                } else if (op < 91) {
                    long from = model.first + random.nextLong(model.records.size() + 1);
                    step = i + ": truncateFrom " + from;
                    eventLog.truncateFrom(from);
                    model.dropFrom(from);
                } else {
                    long protectedFrom = model.first + random.nextLong(model.records.size() + 2);
                    step = i + ": applyRetention " + protectedFrom;
                    checkRetention(eventLog, model, config.retention(), protectedFrom, logDir);
                }
                assertEquals(model.first, eventLog.firstSequence(), "first sequence");
                assertEquals(model.next(), eventLog.nextSequence(), "next sequence");
            }
            step = "final scan";
            for (long sequence = model.first; sequence < model.next(); sequence++) {
                assertRecord(model.get(sequence), eventLog.read(sequence));
            }
        } catch (AssertionError | IOException | RuntimeException e) {
            throw new AssertionError("seed " + seed + ", step " + step + ", config " + config + ": " + e, e);
        } finally {
            eventLog.close();
        }
    }

    private static EventLogConfig randomConfig(SplittableRandom random) {
        int[] segmentSizes = {200, 700, 2048, 8192};
        long segmentBytes = segmentSizes[random.nextInt(segmentSizes.length)];
        int indexInterval = new int[] {0, 64, 512}[random.nextInt(3)];
        long maxBytes = random.nextBoolean() ? 0 : 1 + random.nextLong(4 * segmentBytes);
        long hardCap = random.nextInt(3) == 0 ? Math.max(maxBytes, 1 + random.nextLong(6 * segmentBytes)) : 0;
        return new EventLogConfig(segmentBytes, Long.MAX_VALUE, new SegmentConfig(indexInterval, 1 << 20, CLOCK),
                DurabilityPolicy.os(), new RetentionPolicy(maxBytes, 0, hardCap));
    }

    private static void appendTransaction(EventLog eventLog, Model model, SplittableRandom random)
            throws IOException {
        int records = 1 + random.nextInt(4);
        for (int r = 0; r < records; r++) {
            int flags = random.nextInt(4); // any combination, including none: the log does not interpret them
            long sequence = model.next();
            int size = random.nextInt(10) == 0 ? 500 + random.nextInt(1500) : random.nextInt(120);
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            BinlogPosition position = new BinlogPosition("mysql-bin.00000" + (1 + random.nextInt(3)),
                    random.nextLong(1L << 40));
            String gtid = random.nextBoolean() ? "" : "0-1-" + sequence;
            long commitTime = random.nextLong();
            assertEquals(sequence, eventLog.append(flags, commitTime, position, gtid, ByteBuffer.wrap(payload)));
            model.records.add(new Expected(sequence, flags, commitTime, position, gtid, payload));
        }
    }

    private static void checkRead(EventLog eventLog, Model model, SplittableRandom random) throws IOException {
        long sequence = model.first - 2 + random.nextLong(model.records.size() + 5);
        if (sequence < 0) {
            assertThrows(IllegalArgumentException.class, () -> eventLog.read(sequence));
        } else if (sequence < model.first) {
            assertThrows(PositionNotRetainedException.class, () -> eventLog.read(sequence));
        } else if (sequence >= model.next()) {
            assertTrue(eventLog.read(sequence).isEmpty(), "read past the end");
        } else {
            assertRecord(model.get(sequence), eventLog.read(sequence));
        }
    }

    private static void checkReader(EventLog eventLog, Model model, SplittableRandom random)
            throws IOException {
        long from = model.first + random.nextLong(model.records.size() + 1);
        EventLog.LogReader reader = eventLog.reader(from);
        int count = random.nextInt(40);
        for (long sequence = from; sequence < Math.min(model.next(), from + count); sequence++) {
            try {
                StoreRecord record = reader.next(0, TimeUnit.MILLISECONDS);
                assertRecord(model.get(sequence), Optional.ofNullable(record));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        if (from + count >= model.next()) {
            try {
                assertNull(reader.next(0, TimeUnit.MILLISECONDS), "reader past the end");
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        if (model.first > 0) {
            assertThrows(PositionNotRetainedException.class, () -> eventLog.reader(model.first - 1));
        }
    }

    /** Reads on with {@code tail}, or checks that it fails as it must; returns the reader to keep. */
    private static EventLog.LogReader checkLongLivedReader(EventLog eventLog, Model model, EventLog.LogReader tail,
            SplittableRandom random) throws IOException {
        try {
            if (tail.position() > model.next()) {
                assertThrows(IllegalStateException.class, () -> tail.next(0, TimeUnit.MILLISECONDS));
                return eventLog.reader(model.first);
            }
            if (tail.position() < model.first) {
                assertThrows(PositionNotRetainedException.class, () -> tail.next(0, TimeUnit.MILLISECONDS));
                return eventLog.reader(model.first);
            }
            for (int n = random.nextInt(30); n > 0; n--) {
                long expected = tail.position();
                StoreRecord record = tail.next(0, TimeUnit.MILLISECONDS);
                if (expected == model.next()) {
                    assertNull(record, "long-lived reader past the end");
                    break;
                }
                assertRecord(model.get(expected), Optional.ofNullable(record));
            }
            return tail;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void checkRetention(EventLog eventLog, Model model, RetentionPolicy policy, long protectedFrom,
            Path logDir) throws IOException {
        long before = model.first;
        RetentionResult result = eventLog.applyRetention(protectedFrom);
        long after = eventLog.firstSequence();
        assertEquals(after, result.firstSequence());
        assertEquals(after - before, result.recordsDeleted());
        assertTrue(after <= model.next(), "retention went past the end");
        assertEquals(Math.max(0, after - Math.max(before, protectedFrom)), result.unacknowledgedRecordsDropped());
        if (policy.hardCapBytes() == 0) {
            assertTrue(after <= Math.max(before, protectedFrom), "deleted records a client needs");
        }
        if (!policy.limited()) {
            assertFalse(result.deletedAny());
        }
        List<Long> bases = SegmentFiles.listSegments(logDir);
        assertEquals(after, bases.get(0), "the first segment file");
        long bytes = 0;
        for (long base : bases) {
            bytes += Files.size(SegmentFiles.logFile(logDir, base));
        }
        // Whatever limit applied, only a segment retention may not touch keeps the log above it.
        if (policy.hardCapBytes() > 0 && bases.size() > 1) {
            assertTrue(bytes <= policy.hardCapBytes(), bytes + " bytes kept over the hard cap");
        }
        if (policy.maxBytes() > 0 && bases.size() > 1 && bases.get(1) <= protectedFrom) {
            assertTrue(bytes <= policy.maxBytes(), bytes + " bytes kept over maxBytes");
        }
        model.dropBefore(after);
    }

    private static void assertRecord(Expected expected, Optional<StoreRecord> read) {
        assertTrue(read.isPresent(), "sequence " + expected.sequence() + " missing");
        StoreRecord record = read.get();
        assertEquals(expected.sequence(), record.sequence());
        assertEquals(expected.flags(), record.flags());
        assertEquals(expected.commitTime(), record.commitTimeMillis());
        assertEquals(expected.position(), record.binlogPosition());
        assertEquals(expected.gtid(), record.gtidSet());
        assertArrayEquals(expected.payload(), record.payloadBytes(), "payload of " + expected.sequence());
    }
}
