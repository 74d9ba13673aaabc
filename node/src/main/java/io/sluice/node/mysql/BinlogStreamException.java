package io.sluice.node.mysql;

/**
 * The stream stopped for good: its cause (see {@link #getCause()}) cannot be cured by reconnecting, e.g. the binlog
 * position is no longer on the source ({@link BinlogUnavailableException}) or the credentials stopped working.
 * Thrown by {@link BinlogStream#take()} after every event read before the failure has been taken.
 */
public class BinlogStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BinlogStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
