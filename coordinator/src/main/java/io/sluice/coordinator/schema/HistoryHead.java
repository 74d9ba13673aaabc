package io.sluice.coordinator.schema;

/**
 * The fence and counter of a destination's schema history.
 *
 * @param epoch        the leadership epoch of the writer that claimed the history last; 0 if none ever did
 * @param lastSequence the last DDL sequence handed out; 0 if none. Sequences are never handed out twice, not even
 *                     after {@link SchemaHistoryWriter#clear()}
 */
public record HistoryHead(long epoch, long lastSequence) {

    public static final HistoryHead EMPTY = new HistoryHead(0, 0);

    public HistoryHead {
        if (epoch < 0 || lastSequence < 0) {
            throw new IllegalArgumentException("epoch and lastSequence must be >= 0, got " + epoch + ", " + lastSequence);
        }
    }
}
