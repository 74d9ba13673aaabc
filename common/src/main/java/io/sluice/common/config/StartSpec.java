package io.sluice.common.config;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.common.position.MysqlGtidSet;

/**
 * Where a destination starts reading when it has no position of its own yet. Written as {@code latest},
 * {@code FILE:POS}, {@code gtid:SET} or {@code timestamp:ISO-8601}; {@link #toString()} gives that text back.
 */
public sealed interface StartSpec permits StartSpec.Latest, StartSpec.FilePosition, StartSpec.Gtid,
        StartSpec.Timestamp {

    String ACCEPTED = "latest, a binlog position FILE:POS (mysql-bin.000003:4), gtid:SET (a MySQL GTID set"
            + " uuid:1-100 or a MariaDB GTID position 0-1-100) or timestamp:ISO-8601 (timestamp:2026-11-26T10:00:00Z)";

    /**
     * @throws IllegalArgumentException if {@code text} is none of the accepted forms
     */
    static StartSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.equals("latest")) {
            return Latest.INSTANCE;
        }
        if (t.startsWith("gtid:")) {
            return new Gtid(t.substring("gtid:".length()).strip());
        }
        if (t.startsWith("timestamp:")) {
            String time = t.substring("timestamp:".length()).strip();
            try {
                return new Timestamp(OffsetDateTime.parse(time).toInstant());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + time + "' is not an ISO-8601 time with offset, such as"
                        + " 2026-11-26T10:00:00Z", e);
            }
        }
        return new FilePosition(BinlogPosition.parse(t));
    }

    /** The end of the source's binlog at the first start. */
    record Latest() implements StartSpec {
        public static final Latest INSTANCE = new Latest();

        @Override
        public String toString() {
            return "latest";
        }
    }

    /** A binlog file and offset. */
    record FilePosition(BinlogPosition position) implements StartSpec {
        public FilePosition {
            Objects.requireNonNull(position, "position");
        }

        @Override
        public String toString() {
            return position.toString();
        }
    }

    /**
     * A GTID set (MySQL) or GTID position (MariaDB) already processed, kept as text: which of the two it is depends
     * on the source's flavour, which only the node that connects learns.
     */
    record Gtid(String set) implements StartSpec {
        public Gtid {
            Objects.requireNonNull(set, "set");
            if (!parsesAsMysql(set) && !parsesAsMariaDb(set)) {
                throw new IllegalArgumentException("'" + set + "' is neither a MySQL GTID set"
                        + " (3e11fa47-71ca-11e1-9e33-c80aa9429562:1-100) nor a MariaDB GTID position (0-1-100)");
            }
        }

        private static boolean parsesAsMysql(String set) {
            try {
                MysqlGtidSet.parse(set);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static boolean parsesAsMariaDb(String set) {
            try {
                MariaDbGtidPosition.parse(set);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "gtid:" + set;
        }
    }

    /** The first transaction committed at or after {@code time}. */
    record Timestamp(Instant time) implements StartSpec {
        public Timestamp {
            Objects.requireNonNull(time, "time");
            if (time.getEpochSecond() < 0 || time.getEpochSecond() > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("binlog timestamps are unsigned 32-bit seconds since 1970; " + time
                        + " is out of their range");
            }
        }

        @Override
        public String toString() {
            return "timestamp:" + time;
        }
    }
}
