package io.sluice.node.mysql;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO bounded by the total weight (bytes) of its items rather than their number, so that memory stays bounded
 * whether events are 50 bytes or 50 MB. {@link #put} blocks while the items would exceed the capacity; that pause is
 * the backpressure that stops reading from the socket (and with it, by TCP flow control, the source's sending) while
 * the consumer lags. One item heavier than the whole capacity is admitted when the queue is empty, or it could never
 * be delivered.
 *
 * <p>The producer can {@link #end} the queue with a cause: takers get the items still queued, then
 * {@link EndedException}. {@link #close()} drops everything and ends the queue for both sides at once.
 *
 * <p>Thread-safe; meant for one producer and one consumer.
 */
final class ByteBoundedQueue<T> {

    /** Thrown to a taker when the queue ended and is drained, or was closed. */
    static final class EndedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Throwable endCause;

        EndedException(Throwable endCause) {
            super(endCause == null ? "queue closed" : "queue ended: " + endCause, endCause, false, false);
            this.endCause = endCause;
        }

        /** Why the producer ended the queue; null when it was closed. */
        Throwable endCause() {
            return endCause;
        }
    }

    private record Entry<T>(T item, long weight) {
    }

    private final long capacityBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Entry<T>> entries = new ArrayDeque<>();
    private long bytes;
    private long peakBytes;
    private long blockedPuts;
    private boolean producerWaiting;
    private boolean closed;
    private boolean ended;
    private Throwable endCause;

    ByteBoundedQueue(long capacityBytes) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("queue capacity must be positive, got " + capacityBytes + " bytes");
        }
        this.capacityBytes = capacityBytes;
    }

    /**
     * Appends {@code item}, waiting while it would push the total weight over the capacity.
     *
     * @return false if the queue was closed or ended (the item is dropped)
     * @throws InterruptedException if interrupted while waiting
     */
    boolean put(T item, long weight) throws InterruptedException {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must not be negative, got " + weight);
        }
        lock.lockInterruptibly();
        try {
            if (!closed && !ended && bytes > 0 && bytes + weight > capacityBytes) {
                blockedPuts++;
                producerWaiting = true;
                try {
                    while (!closed && !ended && bytes > 0 && bytes + weight > capacityBytes) {
                        notFull.await();
                    }
                } finally {
                    producerWaiting = false;
                }
            }
            if (closed || ended) {
                return false;
            }
            entries.addLast(new Entry<>(item, weight));
            bytes += weight;
            peakBytes = Math.max(peakBytes, bytes);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Drops every queued item and appends {@code marker} (weightless); false if the queue is closed or ended. */
    boolean replaceAllWith(T marker) {
        lock.lock();
        try {
            if (closed || ended) {
                return false;
            }
            entries.clear();
            entries.addLast(new Entry<>(marker, 0));
            bytes = 0;
            notEmpty.signal();
            notFull.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest item, waiting up to {@code timeoutNanos}.
     *
     * @return the item, or null on timeout
     * @throws EndedException       once the queue has ended and is empty, or was closed
     * @throws InterruptedException if interrupted while waiting
     */
    T poll(long timeoutNanos) throws InterruptedException, EndedException {
        lock.lockInterruptibly();
        try {
            long remaining = timeoutNanos;
            while (entries.isEmpty()) {
                if (closed || ended) {
                    throw new EndedException(closed ? null : endCause);
                }
                if (remaining <= 0) {
                    return null;
                }
                remaining = notEmpty.awaitNanos(remaining);
            }
            if (closed) {
                throw new EndedException(null);
            }
            Entry<T> entry = entries.removeFirst();
            bytes -= entry.weight();
            notFull.signal();
            return entry.item();
        } finally {
            lock.unlock();
        }
    }

    /** Waits without limit; see {@link #poll}. */
    T take() throws InterruptedException, EndedException {
        T item;
        do {
            item = poll(TimeUnit.DAYS.toNanos(1));
        } while (item == null);
        return item;
    }

    /** No more items will come; takers get what is queued, then {@link EndedException} with {@code cause}. */
    void end(Throwable cause) {
        lock.lock();
        try {
            if (!ended && !closed) {
                ended = true;
                endCause = cause;
            }
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops every item; both sides stop at once. */
    void close() {
        lock.lock();
        try {
            closed = true;
            entries.clear();
            bytes = 0;
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long capacityBytes() {
        return capacityBytes;
    }

    long queuedBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes ever queued at once. */
    long peakBytes() {
        lock.lock();
        try {
            return peakBytes;
        } finally {
            lock.unlock();
        }
    }

    /** How many puts had to wait for room. */
    long blockedPuts() {
        lock.lock();
        try {
            return blockedPuts;
        } finally {
            lock.unlock();
        }
    }

    /** True while the producer waits for room. */
    boolean producerWaiting() {
        lock.lock();
        try {
            return producerWaiting;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
