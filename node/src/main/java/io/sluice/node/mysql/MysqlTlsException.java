package io.sluice.node.mysql;

/**
 * TLS could not be set up as configured: the server offers no TLS while the mode requires it, its certificate is not
 * trusted or does not name the host, or the CA file cannot be read. Retrying does not help until the configuration
 * or the server changes.
 */
public class MysqlTlsException extends MysqlException {
    private static final long serialVersionUID = 1L;

    public MysqlTlsException(String message) {
        super(message);
    }

    public MysqlTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
