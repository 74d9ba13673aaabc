package io.sluice.coordinator.schema;

/**
 * A DDL record or the head node failed its CRC32 or format check. DDL records cannot be skipped (the schema built
 * from the rest would be wrong), so readers stop here; the message names the node.
 */
public final class CorruptHistoryException extends SchemaHistoryException {

    private static final long serialVersionUID = 1L;

    public CorruptHistoryException(String message) {
        super(message);
    }
}
