package io.sluice.node.mysql;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code initial}, then doubling (times {@code multiplier}) up to {@code max}: 100 ms, 200 ms, 400 ms ... 30 s with
 * the defaults. Immutable.
 */
public record ExponentialBackoff(Duration initial, Duration max, double multiplier) implements Backoff {

    public static final ExponentialBackoff DEFAULT =
            new ExponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(30), 2.0);

    public ExponentialBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff (" + max + ") must be at least the initial one (" + initial
                    + ")");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("backoff multiplier must be a finite number >= 1, got " + multiplier);
        }
    }

    @Override
    public Duration delayBefore(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
        }
        double nanos = initial.toNanos() * Math.pow(multiplier, attempt - 1);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }
}
