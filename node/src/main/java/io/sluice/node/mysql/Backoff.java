package io.sluice.node.mysql;

import java.time.Duration;

/** How long to wait before a reconnect attempt. Implementations must be thread-safe (they are usually immutable). */
@FunctionalInterface
public interface Backoff {
    /** The wait before attempt {@code attempt} (1 for the first retry after a failure). */
    Duration delayBefore(int attempt);
}
