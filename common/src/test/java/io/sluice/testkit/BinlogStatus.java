package io.sluice.testkit;

import java.util.Objects;

/**
 * Where a server's binlog ends right now: {@code SHOW MASTER STATUS} plus {@code @@gtid_binlog_pos}.
 *
 * @param file          current binlog file name, e.g. {@code mysql-bin.000002}
 * @param position      offset just past the last event written to {@code file}
 * @param gtidBinlogPos the GTID of the last event group per domain, e.g. {@code 0-1-3}; empty before the first
 */
public record BinlogStatus(String file, long position, String gtidBinlogPos) {

    public BinlogStatus {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(gtidBinlogPos, "gtidBinlogPos");
        if (position < 4) {
            // Every binlog file starts with a 4-byte magic number, so no event ends before offset 4.
            throw new IllegalArgumentException("binlog position must be >= 4, got " + position);
        }
    }

    /** As an operator would type it: {@code mysql-bin.000002:841 gtid=0-1-3}. */
    @Override
    public String toString() {
        return file + ":" + position + " gtid=" + gtidBinlogPos;
    }
}
