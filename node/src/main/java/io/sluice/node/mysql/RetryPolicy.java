package io.sluice.node.mysql;

import java.io.IOException;
import java.util.Set;

/**
 * Which failures of a running stream are worth a reconnect: the network (any plain {@link IOException}: reset, EOF,
 * timeout, refused connection) and server errors that mean "this connection ended, try again" (shutdown, killed,
 * too many connections). Everything that would fail the same way again is fatal: authentication, TLS, protocol
 * errors, preflight problems and an unavailable binlog position.
 */
final class RetryPolicy {
    /** Server error codes after which a new connection may well succeed. */
    private static final Set<Integer> TRANSIENT_SERVER_ERRORS = Set.of(
            1040,   // ER_CON_COUNT_ERROR: too many connections
            1053,   // ER_SERVER_SHUTDOWN: server shutdown in progress
            1152,   // ER_ABORTING_CONNECTION
            1156, 1157, 1158, 1159, 1160, 1161, // ER_NET_*: packet errors, read/write errors and timeouts
            1184,   // ER_NEW_ABORTING_CONNECTION
            1317,   // ER_QUERY_INTERRUPTED
            1927,   // MariaDB ER_CONNECTION_KILLED
            3169,   // MySQL ER_SESSION_WAS_KILLED
            4031);  // MySQL ER_CLIENT_INTERACTION_TIMEOUT

    private RetryPolicy() {
    }

    static boolean retryable(Throwable failure) {
        if (failure instanceof BinlogUnavailableException) {
            return false;
        }
        if (failure instanceof MysqlServerException server) {
            return TRANSIENT_SERVER_ERRORS.contains(server.code());
        }
        if (failure instanceof MysqlException) {
            return false;
        }
        return failure instanceof IOException;
    }
}
