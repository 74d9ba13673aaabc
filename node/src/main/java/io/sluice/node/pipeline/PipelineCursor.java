package io.sluice.node.pipeline;

import java.util.Objects;

import io.sluice.common.position.BinlogPosition;

/**
 * Where a destination resumes: the binlog position right after the last transaction whose entries were all handed
 * to the sink, and the GTID of that transaction (null when the source has none or no transaction was handed out).
 * {@code toString} prints what an operator types: {@code mysql-bin.000003:1234}.
 */
public record PipelineCursor(BinlogPosition position, String gtid) {
    public PipelineCursor {
        Objects.requireNonNull(position, "position");
        if (gtid != null && gtid.isBlank()) {
            throw new IllegalArgumentException("gtid must be null or non-blank, got '" + gtid + "' at " + position);
        }
    }

    @Override
    public String toString() {
        return gtid == null ? position.toString() : position + " gtid=" + gtid;
    }
}
