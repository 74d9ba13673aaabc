package io.sluice.node.mysql;

import java.util.Objects;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.common.position.MysqlGtidSet;

/**
 * A concrete place to (re)start a binlog dump from: a file position, a MySQL executed GTID set, or a MariaDB GTID
 * position. A consumer hands one to {@link BinlogStream#resumeFrom} after each transaction it has fully processed.
 */
public sealed interface ResumePoint extends StartPosition
        permits ResumePoint.AtFile, ResumePoint.AtMysqlGtids, ResumePoint.AtMariaDbGtids {

    /** Just before the event at {@code position}; for a transaction boundary, the offset after its commit event. */
    static ResumePoint file(BinlogPosition position) {
        return new AtFile(position);
    }

    /** The transactions not in {@code executed} (MySQL with gtid_mode=ON). */
    static ResumePoint mysqlGtids(MysqlGtidSet executed) {
        return new AtMysqlGtids(executed);
    }

    /** In each domain, the transactions after the GTID listed for it (MariaDB). */
    static ResumePoint mariaDbGtids(MariaDbGtidPosition position) {
        return new AtMariaDbGtids(position);
    }

    /** A file position; the offset is at least 4, past the binlog file's magic number. */
    record AtFile(BinlogPosition position) implements ResumePoint {
        /** Every binlog file starts with a 4-byte magic number; the first event is at offset 4. */
        public static final long FIRST_EVENT_OFFSET = 4;
        /** COM_BINLOG_DUMP carries the offset in 4 bytes. */
        public static final long MAX_OFFSET = 0xFFFF_FFFFL;

        public AtFile {
            Objects.requireNonNull(position, "position");
            if (position.offset() < FIRST_EVENT_OFFSET || position.offset() > MAX_OFFSET) {
                throw new IllegalArgumentException("binlog dump offset must be in " + FIRST_EVENT_OFFSET + ".."
                        + MAX_OFFSET + " (events start after the 4-byte file header; the dump command has 4 bytes for"
                        + " it), got " + position);
            }
        }

        @Override
        public String toString() {
            return position.toString();
        }
    }

    /** A MySQL GTID set: the stream sends every transaction not in it. */
    record AtMysqlGtids(MysqlGtidSet executed) implements ResumePoint {
        public AtMysqlGtids {
            Objects.requireNonNull(executed, "executed");
        }

        @Override
        public String toString() {
            return "gtid_executed " + executed;
        }
    }

    /** A MariaDB GTID position: per domain, the last transaction already processed. */
    record AtMariaDbGtids(MariaDbGtidPosition position) implements ResumePoint {
        public AtMariaDbGtids {
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String toString() {
            return "gtid_pos " + position;
        }
    }
}
