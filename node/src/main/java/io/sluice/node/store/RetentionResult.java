package io.sluice.node.store;

/**
 * What one {@link EventLog#applyRetention} call deleted.
 *
 * @param segmentsDeleted           whole sealed segments deleted
 * @param recordsDeleted            records in them
 * @param bytesDeleted              bytes of their data files
 * @param firstSequence             the log's first retained sequence afterwards
 * @param unacknowledgedRecordsDropped records at or after the protected sequence that the hard cap forced out; a
 *                                  client positioned among them gets {@link PositionNotRetainedException}
 */
public record RetentionResult(int segmentsDeleted, long recordsDeleted, long bytesDeleted, long firstSequence,
        long unacknowledgedRecordsDropped) {

    /** Whether anything was deleted. */
    public boolean deletedAny() {
        return segmentsDeleted > 0;
    }
}
