package io.sluice.coordinator.cursor;

/** A cursor node holds data that is no cursor; the message names the node and the fix. */
public final class CorruptCursorException extends RuntimeException {
    public CorruptCursorException(String message) {
        super(message);
    }
}
