package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;
import io.sluice.testkit.Await;

class EventLogDurabilityTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final int BEGIN = StoreRecord.TX_BEGIN;
    private static final int END = StoreRecord.TX_END;

    @TempDir
    Path dir;

    private static EventLogConfig config(long segmentBytes, DurabilityPolicy durability) {
        return new EventLogConfig(segmentBytes, Long.MAX_VALUE, new SegmentConfig(256, 1 << 20, CLOCK), durability);
    }

    private static long append(EventLog eventLog, int flags) throws IOException {
        return eventLog.append(flags, 1_600_000_000_000L, new BinlogPosition("mysql-bin.000001", 4), "",
                ByteBuffer.wrap(new byte[100]));
    }

    /** Runs periodic tasks when the test advances its time; nothing runs on its own. */
    private static final class ManualScheduler implements LogFlusher.Scheduler {
        private final List<Task> tasks = new ArrayList<>();
        private long now;

        private static final class Task {
            final Runnable runnable;
            final long period;
            long due;
            boolean cancelled;

            Task(Runnable runnable, long period, long due) {
                this.runnable = runnable;
                this.period = period;
                this.due = due;
            }
        }

        @Override
        public LogFlusher.Cancellable scheduleWithFixedDelay(Runnable task, long periodMillis) {
            Task scheduled = new Task(task, periodMillis, now + periodMillis);
            tasks.add(scheduled);
            return () -> scheduled.cancelled = true;
        }

        /** Moves time forward by {@code millis}, running each task as often as it falls due on the way. */
        void advance(long millis) {
            long target = now + millis;
            while (true) {
                Task next = null;
                for (Task task : tasks) {
                    if (!task.cancelled && task.due <= target && (next == null || task.due < next.due)) {
                        next = task;
                    }
                }
                if (next == null) {
                    break;
                }
                now = next.due;
                next.runnable.run();
                next.due = now + next.period;
            }
            now = target;
        }

        int liveTasks() {
            return (int) tasks.stream().filter(task -> !task.cancelled).count();
        }
    }

    @Test
    void perCommitFlushesExactlyAtEachTransactionEnd() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, config(1 << 20, DurabilityPolicy.perCommit()))) {
            assertEquals(-1, eventLog.durableSequence());
            long flushes = eventLog.flushCount();

            append(eventLog, BEGIN);
            append(eventLog, 0);
            assertEquals(flushes, eventLog.flushCount(), "records inside a transaction are not flushed");
            assertEquals(-1, eventLog.durableSequence());

            long end = append(eventLog, END);
            assertEquals(flushes + 1, eventLog.flushCount());
            assertEquals(end, eventLog.durableSequence(), "the commit is durable when append returns");

            long single = append(eventLog, BEGIN | END);
            assertEquals(flushes + 2, eventLog.flushCount());
            assertEquals(single, eventLog.durableSequence());

            append(eventLog, BEGIN);
            assertEquals(flushes + 2, eventLog.flushCount());
            assertEquals(single, eventLog.durableSequence());
        }
    }

    @Test
    void intervalFlushesOnlyWhenTheIntervalPassesAndSomethingIsNew() throws IOException {
        ManualScheduler scheduler = new ManualScheduler();
        EventLogConfig config = config(1 << 20, DurabilityPolicy.interval(100));
        try (EventLog eventLog = EventLog.open(dir, config, scheduler)) {
            long flushes = eventLog.flushCount();
            scheduler.advance(1000);
            assertEquals(flushes, eventLog.flushCount(), "nothing new, nothing flushed");

            long first = append(eventLog, BEGIN);
            long second = append(eventLog, END);
            assertEquals(flushes, eventLog.flushCount(), "a commit does not flush in interval mode");
            assertEquals(-1, eventLog.durableSequence());

            scheduler.advance(99);
            assertEquals(-1, eventLog.durableSequence(), "before the interval");
            scheduler.advance(1);
            assertEquals(second, eventLog.durableSequence(), "within the interval");
            assertEquals(flushes + 1, eventLog.flushCount());
            assertTrue(first < second);

            scheduler.advance(500);
            assertEquals(flushes + 1, eventLog.flushCount(), "idle log, no more flushes");

            long third = append(eventLog, BEGIN | END);
            scheduler.advance(100);
            assertEquals(third, eventLog.durableSequence());
            assertEquals(flushes + 2, eventLog.flushCount());
        }
        assertEquals(0, scheduler.liveTasks(), "close stops the flusher");
    }

    @Test
    void intervalModeWithItsOwnThreadFlushesWithoutHelp() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, config(1 << 20, DurabilityPolicy.interval(5)))) {
            long sequence = append(eventLog, BEGIN | END);
            assertTrue(Await.poll(Duration.ofSeconds(10), () -> eventLog.durableSequence() >= sequence),
                    "durable sequence " + eventLog.durableSequence() + " never reached " + sequence);
        }
    }

    @Test
    void osModeFlushesOnlyOnRollAndClose() throws IOException {
        // Segments of 1 KB: a roll every few records.
        try (EventLog eventLog = EventLog.open(dir, config(1024, DurabilityPolicy.os()))) {
            long flushes = eventLog.flushCount();
            long last = -1;
            while (eventLog.segmentCount() == 1) {
                last = append(eventLog, BEGIN | END);
            }
            // The append that rolled wrote the first record of segment two, after forcing segment one.
            assertEquals(flushes + 1, eventLog.flushCount(), "one roll, one flush");
            assertEquals(last - 1, eventLog.durableSequence(), "the sealed segment is durable");

            long more = append(eventLog, BEGIN | END);
            assertEquals(flushes + 1, eventLog.flushCount(), "commits do not flush");
            assertEquals(last - 1, eventLog.durableSequence());

            eventLog.close();
            assertEquals(flushes + 2, eventLog.flushCount(), "close flushes");
            assertEquals(more, eventLog.durableSequence());
        }
        try (EventLog reopened = EventLog.open(dir, config(1024, DurabilityPolicy.os()))) {
            assertEquals(reopened.nextSequence() - 1, reopened.durableSequence(), "opening forces what it recovered");
        }
    }

    @Test
    void explicitFlushAndTruncateMoveTheDurableSequence() throws IOException {
        try (EventLog eventLog = EventLog.open(dir, config(1 << 20, DurabilityPolicy.os()))) {
            for (int i = 0; i < 10; i++) {
                append(eventLog, BEGIN | END);
            }
            assertEquals(9, eventLog.flush());
            assertEquals(9, eventLog.durableSequence());
            eventLog.truncateFrom(4);
            assertEquals(3, eventLog.durableSequence(), "truncated records are no longer durable");
        }
    }

    @Test
    void policyIsCheckedOnce() {
        assertThrows(IllegalArgumentException.class, () -> DurabilityPolicy.interval(0));
        assertThrows(IllegalArgumentException.class,
                () -> DurabilityPolicy.interval(DurabilityPolicy.MAX_INTERVAL_MILLIS + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DurabilityPolicy(DurabilityPolicy.Mode.PER_COMMIT, 100));
        assertTrue(e.getMessage().contains("PER_COMMIT"), e.getMessage());
        assertEquals(100, DurabilityPolicy.defaults().intervalMillis());
        assertEquals(DurabilityPolicy.defaults(), EventLogConfig.defaults().durability());
    }
}
