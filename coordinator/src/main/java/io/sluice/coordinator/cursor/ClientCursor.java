package io.sluice.coordinator.cursor;

import java.util.Objects;

import io.sluice.common.position.BinlogPosition;

/**
 * A client's acknowledged position, in the source's own terms so that any node can resume it: never a node-local
 * sequence number.
 *
 * @param position         the binlog position after the last acknowledged transaction
 * @param gtidSet          the GTID set (MySQL) or GTID position (MariaDB) processed up to there; empty without GTIDs
 * @param commitTimeMillis source commit time of that transaction, ms since the epoch; 0 if unknown
 * @param updatedAtMillis  when the client acknowledged it, ms since the epoch
 */
public record ClientCursor(BinlogPosition position, String gtidSet, long commitTimeMillis, long updatedAtMillis) {
    public ClientCursor {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(gtidSet, "gtidSet");
        if (commitTimeMillis < 0 || updatedAtMillis < 0) {
            throw new IllegalArgumentException("cursor times must be >= 0, got commitTimeMillis=" + commitTimeMillis
                    + ", updatedAtMillis=" + updatedAtMillis);
        }
    }
}
