package io.sluice.node.mysql;

import java.io.IOException;

/**
 * A failure talking to a MySQL or MariaDB server that is more than a broken socket: the server answered with an error,
 * sent bytes we cannot understand, or asked for something we refuse to do. Subclasses tell which; plain
 * {@link IOException}s from the socket mean the network failed.
 */
public class MysqlException extends IOException {
    private static final long serialVersionUID = 1L;

    public MysqlException(String message) {
        super(message);
    }

    public MysqlException(String message, Throwable cause) {
        super(message, cause);
    }
}
