package io.sluice.node.store;

import java.util.Objects;

/**
 * When an {@link EventLog} forces its records to the storage device, checked once here.
 *
 * <p>Whatever the mode, {@link EventLog#durableSequence()} reports the highest sequence known to be on the device,
 * and rolling to a new segment and closing the log always force the records written so far.
 *
 * @param mode           see {@link Mode}
 * @param intervalMillis for {@link Mode#INTERVAL}, the most time between an append and the start of the flush that
 *                       covers it, in [1, {@value #MAX_INTERVAL_MILLIS}]; 0 for the other modes
 */
public record DurabilityPolicy(Mode mode, long intervalMillis) {
    public static final long DEFAULT_INTERVAL_MILLIS = 100;
    public static final long MAX_INTERVAL_MILLIS = 3_600_000;

    /** How often the log forces its records. */
    public enum Mode {
        /**
         * Every append that ends a transaction ({@link StoreRecord#TX_END}) returns only after the records up to it
         * are forced. Records inside a transaction are not forced on their own.
         */
        PER_COMMIT,
        /** A background {@link LogFlusher} forces the records every {@code intervalMillis}, if any are new. */
        INTERVAL,
        /** Only rolling and closing force the records; otherwise the operating system writes them when it likes. */
        OS
    }

    public DurabilityPolicy {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.INTERVAL) {
            if (intervalMillis < 1 || intervalMillis > MAX_INTERVAL_MILLIS) {
                throw new IllegalArgumentException("intervalMillis must be in [1, " + MAX_INTERVAL_MILLIS
                        + "] for mode INTERVAL, got " + intervalMillis);
            }
        } else if (intervalMillis != 0) {
            throw new IllegalArgumentException("intervalMillis must be 0 for mode " + mode + ", got "
                    + intervalMillis + "; only INTERVAL flushes on a timer");
        }
    }

    public static DurabilityPolicy perCommit() {
        return new DurabilityPolicy(Mode.PER_COMMIT, 0);
    }

    public static DurabilityPolicy interval(long intervalMillis) {
        return new DurabilityPolicy(Mode.INTERVAL, intervalMillis);
    }

    public static DurabilityPolicy os() {
        return new DurabilityPolicy(Mode.OS, 0);
    }

    /** A flush every {@value #DEFAULT_INTERVAL_MILLIS} ms. */
    public static DurabilityPolicy defaults() {
        return interval(DEFAULT_INTERVAL_MILLIS);
    }

    @Override
    public String toString() {
        return mode == Mode.INTERVAL ? "every " + intervalMillis + " ms" : mode.toString();
    }
}
