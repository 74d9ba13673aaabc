package io.sluice.node.mysql;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a binlog stream starts. The concrete kinds are {@link ResumePoint}s (a file position or a GTID position);
 * {@link Latest} and {@link AtTimestamp} are resolved to a file position once, when the stream opens, so that a
 * reconnect never re-resolves them.
 */
public sealed interface StartPosition permits StartPosition.Latest, StartPosition.AtTimestamp, ResumePoint {

    /** The end of the source's binlog now: only changes committed from now on. */
    static StartPosition latest() {
        return Latest.INSTANCE;
    }

    /** The first transaction committed at or after {@code time} (see {@link TimestampLocator} for the precision). */
    static StartPosition at(Instant time) {
        return new AtTimestamp(time);
    }

    /** The end of the binlog (SHOW MASTER STATUS, or SHOW BINARY LOG STATUS on MySQL 8.2+). */
    record Latest() implements StartPosition {
        static final Latest INSTANCE = new Latest();

        @Override
        public String toString() {
            return "latest";
        }
    }

    /** The first transaction committed at or after {@code time}. */
    record AtTimestamp(Instant time) implements StartPosition {
        public AtTimestamp {
            Objects.requireNonNull(time, "time");
            if (time.getEpochSecond() < 0 || time.getEpochSecond() > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("binlog timestamps are unsigned 32-bit seconds; " + time
                        + " is out of their range");
            }
        }

        @Override
        public String toString() {
            return "timestamp " + time;
        }
    }
}
