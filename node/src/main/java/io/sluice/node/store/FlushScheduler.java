package io.sluice.node.store;

import java.io.Closeable;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that runs the interval flushes ({@link DurabilityPolicy.Mode#INTERVAL}) of any number of logs,
 * so that a node with many destinations does not keep one flusher thread per log. Pass it to
 * {@link EventLog#open(java.nio.file.Path, EventLogConfig, FlushScheduler)}; a log opened without one gets a thread
 * of its own.
 *
 * <p>Flushes of different logs run one after another on the thread, so a slow {@code fsync} on one disk delays the
 * others' flushes (never their appends or commits). Close it after every log using it is closed.
 *
 * <p>Thread-safe.
 */
public final class FlushScheduler implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(FlushScheduler.class);

    private final String threadName;
    private final ScheduledThreadPoolExecutor executor;

    /** Starts the thread, named {@code threadName}. */
    public FlushScheduler(String threadName) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** The seam {@link LogFlusher} schedules on. */
    LogFlusher.Scheduler scheduler() {
        return (task, periodMillis) -> {
            if (executor.isShutdown()) {
                throw new IllegalStateException("flush scheduler " + threadName + " is closed; open logs with a "
                        + "scheduler that is still running");
            }
            Scheduled scheduled = new Scheduled(task);
            scheduled.future = executor.scheduleWithFixedDelay(scheduled, periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS);
            return scheduled;
        };
    }

    /**
     * One log's task. Cancelling waits for a run in progress, as {@link LogFlusher.Cancellable} promises: the log
     * closes its files right after, and the shared thread must not be inside a flush of them.
     */
    private static final class Scheduled implements Runnable, LogFlusher.Cancellable {
        private final Runnable task;
        private final ReentrantLock running = new ReentrantLock();
        private boolean cancelled;
        private volatile ScheduledFuture<?> future;

        Scheduled(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            running.lock();
            try {
                if (!cancelled) {
                    task.run();
                }
            } finally {
                running.unlock();
            }
        }

        @Override
        public void cancel() {
            running.lock();
            try {
                cancelled = true;
            } finally {
                running.unlock();
            }
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }

    /** Stops the thread; tasks still scheduled stop running. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("flush scheduler thread {} still running 30 s after it was closed", threadName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
