package io.sluice.node.server;

import java.util.concurrent.TimeUnit;

/**
 * How long a get may wait, with canal's meaning of the Get packet's timeout (CanalServerWithEmbedded):
 * <ul>
 * <li>-1 (what canal's client sends when its caller gives no timeout): return at once with what is there;</li>
 * <li>0 or another negative value (0 is also what an absent field reads as): wait until the batch is full, however
 * long it takes;</li>
 * <li>positive: wait until the batch is full or the timeout has passed, then return what is there.</li>
 * </ul>
 *
 * @param kind           which of the three
 * @param deadlineNanos  for {@link Kind#DEADLINE}, the {@link System#nanoTime()} at which waiting stops
 */
record FetchWait(Kind kind, long deadlineNanos) {
    enum Kind { NONE, UNTIL_FULL, DEADLINE }

    static final FetchWait NONE = new FetchWait(Kind.NONE, 0);
    static final FetchWait UNTIL_FULL = new FetchWait(Kind.UNTIL_FULL, 0);

    /** Longer than this is the same as waiting until full; keeps {@code now + timeout} from overflowing. */
    private static final long LONGEST_DEADLINE_NANOS = TimeUnit.DAYS.toNanos(365);

    /**
     * @param timeout  the Get's timeout field
     * @param unit     the Get's unit field, a {@link TimeUnit} ordinal; anything else means milliseconds, as in canal
     * @param nowNanos {@link System#nanoTime()} when the request arrived
     */
    static FetchWait of(long timeout, int unit, long nowNanos) {
        if (timeout == -1) {
            return NONE;
        }
        if (timeout <= 0) {
            return UNTIL_FULL;
        }
        long nanos = unitOf(unit).toNanos(timeout);
        if (nanos >= LONGEST_DEADLINE_NANOS) {
            return UNTIL_FULL;
        }
        return new FetchWait(Kind.DEADLINE, nowNanos + nanos);
    }

    static FetchWait deadline(long deadlineNanos) {
        return new FetchWait(Kind.DEADLINE, deadlineNanos);
    }

    static TimeUnit unitOf(int ordinal) {
        TimeUnit[] units = TimeUnit.values();
        return ordinal >= 0 && ordinal < units.length ? units[ordinal] : TimeUnit.MILLISECONDS;
    }

    /** How long a read may still wait at {@code nowNanos}: 0 for none, {@link Long#MAX_VALUE} for no limit. */
    long remainingNanos(long nowNanos) {
        return switch (kind) {
            case NONE -> 0;
            case UNTIL_FULL -> Long.MAX_VALUE;
            case DEADLINE -> Math.max(0, deadlineNanos - nowNanos);
        };
    }
}
