package io.sluice.node.store;

import java.time.Clock;
import java.util.Objects;

/**
 * Settings of one segment, checked once here.
 *
 * @param indexIntervalBytes bytes of records between sparse index entries; 0 indexes every record but the first
 * @param maxRecordBytes     largest record accepted on append and believed on read, header included
 * @param clock              source of the segment's creation time (for age-based rolling); injected for tests
 */
public record SegmentConfig(int indexIntervalBytes, int maxRecordBytes, Clock clock) {
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

    public SegmentConfig {
        Objects.requireNonNull(clock, "clock");
        if (indexIntervalBytes < 0) {
            throw new IllegalArgumentException("indexIntervalBytes must be >= 0, got " + indexIntervalBytes);
        }
        if (maxRecordBytes < RecordFormat.MIN_RECORD_SIZE) {
            throw new IllegalArgumentException("maxRecordBytes must be >= " + RecordFormat.MIN_RECORD_SIZE
                    + " (the smallest record), got " + maxRecordBytes);
        }
    }

    /** 4 KB index interval, 64 MB records, the system clock. */
    public static SegmentConfig defaults() {
        return new SegmentConfig(DEFAULT_INDEX_INTERVAL_BYTES, DEFAULT_MAX_RECORD_BYTES, Clock.systemUTC());
    }
}
