package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sluice.testkit.Await;

class ByteBoundedQueueTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopProducer() {
        producer.shutdownNow();
    }

    @Test
    void putWaitsWhileTheBytesWouldExceedTheCapacity() throws Exception {
        ByteBoundedQueue<String> queue = new ByteBoundedQueue<>(100);
        assertTrue(queue.put("a", 60));
        Future<Boolean> blocked = producer.submit(() -> queue.put("b", 60));
        assertTrue(Await.poll(Duration.ofSeconds(5), queue::producerWaiting), "the second put waits for room");
        assertFalse(blocked.isDone());
        assertEquals(60, queue.queuedBytes());

        assertEquals("a", queue.poll(SECOND));
        assertTrue(blocked.get(5, TimeUnit.SECONDS));
        assertEquals("b", queue.poll(SECOND));
        assertEquals(60, queue.peakBytes(), "never more than the capacity at once");
        assertEquals(1, queue.blockedPuts());
    }

    @Test
    void anItemHeavierThanTheCapacityPassesAlone() throws Exception {
        ByteBoundedQueue<String> queue = new ByteBoundedQueue<>(100);
        assertTrue(queue.put("huge", 500));
        Future<Boolean> next = producer.submit(() -> queue.put("small", 1));
        assertTrue(Await.poll(Duration.ofSeconds(5), queue::producerWaiting));
        assertEquals("huge", queue.poll(SECOND));
        assertTrue(next.get(5, TimeUnit.SECONDS));
    }

    @Test
    void pollTimesOutWithNull() throws Exception {
        assertNull(new ByteBoundedQueue<String>(10).poll(TimeUnit.MILLISECONDS.toNanos(20)));
    }

    @Test
    void endDeliversWhatIsQueuedThenTheCause() throws Exception {
        ByteBoundedQueue<String> queue = new ByteBoundedQueue<>(100);
        queue.put("a", 1);
        IOException cause = new IOException("gone");
        queue.end(cause);
        assertFalse(queue.put("late", 1), "nothing is accepted after the end");
        assertEquals("a", queue.poll(SECOND));
        ByteBoundedQueue.EndedException e = assertThrows(ByteBoundedQueue.EndedException.class, () -> queue.poll(SECOND));
        assertSame(cause, e.endCause());
    }

    @Test
    void closeDropsEverythingAndWakesBothSides() throws Exception {
        ByteBoundedQueue<String> queue = new ByteBoundedQueue<>(10);
        queue.put("a", 10);
        Future<Boolean> blocked = producer.submit(() -> queue.put("b", 10));
        assertTrue(Await.poll(Duration.ofSeconds(5), queue::producerWaiting));
        CompletableFuture<Throwable> taker = new CompletableFuture<>();
        queue.close();
        assertFalse(blocked.get(5, TimeUnit.SECONDS), "the waiting put gives up");
        try {
            queue.poll(SECOND);
            taker.complete(null);
        } catch (ByteBoundedQueue.EndedException e) {
            taker.complete(e);
        }
        ByteBoundedQueue.EndedException ended = (ByteBoundedQueue.EndedException) taker.get();
        assertNull(ended.endCause(), "closed, not failed");
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void replaceAllWithDropsQueuedItemsAndFreesRoom() throws Exception {
        ByteBoundedQueue<String> queue = new ByteBoundedQueue<>(100);
        queue.put("a", 50);
        queue.put("b", 50);
        assertTrue(queue.replaceAllWith("marker"));
        assertEquals(0, queue.queuedBytes());
        assertEquals(1, queue.size());
        assertEquals("marker", queue.poll(SECOND));
    }
}
