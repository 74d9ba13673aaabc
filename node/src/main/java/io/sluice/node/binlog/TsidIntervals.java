package io.sluice.node.binlog;

import java.util.Objects;
import java.util.UUID;

/**
 * The GTIDs of one transaction source in a GTID set: a server UUID, a tag (MySQL 8.4+, empty if none) and
 * sorted, disjoint intervals of transaction numbers.
 *
 * @param intervals {@code start, end} pairs of half-open intervals {@code [start, end)}, flattened, as the binlog
 *                  stores them; do not modify
 */
public record TsidIntervals(UUID uuid, String tag, long[] intervals) {
    public TsidIntervals {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(intervals, "intervals");
    }

    public int intervalCount() {
        return intervals.length / 2;
    }

    /** MySQL's text form for this source: {@code uuid:1-3:5}, with {@code :tag} after the uuid when tagged. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(uuid.toString());
        if (!tag.isEmpty()) {
            s.append(':').append(tag);
        }
        for (int i = 0; i < intervals.length; i += 2) {
            s.append(':').append(intervals[i]);
            if (intervals[i + 1] - 1 != intervals[i]) {
                s.append('-').append(intervals[i + 1] - 1);
            }
        }
        return s.toString();
    }
}
