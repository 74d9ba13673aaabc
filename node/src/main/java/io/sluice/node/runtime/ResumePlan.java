package io.sluice.node.runtime;

import java.util.Objects;

import io.sluice.common.position.BinlogPosition;

/**
 * Where a destination's source stream starts, and why.
 *
 * @param origin       which rule chose the start
 * @param position     the binlog position to dump from; null only for {@link Origin#CONFIGURED}
 * @param executedGtids the source's executed GTID set at {@code position}, empty when unknown or without GTIDs
 */
record ResumePlan(Origin origin, BinlogPosition position, String executedGtids) {
    enum Origin {
        /** The store's last complete transaction: the store already holds everything clients need. */
        STORE,
        /** The lowest client cursor: the store was empty or older than every client, and was emptied. */
        CLIENT_CURSOR,
        /** The destination's configured start: no store and no clients yet. */
        CONFIGURED
    }

    ResumePlan {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(executedGtids, "executedGtids");
        if ((position == null) != (origin == Origin.CONFIGURED)) {
            throw new IllegalArgumentException("a " + origin + " plan " + (position == null ? "needs" : "has no")
                    + " position");
        }
    }

    @Override
    public String toString() {
        return origin == Origin.CONFIGURED ? "the configured start"
                : position + (executedGtids.isEmpty() ? "" : " (gtid " + executedGtids + ")") + " from the "
                        + (origin == Origin.STORE ? "store" : "lowest client cursor");
    }
}
