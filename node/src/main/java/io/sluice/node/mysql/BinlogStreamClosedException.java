package io.sluice.node.mysql;

/** {@link BinlogStream#take()} or {@link BinlogStream#poll} was called on, or interrupted by, a closed stream. */
public class BinlogStreamClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BinlogStreamClosedException(String message) {
        super(message);
    }
}
