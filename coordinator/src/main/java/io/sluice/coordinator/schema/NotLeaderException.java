package io.sluice.coordinator.schema;

/**
 * A write was refused because another writer claimed the schema history since this writer did: this node is not
 * the leader of the destination any more. Nothing was written. The writer is dead from then on; the node must step
 * down (and claim again only after winning a new leadership term).
 */
public final class NotLeaderException extends SchemaHistoryException {

    private static final long serialVersionUID = 1L;

    private final long writerEpoch;
    private final long currentEpoch;

    public NotLeaderException(String message, long writerEpoch, long currentEpoch) {
        super(message);
        this.writerEpoch = writerEpoch;
        this.currentEpoch = currentEpoch;
    }

    /** The epoch the refused writer claimed with. */
    public long writerEpoch() {
        return writerEpoch;
    }

    /** The epoch found in the head node when the write was refused (-1 if the head node was gone). */
    public long currentEpoch() {
        return currentEpoch;
    }
}
