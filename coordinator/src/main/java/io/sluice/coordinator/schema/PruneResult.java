package io.sluice.coordinator.schema;

/**
 * What {@link SchemaHistoryWriter#prune(long)} or {@link SchemaHistoryWriter#clear()} deleted.
 *
 * @param ddlRecordsDeleted DDL record nodes deleted
 * @param snapshotsDeleted  snapshots deleted, complete or not
 */
public record PruneResult(int ddlRecordsDeleted, int snapshotsDeleted) {
}
