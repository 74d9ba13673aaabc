package io.sluice.node.server;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's tasks one at a time, in order, on threads of a shared pool, so that requests are answered in
 * the order they came and a waiting get never holds an event loop. The queue is bounded: a client that sends more
 * requests than that without reading answers is refused.
 *
 * <p>Thread-safe. Tasks are never interrupted: an interrupted store read would close the store's file channel.
 */
final class SerialExecutor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final int maxQueued;
    private final Object lock = new Object();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    /** A drain is scheduled on the pool or running. Guarded by lock. */
    private boolean scheduled;

    SerialExecutor(Executor pool, int maxQueued) {
        this.pool = pool;
        this.maxQueued = maxQueued;
    }

    /** @return false if {@code maxQueued} tasks are already waiting; the task is then not queued */
    boolean execute(Runnable task) {
        synchronized (lock) {
            if (queue.size() >= maxQueued) {
                return false;
            }
            queue.addLast(task);
            if (scheduled) {
                return true;
            }
            scheduled = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                scheduled = false;
                queue.clear();
            }
            return false;
        }
        return true;
    }

    private void drain() {
        while (true) {
            Runnable task;
            synchronized (lock) {
                task = queue.pollFirst();
                if (task == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("a connection task failed; the connection goes on with its next request", e);
            }
        }
    }
}
