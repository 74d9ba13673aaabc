package io.sluice.coordinator.schema;

import java.util.List;
import java.util.Optional;

/**
 * The answer of {@link SchemaHistoryStore#latestSnapshotAtOrBefore(long)}: the newest complete, intact snapshot, and
 * every newer candidate that was passed over with the reason (no meta node yet, a CRC32 mismatch, a missing chunk).
 *
 * @param snapshot the snapshot found, if any
 * @param id       its node name (empty when none was found)
 * @param skipped  candidates passed over, newest first
 */
public record SnapshotLookup(Optional<SchemaSnapshot> snapshot, String id, List<Skipped> skipped) {

    public SnapshotLookup {
        skipped = List.copyOf(skipped);
    }

    /** A snapshot that could not be used, with its ZooKeeper path and the reason. */
    public record Skipped(String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }
}
