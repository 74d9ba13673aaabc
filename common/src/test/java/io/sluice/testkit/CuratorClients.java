package io.sluice.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryUntilElapsed;

/**
 * Curator clients for tests: started, connected, and with timeouts short enough that a lost server shows within
 * seconds rather than Curator's default minute.
 */
public final class CuratorClients {

    /** ZooKeeper grants at least 2 ticks (6 s with curator-test's 3 s tick); 10 s leaves room for a slow CI. */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    /** How long an operation keeps retrying through connection loss, e.g. while an ensemble elects a leader. */
    public static final Duration RETRY_FOR = Duration.ofSeconds(15);
    public static final Duration RETRY_INTERVAL = Duration.ofMillis(100);
    /** How long {@link #connect(String)} waits for the first connection. */
    public static final Duration CONNECT_WAIT = Duration.ofSeconds(15);

    private CuratorClients() {
    }

    /**
     * Starts a client for {@code connectString} and waits until it is connected; the caller closes it.
     *
     * @throws IllegalStateException if no server answers within {@link #CONNECT_WAIT}
     */
    public static CuratorFramework connect(String connectString) {
        return connect(connectString, CONNECT_WAIT);
    }

    /**
     * Starts a client for {@code connectString} and waits at most {@code connectWait} until it is connected; the
     * caller closes it.
     *
     * @throws IllegalStateException if no server answers in time
     */
    public static CuratorFramework connect(String connectString, Duration connectWait) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) SESSION_TIMEOUT.toMillis())
                .connectionTimeoutMs((int) CONNECTION_TIMEOUT.toMillis())
                .retryPolicy(new RetryUntilElapsed((int) RETRY_FOR.toMillis(), (int) RETRY_INTERVAL.toMillis()))
                .build();
        client.start();
        boolean connected;
        try {
            connected = client.blockUntilConnected((int) connectWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to ZooKeeper at " + connectString, e);
        }
        if (!connected) {
            client.close();
            throw new IllegalStateException("No ZooKeeper server at " + connectString + " answered within "
                    + connectWait.toMillis() + " ms; is the server (or a quorum of the ensemble) running?");
        }
        return client;
    }
}
