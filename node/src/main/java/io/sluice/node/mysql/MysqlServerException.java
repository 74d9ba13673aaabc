package io.sluice.node.mysql;

/**
 * The server answered with an ERR packet. Carries the server's error code (e.g. 1045 access denied, 1236 binlog
 * unavailable), its five-character SQL state (empty when the server sent none) and its message, plus the source
 * {@code host:port} so that logs name the server.
 */
public class MysqlServerException extends MysqlException {
    private static final long serialVersionUID = 1L;

    /** Access denied for user (wrong password or unknown user). */
    public static final int ER_ACCESS_DENIED = 1045;
    /** The user lacks a privilege the statement needs. */
    public static final int ER_SPECIFIC_ACCESS_DENIED = 1227;
    /** The binlog dump thread cannot continue: file purged, position past the end, server id clash, GTID gone. */
    public static final int ER_MASTER_FATAL_ERROR_READING_BINLOG = 1236;

    private final int code;
    private final String sqlState;
    private final String serverMessage;
    private final String source;

    public MysqlServerException(String source, int code, String sqlState, String serverMessage) {
        this(source, code, sqlState, serverMessage,
                "server " + source + " returned error " + code + (sqlState.isEmpty() ? "" : " (" + sqlState + ")") + ": "
                        + serverMessage);
    }

    /** For subclasses that explain the error in their own words; {@code message} should still quote the server's. */
    protected MysqlServerException(String source, int code, String sqlState, String serverMessage, String message) {
        super(message);
        this.code = code;
        this.sqlState = sqlState;
        this.serverMessage = serverMessage;
        this.source = source;
    }

    public int code() {
        return code;
    }

    /** Five characters such as {@code 28000}, or empty when the server sent the error before protocol 4.1 was agreed. */
    public String sqlState() {
        return sqlState;
    }

    /** The server's own message text. */
    public String serverMessage() {
        return serverMessage;
    }

    /** {@code host:port} of the server that sent the error. */
    public String source() {
        return source;
    }
}
