package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;

/**
 * A {@link java.nio.channels.FileChannel} is closed for every thread when one thread is interrupted in I/O on it.
 * These tests interrupt readers and check that only the interrupted read fails: other readers, the writer and the
 * flusher carry on, and the interrupted thread can read again once its interrupt is handled.
 */
class EventLogInterruptTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final long SEED = 0x5EED_1A7EL;
    /** Bound on every wait, so that a bug fails the test instead of hanging it. */
    private static final long WAIT_SECONDS = 10;

    @TempDir
    Path dir;

    /** Small segments so the records span many of them; frequent interval flushes use the writer's channel. */
    private static EventLogConfig config() {
        return new EventLogConfig(64 * 1024, Long.MAX_VALUE, new SegmentConfig(1024, 1 << 20, CLOCK),
                DurabilityPolicy.interval(5));
    }

    /** The payload of {@code sequence}: derived from it, so readers check records without sharing a list. */
    private static byte[] payload(long sequence) {
        Random random = new Random(SEED * 31 + sequence);
        byte[] payload = new byte[random.nextInt(600)];
        random.nextBytes(payload);
        return payload;
    }

    private static void append(EventLog eventLog) throws IOException {
        long sequence = eventLog.nextSequence();
        eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 1_600_000_000_000L + sequence,
                new BinlogPosition("mysql-bin.000001", 4 + sequence), "", ByteBuffer.wrap(payload(sequence)));
    }

    private static void check(StoreRecord record, long sequence) {
        assertNotNull(record, "no record " + sequence + " within " + WAIT_SECONDS + " s");
        assertEquals(sequence, record.sequence());
        assertEquals(4 + sequence, record.binlogPosition().offset());
        assertArrayEquals(payload(sequence), record.payloadBytes(), "payload of sequence " + sequence);
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** A thread whose failure is rethrown by {@link #join}. */
    private static final class Worker {
        final String name;
        final Thread thread;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Worker(String name, Body body) {
            this.name = name;
            this.thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, name);
            thread.setDaemon(true);
        }

        Worker start() {
            thread.start();
            return this;
        }

        void checkNotFailed() {
            Throwable t = failure.get();
            if (t != null) {
                throw new AssertionError(name + " failed", t);
            }
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            checkNotFailed();
            assertTrue(!thread.isAlive(), name + " still running after " + WAIT_SECONDS + " s");
        }
    }

    @Test
    void interruptingOneReaderRepeatedlyLeavesTheOtherReadersAndTheWriterRunning() throws Exception {
        int rounds = 400;
        int recordsPerRound = 20;
        long total = (long) rounds * recordsPerRound;
        int steadyReaders = 3;

        EventLog eventLog = EventLog.open(dir, config());
        // The writer appends a batch per round, so records keep arriving while the victim is interrupted.
        Semaphore writePermits = new Semaphore(0);
        Worker writer = new Worker("writer", () -> {
            for (long i = 0; i < total; i++) {
                if (!writePermits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("no permit to append sequence " + i);
                }
                append(eventLog);
            }
        });
        List<Worker> steady = new ArrayList<>();
        for (int r = 0; r < steadyReaders; r++) {
            steady.add(new Worker("steady reader " + r, () -> {
                EventLog.LogReader reader = eventLog.reader(0);
                while (reader.position() < total) {
                    long expected = reader.position();
                    check(reader.next(WAIT_SECONDS, TimeUnit.SECONDS), expected);
                }
            }));
        }

        // The victim reads everything too, and after each interrupt goes on with a fresh reader where it was.
        Semaphore handled = new Semaphore(0);
        AtomicBoolean interrupting = new AtomicBoolean(true);
        AtomicInteger duringRead = new AtomicInteger();
        AtomicInteger duringWait = new AtomicInteger();
        Worker victim = new Worker("victim", () -> {
            EventLog.LogReader reader = eventLog.reader(0);
            while (interrupting.get() || reader.position() < total) {
                long expected = reader.position();
                try {
                    StoreRecord record = reader.next(50, TimeUnit.MILLISECONDS);
                    if (record != null) {
                        check(record, expected);
                    }
                    continue;
                } catch (InterruptedIOException e) {
                    assertTrue(Thread.interrupted(), "interrupt status kept after " + e);
                    duringRead.incrementAndGet();
                } catch (InterruptedException e) {
                    duringWait.incrementAndGet();
                }
                assertEquals(expected, reader.position(), "an interrupted reader stays where it was");
                reader = eventLog.reader(expected);
                handled.release();
            }
        });

        writer.start();
        steady.forEach(Worker::start);
        victim.start();
        Random random = new Random(SEED);
        for (int round = 0; round < rounds; round++) {
            writePermits.release(recordsPerRound);
            int spins = random.nextInt(50_000);
            for (int i = 0; i < spins; i++) {
                Thread.onSpinWait();
            }
            victim.thread.interrupt();
            awaitHandled(handled, victim, round);
        }
        interrupting.set(false);

        writer.join();
        for (Worker reader : steady) {
            reader.join();
        }
        victim.join();
        assertEquals(rounds, duringRead.get() + duringWait.get(), "every interrupt reported once");
        // About half land in each with this seed and pacing.
        assertTrue(duringRead.get() > 0 && duringWait.get() > 0, "interrupts landed in reads and in waits: "
                + duringRead + " reads, " + duringWait + " waits");
        assertTrue(eventLog.readChannelReopens() > 0, "read channels reopened");
        assertTrue(eventLog.segmentCount() > 10, "records span many segments: " + eventLog.segmentCount());

        // The writer's channel was never closed: appends, flushes and a clean close all still work.
        append(eventLog);
        assertEquals(total, eventLog.flush());
        eventLog.close();
        try (EventLog reopened = EventLog.open(dir, config())) {
            assertEquals(total + 1, reopened.nextSequence());
            assertEquals(0, reopened.lastRecovery().orElseThrow().recordsCut());
            EventLog.LogReader reader = reopened.reader(0);
            for (long sequence = 0; sequence <= total; sequence++) {
                check(reader.next(0, TimeUnit.SECONDS), sequence);
            }
        }
    }

    private static void awaitHandled(Semaphore handled, Worker victim, int round) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!handled.tryAcquire(20, TimeUnit.MILLISECONDS)) {
            victim.checkNotFailed();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("round " + round + ": the interrupted reader did not report the interrupt "
                        + "within " + WAIT_SECONDS + " s");
            }
        }
    }

    @Test
    void readFromAnInterruptedThreadFailsCleanlyAndTheNextReadWorks() throws Exception {
        try (EventLog eventLog = EventLog.open(dir, config())) {
            for (int i = 0; i < 500; i++) {
                append(eventLog);
            }
            assertTrue(eventLog.segmentCount() > 1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean statusKept = new AtomicBoolean();
            AtomicReference<StoreRecord> afterClearing = new AtomicReference<>();
            Worker interrupted = new Worker("interrupted", () -> {
                Thread.currentThread().interrupt();
                try {
                    eventLog.read(321);
                } catch (IOException e) {
                    thrown.set(e);
                }
                statusKept.set(Thread.interrupted());
                // Once the interrupt is handled, the same thread reads normally.
                afterClearing.set(eventLog.read(322).orElseThrow());
            }).start();
            interrupted.join();

            assertEquals(InterruptedIOException.class, thrown.get().getClass(), String.valueOf(thrown.get()));
            assertTrue(statusKept.get(), "interrupt status kept");
            check(afterClearing.get(), 322);
            assertEquals(1, eventLog.readChannelReopens());

            AtomicReference<StoreRecord> other = new AtomicReference<>();
            new Worker("other", () -> other.set(eventLog.read(321).orElseThrow())).start().join();
            check(other.get(), 321);
            check(eventLog.read(499).orElseThrow(), 499);

            append(eventLog);
            assertEquals(500, eventLog.flush());
        }
    }

    @Test
    void aReadChannelClosedUnderAReaderIsReopenedForIt() throws Exception {
        try (Segment segment = Segment.create(dir, 0, new SegmentConfig(1024, 1 << 20, CLOCK))) {
            for (long sequence = 0; sequence < 3; sequence++) {
                segment.append(sequence, StoreRecord.TX_BEGIN | StoreRecord.TX_END, 1L,
                        new BinlogPosition("mysql-bin.000001", 4 + sequence), "", ByteBuffer.wrap(payload(sequence)));
            }
            // As another thread's interrupt would: this reader is not interrupted and must not notice.
            segment.readChannel().close();
            check(segment.read(1).orElseThrow(), 1);
            assertEquals(1, segment.readChannelReopens());
            check(segment.readAt(0).orElseThrow(), 0);
            assertEquals(1, segment.readChannelReopens());
        }
    }

    @Test
    void aSegmentClosedOnPurposeStaysClosed() throws Exception {
        Segment segment = Segment.create(dir, 0, new SegmentConfig(1024, 1 << 20, CLOCK));
        segment.append(0, StoreRecord.TX_BEGIN | StoreRecord.TX_END, 1L, new BinlogPosition("mysql-bin.000001", 4),
                "", ByteBuffer.wrap(payload(0)));
        check(segment.read(0).orElseThrow(), 0);
        segment.close();

        List<Throwable> thrown = new ArrayList<>();
        for (boolean interrupt : new boolean[] {false, true}) {
            new Worker("reader after close", () -> {
                if (interrupt) {
                    Thread.currentThread().interrupt();
                }
                try {
                    segment.read(0);
                } catch (IOException e) {
                    thrown.add(e);
                }
            }).start().join();
        }
        assertEquals(2, thrown.size());
        for (Throwable t : thrown) {
            assertEquals(ClosedChannelException.class, t.getClass(), String.valueOf(t));
        }
        assertEquals(0, segment.readChannelReopens());
    }
}
