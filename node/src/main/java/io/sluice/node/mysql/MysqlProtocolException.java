package io.sluice.node.mysql;

/**
 * The server sent bytes that do not fit the protocol: a malformed or unexpected packet, a sequence id out of order,
 * or a capability we require that it lacks. Retrying the same exchange would fail the same way, so a stream treats
 * this as fatal.
 */
public class MysqlProtocolException extends MysqlException {
    private static final long serialVersionUID = 1L;

    public MysqlProtocolException(String message) {
        super(message);
    }

    public MysqlProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
