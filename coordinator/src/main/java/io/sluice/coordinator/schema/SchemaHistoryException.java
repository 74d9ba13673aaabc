package io.sluice.coordinator.schema;

/** A schema history operation failed; the message names the destination, the ZooKeeper path and the fix. */
public class SchemaHistoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaHistoryException(String message) {
        super(message);
    }

    public SchemaHistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
