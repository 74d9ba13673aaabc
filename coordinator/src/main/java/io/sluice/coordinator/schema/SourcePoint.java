package io.sluice.coordinator.schema;

import java.time.Instant;
import java.util.Objects;

import io.sluice.common.position.BinlogPosition;

/**
 * Where in the source a DDL statement or a snapshot sits, in source terms: the binlog position of the event, the
 * GTID text the source reported for it (a MySQL GTID set or a MariaDB GTID position, or null when the source does
 * not use GTIDs) and the event's timestamp.
 */
public record SourcePoint(BinlogPosition binlog, String gtid, Instant timestamp) {

    public SourcePoint {
        Objects.requireNonNull(binlog, "binlog");
        Objects.requireNonNull(timestamp, "timestamp");
        if (gtid != null && gtid.isBlank()) {
            throw new IllegalArgumentException("gtid must be null or non-blank, got '" + gtid + "' at " + binlog);
        }
    }

    /** A point without GTID. */
    public static SourcePoint of(BinlogPosition binlog, Instant timestamp) {
        return new SourcePoint(binlog, null, timestamp);
    }

    @Override
    public String toString() {
        return gtid == null ? binlog + " @" + timestamp : binlog + " gtid=" + gtid + " @" + timestamp;
    }
}
