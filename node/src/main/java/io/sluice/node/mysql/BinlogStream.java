package io.sluice.node.mysql;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.position.BinlogPosition;

/**
 * A source's binlog as a stream of raw events that survives network failures: a reader thread dumps the binlog into
 * a queue bounded by bytes, and reconnects with backoff when the connection breaks, resuming where the consumer
 * says its last complete transaction ended.
 *
 * <h2>Opening</h2>
 * {@link #open} connects, runs {@link SourcePreflight} (failing with every problem it finds), resolves the start
 * ({@link StartPosition#latest()}, {@link StartPosition#at(java.time.Instant)}, or a {@link ResumePoint}: file
 * position, MySQL GTID set, MariaDB GTID position), starts the dump and reads its first event, so that a wrong
 * configuration or an unavailable position fails here, in the caller's thread. Once open, failures that a reconnect
 * may cure are retried forever; the rest end the stream.
 *
 * <h2>The consumer's contract: resuming at the last complete transaction</h2>
 * One consumer thread calls {@link #take()} (or {@link #poll}) and:
 * <ol>
 * <li>decodes each {@link RawBinlogEvent} and, whenever it has completely processed a transaction (after its commit
 * event: XID, a COMMIT query, or a DDL outside a transaction), calls {@link #resumeFrom} with the position right after
 * it: {@code ResumePoint.file(event.nextPosition())}, or the GTID set / MariaDB GTID position that includes that
 * transaction. It must do so on the same thread, before taking the next item.</li>
 * <li>on a {@link StreamItem.Restart}, discards whatever it holds of a transaction it has not completed.</li>
 * </ol>
 * Then no transaction is delivered half or twice: when the connection breaks, the reader drops the events still
 * queued, queues a Restart marker, and waits until the consumer has taken it, so every {@code resumeFrom} for events
 * taken before is in. Only then does it reconnect, from the last resume point (or from the start, if none was
 * given). The events after the marker are exactly the ones after that point, each once. Events taken before the
 * marker that belong to the interrupted transaction come again after it; that is why step 2 drops them.
 *
 * <h2>Backpressure</h2>
 * The queue holds at most {@link BinlogStreamConfig#queueCapacityBytes()} bytes of events (each counted with
 * {@value #EVENT_OVERHEAD_BYTES} bytes of overhead). While it is full the reader stops reading, and TCP flow control
 * stops the source; nothing is lost and memory stays bounded. Small events are read into slabs that are reused once
 * the consumer {@linkplain RawBinlogEvent#release() releases} every event in them (see {@link EventSlabs}), so that
 * queued events are not copied by each young collection; up to a queue's worth of free slabs is kept for reuse.
 *
 * <h2>Threads</h2>
 * {@link #take()}, {@link #poll} and {@link #resumeFrom} belong to the one consumer thread; {@link #stats()},
 * {@link #resumePoint()} and {@link #close()} may be called from any thread. {@code close()} stops the reader
 * promptly: it closes the socket a blocked read waits on and interrupts the thread.
 */
public final class BinlogStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogStream.class);

    /** Counted per queued event on top of its bytes, for the object and array headers. */
    static final long EVENT_OVERHEAD_BYTES = 64;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** What the reader thread is doing. */
    public enum ReaderState {
        /** Reading events (or waiting for room in the queue, see {@link Stats#readerWaitingForRoom()}). */
        STREAMING,
        /** Lost the connection; waiting for the consumer to take the {@link StreamItem.Restart} marker. */
        WAITING_FOR_CONSUMER,
        /** Waiting before the next reconnect attempt. */
        BACKING_OFF,
        /** Opening a new connection and dump. */
        CONNECTING,
        /** Stopped by a failure a reconnect cannot cure; {@link #take()} throws it once the queue is drained. */
        FAILED,
        /** Stopped by {@link #close()}. */
        CLOSED
    }

    /**
     * A snapshot of the stream's counters.
     *
     * @param state                the reader's state
     * @param readPosition         where the reader is in the source's binlog (after the last event read)
     * @param eventsRead           events read from the source, heartbeats included
     * @param bytesRead            their bytes
     * @param restarts             connections lost (each queues one {@link StreamItem.Restart})
     * @param failedReconnects     reconnect attempts that failed (the source still down, say)
     * @param queuedBytes          bytes waiting for the consumer, overhead included
     * @param peakQueuedBytes      the most ever waiting at once
     * @param queueCapacityBytes   the bound
     * @param blockedPuts          how often the reader had to wait for room
     * @param readerWaitingForRoom true while it waits for room right now
     */
    public record Stats(ReaderState state, BinlogPosition readPosition, long eventsRead, long bytesRead, int restarts,
                        long failedReconnects, long queuedBytes, long peakQueuedBytes, long queueCapacityBytes, long blockedPuts,
                        boolean readerWaitingForRoom) {
    }

    private enum Lifecycle { RUNNING, CLOSED }

    private final BinlogStreamConfig config;
    private final String source;
    private final SourceDescription description;
    private final ResumePoint start;
    private final ByteBoundedQueue<StreamItem> queue;
    private final EventSlabs slabs;
    private final Thread readerThread;
    private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.RUNNING);
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private final AtomicLong eventsRead = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicLong failedReconnects = new AtomicLong();
    private volatile ResumePoint resumePoint;
    private volatile BinlogDump currentDump;
    private volatile ReaderState readerState = ReaderState.STREAMING;
    private volatile BinlogPosition readPosition;
    /** Counted down when the consumer takes the current Restart marker. */
    private volatile CountDownLatch restartTaken;

    private BinlogStream(BinlogStreamConfig config, SourceDescription description, ResumePoint start,
                         BinlogDump dump) {
        this.config = config;
        this.source = config.connection().source();
        this.description = description;
        this.start = start;
        this.resumePoint = start;
        this.currentDump = dump;
        this.readPosition = dump.position();
        this.queue = new ByteBoundedQueue<>(config.queueCapacityBytes());
        this.slabs = EventSlabs.forQueue(config.queueCapacityBytes());
        this.readerThread = new Thread(new BinlogReader(dump), "binlog-reader-" + source);
        this.readerThread.setDaemon(true);
    }

    /**
     * Connects, checks the source, resolves {@code start} and starts streaming.
     *
     * @throws PreflightException          listing what is wrong with the source's setup
     * @throws BinlogUnavailableException  if the source cannot send from the start position
     * @throws MysqlServerException        e.g. 1045 for a wrong password
     * @throws IOException                 if the source cannot be reached
     */
    public static BinlogStream open(BinlogStreamConfig config, StartPosition start) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(start, "start");
        MysqlConnection connection = MysqlConnection.open(config.connection());
        try {
            ReplicaSettings replica = config.replica();
            SourceDescription description = new SourcePreflight(replica.serverId(), replica.reportHost())
                    .check(connection);
            ResumePoint from = StartPositionResolver.resolve(start, connection, config.connection(), replica);
            BinlogDump dump = BinlogDump.start(connection, replica, from, BinlogDump.Mode.BLOCKING, true);
            RawBinlogEvent first = dump.next();
            BinlogStream stream = new BinlogStream(config, description, from, dump);
            stream.accept(first);
            stream.queue.put(first, weightOf(first));
            stream.readerThread.start();
            LOG.info("[source={}] binlog stream open from {} (requested {}), queue bound {} bytes", stream.source,
                    from, start, config.queueCapacityBytes());
            return stream;
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        } catch (InterruptedException e) {
            connection.abort();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening the binlog stream from "
                    + config.connection().source());
        }
    }

    /**
     * The next item, waiting as long as it takes.
     *
     * @throws BinlogStreamException       once the stream failed for good and every event before is taken
     * @throws BinlogStreamClosedException if the stream is closed
     */
    public StreamItem take() throws InterruptedException {
        try {
            return delivered(queue.take());
        } catch (ByteBoundedQueue.EndedException e) {
            throw ended(e);
        }
    }

    /**
     * The next item, or null if none arrives within {@code timeout}.
     *
     * @throws BinlogStreamException       once the stream failed for good and every event before is taken
     * @throws BinlogStreamClosedException if the stream is closed
     */
    public StreamItem poll(Duration timeout) throws InterruptedException {
        try {
            StreamItem item = queue.poll(timeout.toNanos());
            return item == null ? null : delivered(item);
        } catch (ByteBoundedQueue.EndedException e) {
            throw ended(e);
        }
    }

    /**
     * Records that every transaction up to {@code point} is completely processed; a reconnect resumes there. Call it
     * on the consumer thread, before taking the next item (see the class comment).
     */
    public void resumeFrom(ResumePoint point) {
        resumePoint = Objects.requireNonNull(point, "point");
    }

    /** Where a reconnect would resume now. */
    public ResumePoint resumePoint() {
        return resumePoint;
    }

    /** Where the stream started, resolved (a timestamp or "latest" shows as the file position it became). */
    public ResumePoint startPoint() {
        return start;
    }

    /** What the preflight checks found out about the source. */
    public SourceDescription sourceDescription() {
        return description;
    }

    /** {@code host:port} of the source. */
    public String source() {
        return source;
    }

    public Stats stats() {
        return new Stats(readerState, readPosition, eventsRead.get(), bytesRead.get(), restarts.get(),
                failedReconnects.get(), queue.queuedBytes(), queue.peakBytes(), queue.capacityBytes(), queue.blockedPuts(),
                queue.producerWaiting());
    }

    /** Stops the reader and closes the connection. Idempotent; waits up to 10 s for the reader thread to end. */
    @Override
    public void close() {
        if (!lifecycle.compareAndSet(Lifecycle.RUNNING, Lifecycle.CLOSED)) {
            return;
        }
        closeSignal.countDown();
        BinlogDump dump = currentDump;
        if (dump != null) {
            dump.abort();
        }
        queue.close();
        readerThread.interrupt();
        try {
            readerThread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (readerThread.isAlive()) {
            LOG.warn("[source={}] binlog reader thread did not stop within {} s of close()", source,
                    CLOSE_TIMEOUT.toSeconds());
        }
        readerState = ReaderState.CLOSED;
        LOG.info("[source={}] binlog stream closed at {}", source, readPosition);
    }

    private boolean closing() {
        return lifecycle.get() == Lifecycle.CLOSED;
    }

    private StreamItem delivered(StreamItem item) {
        if (item instanceof StreamItem.Restart) {
            CountDownLatch taken = restartTaken;
            if (taken != null) {
                taken.countDown();
            }
        }
        return item;
    }

    private RuntimeException ended(ByteBoundedQueue.EndedException e) {
        Throwable cause = e.endCause();
        if (cause == null) {
            return new BinlogStreamClosedException("binlog stream from " + source + " is closed");
        }
        return new BinlogStreamException("binlog stream from " + source + " stopped: " + cause.getMessage(), cause);
    }

    private void accept(RawBinlogEvent event) {
        readPosition = event.nextPosition();
        eventsRead.incrementAndGet();
        bytesRead.addAndGet(event.length());
    }

    private static long weightOf(RawBinlogEvent event) {
        return event.length() + EVENT_OVERHEAD_BYTES;
    }

    /** The reader thread: dump, queue, and on failure restart or give up. */
    private final class BinlogReader implements Runnable {
        private BinlogDump dump;
        private int attempt;
        private boolean restartQueued;

        BinlogReader(BinlogDump initial) {
            this.dump = initial;
        }

        @Override
        public void run() {
            try {
                while (!closing()) {
                    try {
                        if (dump == null) {
                            readerState = ReaderState.CONNECTING;
                            dump = reconnect();
                        }
                        readerState = ReaderState.STREAMING;
                        pump();
                    } catch (IOException | RuntimeException e) {
                        abandonDump();
                        if (closing()) {
                            return;
                        }
                        if (!RetryPolicy.retryable(e)) {
                            fail(e);
                            return;
                        }
                        backOff(e);
                    }
                }
            } catch (InterruptedException e) {
                // close() interrupts us; nothing else does.
            } finally {
                abandonDump();
            }
        }

        /** Reads events into the queue until the connection fails. */
        private void pump() throws IOException, InterruptedException {
            while (true) {
                RawBinlogEvent event = dump.next(slabs);
                if (event == null) {
                    throw new EOFException("binlog dump from " + source + " ended");
                }
                accept(event);
                if (!queue.put(event, weightOf(event))) {
                    return; // closed
                }
                attempt = 0;
                restartQueued = false;
            }
        }

        private BinlogDump reconnect() throws IOException {
            ResumePoint from = resumePoint;
            MysqlConnection connection = MysqlConnection.open(config.connection());
            try {
                BinlogDump started = BinlogDump.start(connection, config.replica(), from, BinlogDump.Mode.BLOCKING, true);
                currentDump = started;
                if (closing()) {
                    started.abort();
                }
                LOG.info("[source={}] reconnected; resuming from {}", source, from);
                return started;
            } catch (IOException | RuntimeException e) {
                connection.abort();
                throw e;
            }
        }

        /**
         * Once per lost connection: drop what the consumer has not taken, queue the Restart marker and wait until
         * the consumer takes it, so that its resume point covers everything it took. Then wait out the backoff.
         */
        private void backOff(Exception cause) throws InterruptedException {
            if (restartQueued) {
                failedReconnects.incrementAndGet();
            } else {
                restartQueued = true;
                CountDownLatch taken = new CountDownLatch(1);
                restartTaken = taken;
                int number = restarts.incrementAndGet();
                LOG.warn("[source={}] binlog connection lost at {} ({}); restart {}; waiting for the consumer to take"
                        + " the restart marker", source, readPosition, describe(cause), number);
                readerState = ReaderState.WAITING_FOR_CONSUMER;
                if (!queue.replaceAllWith(new StreamItem.Restart(cause, number))) {
                    return; // closed
                }
                taken.await();
            }
            attempt++;
            Duration delay = config.backoff().delayBefore(attempt);
            LOG.warn("[source={}] reconnect attempt {} in {} ms, resuming from {} (last failure: {})", source, attempt,
                    delay.toMillis(), resumePoint, describe(cause));
            readerState = ReaderState.BACKING_OFF;
            closeSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void fail(Exception cause) {
            readerState = ReaderState.FAILED;
            LOG.error("[source={}] binlog stream stopped at {}: {}", source, readPosition, cause.getMessage());
            queue.end(cause);
        }

        private void abandonDump() {
            if (dump != null) {
                dump.abort();
                dump = null;
            }
            currentDump = null;
        }

        private String describe(Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
