package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void networkFailuresAndEndedConnectionsAreRetried() {
        assertTrue(RetryPolicy.retryable(new EOFException("closed")));
        assertTrue(RetryPolicy.retryable(new ConnectException("refused")));
        assertTrue(RetryPolicy.retryable(new SocketTimeoutException("read timed out")));
        assertTrue(RetryPolicy.retryable(new MysqlServerException("db:1", 1053, "08S01", "Server shutdown in progress")));
        assertTrue(RetryPolicy.retryable(new MysqlServerException("db:1", 1927, "70100", "Connection was killed")));
        assertTrue(RetryPolicy.retryable(new MysqlServerException("db:1", 1040, "08004", "Too many connections")));
    }

    @Test
    void whatWouldFailAgainIsFatal() {
        assertFalse(RetryPolicy.retryable(new MysqlServerException("db:1", 1045, "28000", "Access denied")));
        assertFalse(RetryPolicy.retryable(new MysqlProtocolException("bad packet")));
        assertFalse(RetryPolicy.retryable(new MysqlAuthenticationException("unsupported plugin")));
        assertFalse(RetryPolicy.retryable(new MysqlTlsException("certificate refused")));
        assertFalse(RetryPolicy.retryable(new PreflightException("db:1", List.of("binlog off"))));
        MysqlServerException purged = new MysqlServerException("db:1", 1236, "HY000",
                "Could not find first log file name in binary log index file");
        assertFalse(RetryPolicy.retryable(DumpErrorTranslator.translate(purged, StartPosition.latest(), List::of)));
        assertFalse(RetryPolicy.retryable(new IllegalStateException("a bug")));
    }
}
