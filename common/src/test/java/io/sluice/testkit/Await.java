package io.sluice.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling: the one way the test kit waits for something to happen.
 *
 * <p>Checks a condition every {@link #POLL_INTERVAL} until it holds or the timeout runs out. Callers turn a
 * {@code false} result into an error that says what was awaited and what was seen instead, because only they know.
 */
public final class Await {

    /** Short enough that a ready server is noticed at once, long enough not to burn a core while polling. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private Await() {
    }

    /**
     * Polls {@code condition} until it returns true or {@code timeout} has passed.
     *
     * @return true if the condition held in time, false on timeout
     * @throws IllegalStateException if the waiting thread is interrupted (the interrupt flag is kept)
     */
    public static boolean poll(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting", e);
            }
        }
    }
}
