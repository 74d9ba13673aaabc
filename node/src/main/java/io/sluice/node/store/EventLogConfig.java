package io.sluice.node.store;

import java.util.Objects;

/**
 * Settings of one destination's {@link EventLog}, checked once here.
 *
 * @param segmentBytes     roll to a new segment before an append once the active segment holds at least this many
 *                         bytes; a segment therefore exceeds it by at most one record. At most 2 GB (segment limit)
 * @param segmentAgeMillis roll before an append once the active segment was created or opened at least this long
 *                         ago by the segment clock; {@link Long#MAX_VALUE} never rolls by age
 * @param segment          settings of each segment; its clock is also the clock for age-based rolling
 * @param durability       when appended records are forced to the storage device
 * @param retention        how much {@link EventLog#applyRetention} keeps; {@link RetentionPolicy#UNLIMITED} keeps all
 */
public record EventLogConfig(long segmentBytes, long segmentAgeMillis, SegmentConfig segment,
        DurabilityPolicy durability, RetentionPolicy retention) {
    public static final long DEFAULT_SEGMENT_BYTES = 256L * 1024 * 1024;
    public static final long DEFAULT_SEGMENT_AGE_MILLIS = 7L * 24 * 3600 * 1000;

    public EventLogConfig {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(retention, "retention");
        if (segmentBytes < 1 || segmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segmentBytes must be in [1, " + Integer.MAX_VALUE + "], got "
                    + segmentBytes);
        }
        if (segmentAgeMillis < 1) {
            throw new IllegalArgumentException("segmentAgeMillis must be >= 1, got " + segmentAgeMillis);
        }
    }

    /** The given settings, keeping everything (no retention limits). */
    public EventLogConfig(long segmentBytes, long segmentAgeMillis, SegmentConfig segment,
            DurabilityPolicy durability) {
        this(segmentBytes, segmentAgeMillis, segment, durability, RetentionPolicy.UNLIMITED);
    }

    /** The given segment settings with the default durability, a flush every 100 ms, and no retention limits. */
    public EventLogConfig(long segmentBytes, long segmentAgeMillis, SegmentConfig segment) {
        this(segmentBytes, segmentAgeMillis, segment, DurabilityPolicy.defaults());
    }

    /** 256 MB segments rolled after 7 days, default segment settings, a flush every 100 ms, everything kept. */
    public static EventLogConfig defaults() {
        return new EventLogConfig(DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_AGE_MILLIS, SegmentConfig.defaults());
    }

    /** This configuration with another durability policy. */
    public EventLogConfig withDurability(DurabilityPolicy policy) {
        return new EventLogConfig(segmentBytes, segmentAgeMillis, segment, policy, retention);
    }

    /** This configuration with another retention policy. */
    public EventLogConfig withRetention(RetentionPolicy policy) {
        return new EventLogConfig(segmentBytes, segmentAgeMillis, segment, durability, policy);
    }
}
