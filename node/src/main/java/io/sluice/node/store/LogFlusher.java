package io.sluice.node.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background task of {@link DurabilityPolicy.Mode#INTERVAL}: every {@code intervalMillis} it asks the log to
 * force whatever was appended since the last flush. Runs are spaced by a fixed delay, so a slow {@code fsync} delays
 * the next run instead of piling runs up; a record is therefore forced at most one interval plus one
 * {@code fsync} after its append.
 *
 * <p>A failed flush is not retried: after a failed {@code fsync} the operating system may have dropped the dirty
 * pages, so a later success would not prove the records are on the device. The failure is handed to the log,
 * which then refuses appends, and the flusher stops.
 *
 * <p>Thread safety: {@link #start} and {@link #close} are called by the log's writer; {@link #run} by the scheduler's
 * thread.
 */
final class LogFlusher implements Closeable, Runnable {
    private static final Logger log = LoggerFactory.getLogger(LogFlusher.class);

    /** What the flusher flushes. */
    interface Target {
        /** Forces the records appended since the last flush, if any. */
        void flushIfBehind() throws IOException;

        /** Called once, on the scheduler thread, when a flush failed; the flusher has stopped. */
        void flushFailed(IOException failure);
    }

    /** Runs the flusher periodically; the seam that lets tests run it by hand. */
    interface Scheduler {
        /**
         * Runs {@code task} every {@code periodMillis}, first one period from now, with a fixed delay between the end
         * of a run and the start of the next, until the returned handle is cancelled.
         */
        Cancellable scheduleWithFixedDelay(Runnable task, long periodMillis);
    }

    /** A scheduled task. */
    interface Cancellable {
        /** Stops the task; a run in progress finishes before this returns. No run starts afterwards. */
        void cancel();
    }

    /** A scheduler with one daemon thread of its own, named {@code threadName}, ended by cancelling the task. */
    static Scheduler ownThread(String threadName) {
        return (task, periodMillis) -> {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, threadName);
                thread.setDaemon(true);
                return thread;
            });
            ScheduledFuture<?> future = executor.scheduleWithFixedDelay(task, periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS);
            return () -> {
                future.cancel(false);
                executor.shutdown();
                try {
                    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                        log.warn("flusher thread {} still running 30 s after it was stopped", threadName);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        };
    }

    private final Path dir;
    private final long intervalMillis;
    private final Scheduler scheduler;
    private final Target target;
    /** Writer only. */
    private Cancellable scheduled;
    private volatile boolean stopped;

    LogFlusher(Path dir, long intervalMillis, Scheduler scheduler, Target target) {
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("intervalMillis must be >= 1, got " + intervalMillis);
        }
        this.dir = Objects.requireNonNull(dir, "dir");
        this.intervalMillis = intervalMillis;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** Schedules the flushes. Writer only; at most once. */
    void start() {
        if (scheduled != null) {
            throw new IllegalStateException("flusher of log " + dir + " cannot be started more than once");
        }
        scheduled = scheduler.scheduleWithFixedDelay(this, intervalMillis);
    }

    /** One flush; called by the scheduler. */
    @Override
    public void run() {
        if (stopped) {
            return;
        }
        try {
            target.flushIfBehind();
        } catch (IOException | RuntimeException e) {
            stopped = true;
            IOException failure = e instanceof IOException io ? io
                    : new IOException("background flush of log " + dir + " failed", e);
            log.error("log {}: background flush failed; appends are refused until the log is reopened", dir, e);
            target.flushFailed(failure);
        }
    }

    /** Stops the flushes, waiting for one in progress. Writer only; a second call does nothing. */
    @Override
    public void close() {
        stopped = true;
        Cancellable task = scheduled;
        scheduled = null;
        if (task != null) {
            task.cancel();
        }
    }
}
