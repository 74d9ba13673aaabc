package io.sluice.node.mysql;

/**
 * A packet's payload is larger than the configured maximum. The connection cannot be resynchronised (the rest of the
 * payload is still on the wire), so it must be closed.
 */
public class PacketTooLargeException extends MysqlProtocolException {
    private static final long serialVersionUID = 1L;

    public PacketTooLargeException(String message) {
        super(message);
    }
}
