package io.sluice.node.mysql;

/**
 * We refuse to authenticate, or cannot: the server asks for a plugin we do not support, or for one that would send
 * the password unprotected, or for an RSA key exchange that is not allowed by the configuration. The message names
 * the setting or server change that fixes it. A wrong password is a {@link MysqlServerException} (code 1045) instead.
 */
public class MysqlAuthenticationException extends MysqlException {
    private static final long serialVersionUID = 1L;

    public MysqlAuthenticationException(String message) {
        super(message);
    }

    public MysqlAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
