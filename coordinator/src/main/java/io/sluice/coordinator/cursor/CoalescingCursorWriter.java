package io.sluice.coordinator.cursor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one destination's client cursors to a {@link CursorStore} at most once per client per {@code minInterval}:
 * clients may acknowledge thousands of batches a second, and ZooKeeper should see a few writes. The latest cursor
 * per client wins; older ones that were never written are dropped, which is safe because a cursor only moves forward.
 *
 * <p>A background {@link CursorFlusher} writes what is due. A failed write is logged and kept pending (unless a newer
 * cursor arrived meanwhile) and retried an interval later, so nothing is lost silently. {@link #flush()} writes
 * everything pending at once, and {@link #close()} flushes; both report what could not be written.
 *
 * <p>Thread-safe: {@link #accept} never blocks on ZooKeeper; writes are serialised by one lock, so two writes of the
 * same client never overtake each other.
 */
public final class CoalescingCursorWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoalescingCursorWriter.class);

    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);

    private final CursorStore store;
    private final String destination;
    private final long minIntervalNanos;
    private final Map<String, ClientCursor> pending = new ConcurrentHashMap<>();
    /** Guarded by {@link #writeLock}: System.nanoTime() of each client's last write attempt. */
    private final Map<String, Long> lastWrite = new HashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ScheduledExecutorService scheduler;

    /**
     * Starts the background flusher.
     *
     * @param minInterval the least time between two writes of one client's cursor, at least 1 ms
     */
    public CoalescingCursorWriter(CursorStore store, String destination, Duration minInterval) {
        this.store = Objects.requireNonNull(store, "store");
        this.destination = Objects.requireNonNull(destination, "destination");
        if (minInterval.toMillis() < 1) {
            throw new IllegalArgumentException("minInterval must be at least 1 ms, got " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cursor-flusher-" + destination);
            t.setDaemon(true);
            return t;
        });
        // Check often enough that a due cursor waits at most a tenth of the interval, but not in a busy loop.
        long tickMillis = Math.max(10, Math.min(200, minInterval.toMillis() / 10));
        scheduler.scheduleWithFixedDelay(new CursorFlusher(), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Remembers {@code cursor} as {@code clientId}'s latest; cheap, never blocks on ZooKeeper. */
    public void accept(String clientId, ClientCursor cursor) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(cursor, "cursor");
        if (closed.get()) {
            throw new IllegalStateException("[dest=" + destination + "] cursor writer is closed; cursor of client "
                    + clientId + " at " + cursor.position() + " not accepted");
        }
        pending.put(clientId, cursor);
    }

    /** Number of clients whose latest cursor is not written yet. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Writes every pending cursor now, ignoring the interval.
     *
     * @throws IllegalStateException if some could not be written; they stay pending
     */
    public void flush() {
        writeLock.lock();
        try {
            List<String> failed = new ArrayList<>();
            RuntimeException first = null;
            for (String clientId : new ArrayList<>(pending.keySet())) {
                RuntimeException e = writeNow(clientId);
                if (e != null) {
                    failed.add(clientId);
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw new IllegalStateException("[dest=" + destination + "] cursors of clients " + failed
                        + " could not be written to ZooKeeper and are still pending: " + first.getMessage(), first);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Stops the flusher and writes what is pending.
     *
     * @throws IllegalStateException if some cursors could not be written; each is logged with its position
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("[dest={}] cursor flusher did not stop within 30 s", destination);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (IllegalStateException e) {
            pending.forEach((clientId, cursor) -> log.error("[dest={}] cursor of client {} NOT written at close: {}"
                    + " gtid '{}'; the client will resume from its previous cursor", destination, clientId,
                    cursor.position(), cursor.gtidSet()));
            throw e;
        }
    }

    /** Takes the client's pending cursor and writes it; on failure puts it back unless a newer one arrived. */
    private RuntimeException writeNow(String clientId) {
        ClientCursor cursor = pending.remove(clientId);
        if (cursor == null) {
            return null;
        }
        lastWrite.put(clientId, System.nanoTime());
        try {
            store.save(destination, clientId, cursor);
            return null;
        } catch (RuntimeException e) {
            pending.putIfAbsent(clientId, cursor);
            log.warn("[dest={}] cursor of client {} at {} not written, will retry: {}", destination, clientId,
                    cursor.position(), e.getMessage());
            return e;
        }
    }

    /** Writes the cursors whose client was last written at least an interval ago. */
    private final class CursorFlusher implements Runnable {
        @Override
        public void run() {
            if (pending.isEmpty()) {
                return;
            }
            writeLock.lock();
            try {
                long now = System.nanoTime();
                for (String clientId : new ArrayList<>(pending.keySet())) {
                    Long last = lastWrite.get(clientId);
                    if (last == null || now - last >= minIntervalNanos) {
                        writeNow(clientId);
                    }
                }
            } catch (RuntimeException e) {
                log.error("[dest={}] cursor flusher failed; it keeps running", destination, e);
            } finally {
                writeLock.unlock();
            }
        }
    }
}
