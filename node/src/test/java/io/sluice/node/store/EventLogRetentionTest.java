package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;

/** {@link EventLog#applyRetention}: size, age and hard cap limits, client protection, and what readers see. */
class EventLogRetentionTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final int SEGMENT_BYTES = 2048;
    /** Every record is exactly this big on disk: fixed payload, file name and GTID text. */
    private static final int RECORD_BYTES = RecordFormat.LENGTH_SIZE + RecordFormat.FIXED_AFTER_LENGTH
            + "mysql-bin.000001".length() + 100;

    @TempDir
    Path dir;

    private static EventLogConfig config(RetentionPolicy retention) {
        return new EventLogConfig(SEGMENT_BYTES, Long.MAX_VALUE, new SegmentConfig(256, 1 << 20, CLOCK),
                DurabilityPolicy.os(), retention);
    }

    static byte[] payload(long sequence) {
        SplittableRandom random = new SplittableRandom(sequence);
        byte[] bytes = new byte[100];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void append(EventLog eventLog, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            long sequence = eventLog.nextSequence();
            eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, NOW, new BinlogPosition("mysql-bin.000001",
                    4 + sequence), "", ByteBuffer.wrap(payload(sequence)));
        }
    }

    private long bytesOnDisk() throws IOException {
        long total = 0;
        for (long base : SegmentFiles.listSegments(dir)) {
            total += Files.size(SegmentFiles.logFile(dir, base));
        }
        return total;
    }

    @Test
    void sizeLimitDeletesTheOldestSealedSegmentsAndNeverTheActiveOne() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, config(new RetentionPolicy(3 * SEGMENT_BYTES, 0, 0)))) {
            append(eventLog, 200);
            List<Long> before = SegmentFiles.listSegments(dir);
            assertTrue(before.size() > 5, "segments: " + before);

            RetentionResult result = eventLog.applyRetention(Long.MAX_VALUE);

            List<Long> after = SegmentFiles.listSegments(dir);
            assertTrue(result.deletedAny());
            assertEquals(before.subList(result.segmentsDeleted(), before.size()), after);
            assertEquals(after.get(0), eventLog.firstSequence());
            assertEquals(eventLog.firstSequence(), result.firstSequence());
            assertEquals(eventLog.firstSequence(), result.recordsDeleted());
            assertEquals(result.recordsDeleted() * RECORD_BYTES, result.bytesDeleted());
            assertEquals(0, result.unacknowledgedRecordsDropped());
            // Just enough went: within the limit now, and over it with one more segment.
            assertTrue(bytesOnDisk() <= 3 * SEGMENT_BYTES, "kept " + bytesOnDisk());
            long lastDeletedSize = (after.get(0) - before.get(result.segmentsDeleted() - 1)) * RECORD_BYTES;
            assertTrue(bytesOnDisk() + lastDeletedSize > 3 * SEGMENT_BYTES);
            for (long base : before.subList(0, result.segmentsDeleted())) {
                assertFalse(Files.exists(SegmentFiles.logFile(dir, base)));
                assertFalse(Files.exists(SegmentFiles.indexFile(dir, base)));
            }
            for (long sequence = eventLog.firstSequence(); sequence < 200; sequence++) {
                assertArrayEquals(payload(sequence), eventLog.read(sequence).orElseThrow().payloadBytes());
            }
            // Nothing more to do at once.
            assertFalse(eventLog.applyRetention(Long.MAX_VALUE).deletedAny());
        }
        // The first sequence survives reopening.
        try (EventLog reopened = EventLog.open(dir, config(RetentionPolicy.UNLIMITED))) {
            assertEquals(SegmentFiles.listSegments(dir).get(0), reopened.firstSequence());
            assertEquals(200, reopened.nextSequence());
        }
    }

    @Test
    void theActiveSegmentStaysEvenWhenItAloneIsOverTheLimits() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, config(new RetentionPolicy(1, 1, 1)))) {
            append(eventLog, 5);
            assertFalse(eventLog.applyRetention(Long.MAX_VALUE).deletedAny());
            assertEquals(0, eventLog.firstSequence());
            append(eventLog, 100);
            RetentionResult result = eventLog.applyRetention(Long.MAX_VALUE);
            assertEquals(1, eventLog.segmentCount());
            assertEquals(SegmentFiles.listSegments(dir), List.of(eventLog.firstSequence()));
            assertEquals(eventLog.firstSequence(), result.recordsDeleted());
        }
    }

    @Test
    void segmentsHoldingUnacknowledgedRecordsAreKept() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, config(new RetentionPolicy(SEGMENT_BYTES, 0, 0)))) {
            append(eventLog, 200);
            List<Long> bases = SegmentFiles.listSegments(dir);
            // A client still needs a record in the middle of the third segment.
            long needed = bases.get(2) + 1;
            RetentionResult result = eventLog.applyRetention(needed);
            assertEquals(2, result.segmentsDeleted());
            assertEquals(bases.get(2), eventLog.firstSequence());
            assertEquals(0, result.unacknowledgedRecordsDropped());
            assertArrayEquals(payload(needed), eventLog.read(needed).orElseThrow().payloadBytes());

            // Exactly at a segment's first sequence: that segment is needed, the one before is not.
            long boundary = bases.get(4);
            assertEquals(2, eventLog.applyRetention(boundary).segmentsDeleted());
            assertEquals(boundary, eventLog.firstSequence());
        }
    }

    @Test
    void hardCapDropsUnacknowledgedRecordsAndSaysHowMany() throws IOException {
        try (EventLog eventLog = EventLog.open(dir,
                config(new RetentionPolicy(SEGMENT_BYTES, 0, 4L * SEGMENT_BYTES)))) {
            append(eventLog, 200);
            List<Long> bases = SegmentFiles.listSegments(dir);
            long clientAt = 10;
            RetentionResult result = eventLog.applyRetention(clientAt);
            assertTrue(result.deletedAny());
            assertTrue(bytesOnDisk() <= 4L * SEGMENT_BYTES, "kept " + bytesOnDisk());
            assertEquals(bases.get(result.segmentsDeleted()), eventLog.firstSequence());
            assertEquals(eventLog.firstSequence() - clientAt, result.unacknowledgedRecordsDropped());

            PositionNotRetainedException e = assertThrows(PositionNotRetainedException.class,
                    () -> eventLog.reader(clientAt));
            assertTrue(e.getMessage().contains("sequence " + clientAt + " is no longer retained"), e.getMessage());
            assertTrue(e.getMessage().contains("first retained sequence is " + eventLog.firstSequence()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("Reset the client's cursor"), e.getMessage());
        }
    }

    @Test
    void ageLimitDeletesSegmentsLastWrittenTooLongAgo() throws IOException {
        long maxAge = Duration.ofHours(1).toMillis();
        try (EventLog eventLog = EventLog.open(dir, config(new RetentionPolicy(0, maxAge, 0)))) {
            append(eventLog, 200);
            List<Long> bases = SegmentFiles.listSegments(dir);
            for (int i = 0; i < bases.size(); i++) {
                // The first three are older than the limit, the rest exactly at it (kept: the limit is exclusive).
                long written = i < 3 ? NOW - maxAge - 1 : NOW - maxAge;
                Files.setLastModifiedTime(SegmentFiles.logFile(dir, bases.get(i)), FileTime.fromMillis(written));
            }
            assertEquals(2, eventLog.applyRetention(bases.get(2)).segmentsDeleted(), "a client needs the third");
            assertEquals(bases.get(2), eventLog.firstSequence());
            RetentionResult result = eventLog.applyRetention(Long.MAX_VALUE);
            assertEquals(1, result.segmentsDeleted());
            assertEquals(bases.get(3), eventLog.firstSequence());
        }
    }

    @Test
    void readsBeforeTheFirstRetainedSequenceFailClearly() throws Exception {
        try (EventLog eventLog = EventLog.open(dir, config(new RetentionPolicy(SEGMENT_BYTES, 0, 0)))) {
            append(eventLog, 100);
            EventLog.LogReader reader = eventLog.reader(0);
            for (int i = 0; i < 3; i++) {
                assertEquals(i, reader.next(0, TimeUnit.MILLISECONDS).sequence());
            }
            eventLog.applyRetention(Long.MAX_VALUE);
            long first = eventLog.firstSequence();
            assertTrue(first > 3);

            PositionNotRetainedException e = assertThrows(PositionNotRetainedException.class,
                    () -> reader.next(0, TimeUnit.MILLISECONDS));
            assertTrue(e.getMessage().contains("sequence 3 is no longer retained"), e.getMessage());
            assertTrue(e.getMessage().contains("first retained sequence is " + first), e.getMessage());
            assertEquals(3, reader.position(), "the reader stays where it was");
            assertThrows(PositionNotRetainedException.class, () -> eventLog.read(first - 1));
            assertThrows(PositionNotRetainedException.class, () -> eventLog.reader(0));
            assertThrows(IllegalArgumentException.class, () -> eventLog.read(-1));
            assertEquals(first, eventLog.reader(first).next(0, TimeUnit.MILLISECONDS).sequence());
        }
    }

    /**
     * Readers race a writer and retention on another thread: every read returns the right record or fails with
     * {@link PositionNotRetainedException}, never anything else.
     */
    @Test
    void concurrentReadersSeeRecordsOrPositionNotRetainedOnly() throws Exception {
        int total = 3000;
        try (EventLog eventLog = EventLog.open(dir, config(new RetentionPolicy(4 * SEGMENT_BYTES, 0, 0)))) {
            append(eventLog, 50);
            AtomicBoolean done = new AtomicBoolean();
            AtomicLong served = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            CountDownLatch started = new CountDownLatch(4);
            ExecutorService threads = Executors.newFixedThreadPool(5);
            try {
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    long seed = r;
                    readers.add(threads.submit(() -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        started.countDown();
                        EventLog.LogReader tail = null;
                        while (!done.get()) {
                            try {
                                if (tail == null) {
                                    tail = eventLog.reader(eventLog.firstSequence());
                                }
                                StoreRecord next = tail.next(1, TimeUnit.MILLISECONDS);
                                if (next != null) {
                                    assertArrayEquals(payload(next.sequence()), next.payloadBytes());
                                    served.incrementAndGet();
                                }
                                long at = random.nextLong(Math.max(1, eventLog.nextSequence()));
                                eventLog.read(at).ifPresent(record -> {
                                    assertEquals(at, record.sequence());
                                    assertArrayEquals(payload(at), record.payloadBytes());
                                });
                            } catch (PositionNotRetainedException e) {
                                refused.incrementAndGet();
                                tail = null;
                            }
                        }
                        return null;
                    }));
                }
                Future<?> retention = threads.submit(() -> {
                    while (!done.get()) {
                        eventLog.applyRetention(Long.MAX_VALUE);
                    }
                    return null;
                });
                assertTrue(started.await(10, TimeUnit.SECONDS));
                append(eventLog, total);
                done.set(true);
                for (Future<?> reader : readers) {
                    reader.get(30, TimeUnit.SECONDS);
                }
                retention.get(30, TimeUnit.SECONDS);
            } finally {
                done.set(true);
                threads.shutdownNow();
            }
            assertTrue(served.get() > 0, "readers read nothing");
            assertTrue(eventLog.firstSequence() > 0, "retention deleted nothing");
        }
    }

    @Test
    void policyIsCheckedOnceWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RetentionPolicy(-1, 0, 0));
        assertTrue(e.getMessage().contains("maxBytes must be >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(0, -5, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(0, 0, -5));
        e = assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(1000, 0, 999));
        assertTrue(e.getMessage().contains("hardCapBytes (999) must be >= maxBytes (1000)"), e.getMessage());
        assertFalse(RetentionPolicy.UNLIMITED.limited());
        assertTrue(new RetentionPolicy(0, 0, 5).limited());
        assertEquals(RetentionPolicy.UNLIMITED, EventLogConfig.defaults().retention());
        try {
            EventLog eventLog = EventLog.open(dir, config(RetentionPolicy.UNLIMITED));
            append(eventLog, 100);
            assertThrows(IllegalArgumentException.class, () -> eventLog.applyRetention(-1));
            assertFalse(eventLog.applyRetention(Long.MAX_VALUE).deletedAny());
            eventLog.close();
            assertThrows(IllegalStateException.class, () -> eventLog.applyRetention(0));
        } catch (IOException io) {
            throw new AssertionError(io);
        }
    }
}
