package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;

class EventLogTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    /** Small segments so a few hundred records span several. */
    private static final int SEGMENT_BYTES = 4096;

    @TempDir
    Path dir;

    private static EventLogConfig config(long segmentBytes, long segmentAgeMillis, Clock clock) {
        return new EventLogConfig(segmentBytes, segmentAgeMillis, new SegmentConfig(256, 1 << 20, clock));
    }

    private static EventLogConfig small() {
        return config(SEGMENT_BYTES, Long.MAX_VALUE, CLOCK);
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    /** Appends {@code count} records with random payloads; returns the payloads by sequence offset. */
    private static List<byte[]> append(EventLog eventLog, int count, Random random) throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[random.nextInt(200)];
            random.nextBytes(payload);
            long expected = eventLog.nextSequence();
            long sequence = eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 1_600_000_000_000L + expected,
                    new BinlogPosition("mysql-bin.000001", 4 + 100 * expected), "", ByteBuffer.wrap(payload));
            assertEquals(expected, sequence);
            payloads.add(payload);
        }
        return payloads;
    }

    private static void assertReads(EventLog eventLog, long first, List<byte[]> payloads) throws IOException {
        for (int i = 0; i < payloads.size(); i++) {
            StoreRecord record = eventLog.read(first + i).orElseThrow(AssertionError::new);
            assertEquals(first + i, record.sequence());
            assertEquals(4 + 100 * (first + i), record.binlogPosition().offset());
            assertArrayEquals(payloads.get(i), record.payloadBytes(), "payload of sequence " + (first + i));
        }
        assertTrue(eventLog.read(first + payloads.size()).isEmpty());
    }

    @Test
    void appendsRollAcrossSegmentsAndEverySequenceReadsBack() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, small())) {
            assertEquals(0, eventLog.firstSequence());
            assertEquals(0, eventLog.nextSequence());
            List<byte[]> payloads = append(eventLog, 500, new Random(1));
            assertTrue(eventLog.segmentCount() >= 5, "segments: " + eventLog.segmentCount());
            assertEquals(500, eventLog.nextSequence());
            assertReads(eventLog, 0, payloads);
            assertThrows(IllegalArgumentException.class, () -> eventLog.read(-1));
        }
        List<Long> bases = SegmentFiles.listSegments(dir);
        long dataBytes = 0;
        for (long base : bases) {
            // a segment exceeds the limit by at most one record (< 300 bytes here)
            assertTrue(SegmentFiles.logFile(dir, base).toFile().length() < SEGMENT_BYTES + 300);
            dataBytes += SegmentFiles.logFile(dir, base).toFile().length();
        }
        try (EventLog reopened = EventLog.open(dir, small())) {
            assertEquals(dataBytes, reopened.sizeInBytes(), "the log's size is its data files' size");
        }
    }

    @Test
    void rollsByAge() throws IOException {
        ManualClock clock = new ManualClock();
        try (EventLog eventLog = EventLog.open(dir, config(1 << 20, 60_000, clock))) {
            append(eventLog, 3, new Random(2));
            assertEquals(1, eventLog.segmentCount());
            clock.millis.addAndGet(60_000);
            append(eventLog, 1, new Random(3));
            assertEquals(2, eventLog.segmentCount());
            assertEquals(List.of(0L, 3L), SegmentFiles.listSegments(dir));
        }
    }

    @Test
    void reopenContinuesSequences() throws IOException {
        Random random = new Random(4);
        List<byte[]> payloads;
        try (EventLog eventLog = EventLog.open(dir, small())) {
            payloads = new ArrayList<>(append(eventLog, 300, random));
        }
        try (EventLog eventLog = EventLog.open(dir, small())) {
            assertEquals(300, eventLog.nextSequence());
            assertFalse(eventLog.lastRecovery().orElseThrow().truncated());
            payloads.addAll(append(eventLog, 200, random));
            assertReads(eventLog, 0, payloads);
        }
        try (EventLog eventLog = EventLog.open(dir, small())) {
            assertReads(eventLog, 0, payloads);
        }
    }

    @Test
    void truncateFromAtSegmentBoundariesAndInTheMiddle() throws IOException {
        Random random = new Random(5);
        try (EventLog eventLog = EventLog.open(dir, small())) {
            List<byte[]> payloads = new ArrayList<>(append(eventLog, 400, random));
            List<Long> bases = SegmentFiles.listSegments(dir);
            assertTrue(bases.size() >= 4);

            // at the start of the last-but-one segment: it stays, empty, and the last one goes
            long boundary = bases.get(bases.size() - 2);
            eventLog.truncateFrom(boundary);
            assertEquals(boundary, eventLog.nextSequence());
            assertEquals(bases.subList(0, bases.size() - 1), SegmentFiles.listSegments(dir));
            payloads = new ArrayList<>(payloads.subList(0, (int) boundary));
            assertReads(eventLog, 0, payloads);

            // in the middle of the second segment: everything later is deleted
            long middle = (bases.get(1) + bases.get(2)) / 2;
            eventLog.truncateFrom(middle);
            assertEquals(middle, eventLog.nextSequence());
            assertEquals(List.of(bases.get(0), bases.get(1)), SegmentFiles.listSegments(dir));
            payloads = new ArrayList<>(payloads.subList(0, (int) middle));
            assertReads(eventLog, 0, payloads);

            // appends continue from there and roll again
            payloads.addAll(append(eventLog, 200, random));
            assertReads(eventLog, 0, payloads);

            assertThrows(IllegalArgumentException.class, () -> eventLog.truncateFrom(eventLog.nextSequence() + 1));
            eventLog.truncateFrom(eventLog.nextSequence()); // no-op
            eventLog.truncateFrom(0);
            assertEquals(0, eventLog.nextSequence());
            assertEquals(List.of(0L), SegmentFiles.listSegments(dir));
            payloads = append(eventLog, 50, random);
            assertReads(eventLog, 0, payloads);
            List<byte[]> kept = payloads;
            eventLog.close();
            try (EventLog reopened = EventLog.open(dir, small())) {
                assertReads(reopened, 0, kept);
            }
        }
    }

    @Test
    void tornTailInLastSegmentIsCutToTheExactGoodPrefix() throws IOException {
        Random random = new Random(6);
        for (int round = 0; round < 20; round++) {
            Path logDir = dir.resolve("round" + round);
            List<byte[]> payloads;
            List<Long> ends = new ArrayList<>(); // end position of each record in the last segment
            long lastBase;
            try (EventLog eventLog = EventLog.open(logDir, small())) {
                payloads = append(eventLog, 200 + random.nextInt(100), random);
                lastBase = SegmentFiles.listSegments(logDir).get(SegmentFiles.listSegments(logDir).size() - 1);
                for (long s = lastBase; s < eventLog.nextSequence(); s++) {
                    StoreRecord record = eventLog.read(s).orElseThrow();
                    ends.add(record.filePosition() + record.sizeInBytes());
                }
            }
            Path last = SegmentFiles.logFile(logDir, lastBase);
            long size = ends.get(ends.size() - 1);
            long cut = 1 + random.nextInt((int) size - 1);
            try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            int whole = 0;
            while (whole < ends.size() && ends.get(whole) <= cut) {
                whole++;
            }
            long good = whole == 0 ? 0 : ends.get(whole - 1);
            try (EventLog eventLog = EventLog.open(logDir, small())) {
                assertEquals(lastBase + whole, eventLog.nextSequence(), "cut at " + cut);
                RecoveryReport report = eventLog.lastRecovery().orElseThrow();
                assertEquals(good, report.bytesKept());
                assertEquals(cut - good, report.bytesCut());
                assertReads(eventLog, 0, payloads.subList(0, (int) (lastBase + whole)));
                List<byte[]> more = append(eventLog, 5, random);
                assertArrayEquals(more.get(4), eventLog.read(lastBase + whole + 4).orElseThrow().payloadBytes());
            }
        }
    }

    @Test
    void tailingReaderIsWokenByAnAppend() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (EventLog eventLog = EventLog.open(dir, small())) {
            append(eventLog, 3, new Random(7));
            EventLog.LogReader reader = eventLog.reader(0);
            for (int i = 0; i < 3; i++) {
                assertEquals(i, reader.next(1, TimeUnit.SECONDS).sequence());
            }
            assertNull(reader.next(10, TimeUnit.MILLISECONDS), "nothing appended yet");

            CountDownLatch waiting = new CountDownLatch(1);
            Future<long[]> woken = executor.submit(() -> {
                waiting.countDown();
                long start = System.nanoTime();
                StoreRecord record = reader.next(30, TimeUnit.SECONDS);
                return new long[] {record.sequence(), System.nanoTime() - start};
            });
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            append(eventLog, 1, new Random(8));
            long[] result = woken.get(5, TimeUnit.SECONDS);
            assertEquals(3, result[0]);
            assertTrue(result[1] < TimeUnit.SECONDS.toNanos(1), "woken after " + result[1] + " ns");
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void readerWaitingWhenTheLogClosesFails() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            EventLog eventLog = EventLog.open(dir, small());
            EventLog.LogReader reader = eventLog.reader(0);
            Future<StoreRecord> waiting = executor.submit(() -> reader.next(30, TimeUnit.SECONDS));
            eventLog.close();
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> waiting.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IllegalStateException, e.getCause().toString());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void fourConcurrentReadersEachSeeAllRecordsInOrder() throws Exception {
        int records = 2000;
        int readers = 4;
        ExecutorService executor = Executors.newFixedThreadPool(readers);
        try (EventLog eventLog = EventLog.open(dir, small())) {
            Random random = new Random(9);
            List<byte[]> first = append(eventLog, 100, random);
            CountDownLatch started = new CountDownLatch(readers);
            List<Future<List<byte[]>>> results = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                EventLog.LogReader reader = eventLog.reader(0);
                results.add(executor.submit(() -> {
                    started.countDown();
                    List<byte[]> seen = new ArrayList<>();
                    while (seen.size() < records) {
                        StoreRecord record = reader.next(10, TimeUnit.SECONDS);
                        assertNotNull(record, "timed out after " + seen.size() + " records");
                        assertEquals(seen.size(), record.sequence());
                        seen.add(record.payloadBytes());
                    }
                    return seen;
                }));
            }
            assertTrue(started.await(5, TimeUnit.SECONDS));
            List<byte[]> expected = new ArrayList<>(first);
            expected.addAll(append(eventLog, records - 100, random));
            assertTrue(eventLog.segmentCount() > 10);
            for (Future<List<byte[]>> result : results) {
                List<byte[]> seen = result.get(30, TimeUnit.SECONDS);
                assertEquals(records, seen.size());
                for (int i = 0; i < records; i++) {
                    assertArrayEquals(expected.get(i), seen.get(i), "sequence " + i);
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void readerPastATruncationFails() throws IOException, InterruptedException {
        try (EventLog eventLog = EventLog.open(dir, small())) {
            append(eventLog, 10, new Random(10));
            EventLog.LogReader reader = eventLog.reader(8);
            eventLog.truncateFrom(5);
            assertThrows(IllegalStateException.class, () -> reader.next(0, TimeUnit.MILLISECONDS));
            assertThrows(IllegalArgumentException.class, () -> eventLog.reader(-1));
            assertThrows(IllegalArgumentException.class, () -> eventLog.reader(6));
        }
    }
}
