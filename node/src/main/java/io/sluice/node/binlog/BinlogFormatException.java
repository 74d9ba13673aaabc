package io.sluice.node.binlog;

/**
 * Bytes that do not form a valid binlog event or value. Decoding code throws only this (or its
 * subclasses) for bad input; the stream wraps it with the file and position it happened at.
 */
public class BinlogFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BinlogFormatException(String message) {
        super(message);
    }

    public BinlogFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
