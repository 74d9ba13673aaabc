package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;
import io.sluice.testkit.Await;

/** Several logs flushed on the interval by one shared thread. */
class FlushSchedulerTest {
    @TempDir
    Path dir;

    private static EventLogConfig config() {
        return new EventLogConfig(1 << 20, Long.MAX_VALUE, new SegmentConfig(256, 1 << 20, Clock.systemUTC()),
                DurabilityPolicy.interval(5));
    }

    @Test
    void oneThreadFlushesEveryLogOnItsInterval() throws IOException {
        int logs = 8;
        try (FlushScheduler scheduler = new FlushScheduler("test-flusher")) {
            List<EventLog> opened = new ArrayList<>();
            try {
                for (int i = 0; i < logs; i++) {
                    opened.add(EventLog.open(dir.resolve("log-" + i), config(), scheduler));
                }
                long threadsBefore = flusherThreads();
                for (EventLog eventLog : opened) {
                    for (int r = 0; r < 10; r++) {
                        eventLog.append(StoreRecord.TX_BEGIN | StoreRecord.TX_END, 0,
                                new BinlogPosition("mysql-bin.000001", 4), "", ByteBuffer.allocate(50));
                    }
                }
                assertTrue(Await.poll(Duration.ofSeconds(10),
                        () -> opened.stream().allMatch(log -> log.durableSequence() == 9)),
                        "not every log was flushed by the shared thread");
                assertEquals(1, threadsBefore, "one thread for " + logs + " logs");
                // A closed log's task is gone; the others keep being flushed.
                opened.get(0).close();
                EventLog second = opened.get(1);
                second.append(StoreRecord.TX_END, 0, new BinlogPosition("mysql-bin.000001", 4), "",
                        ByteBuffer.allocate(50));
                assertTrue(Await.poll(Duration.ofSeconds(10), () -> second.durableSequence() == 10));
            } finally {
                for (EventLog eventLog : opened) {
                    eventLog.close();
                }
            }
        }
        FlushScheduler closed = new FlushScheduler("closed");
        closed.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EventLog.open(dir.resolve("late"), config(), closed));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    private static long flusherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("test-flusher")).count();
    }
}
