package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;

/**
 * One in-process ZooKeeper server on a free port of localhost, with a temp data directory that
 * {@link #close()} deletes. A thin wrapper over curator-test's {@link TestingServer} that turns its checked exceptions
 * into unchecked ones. Not thread-safe: drive it from the test thread.
 */
public final class ZooKeeperServer implements AutoCloseable {

    private final TestingServer server;

    private ZooKeeperServer(TestingServer server) {
        this.server = server;
    }

    /**
     * Starts a server and returns once it listens.
     *
     * @throws IllegalStateException if it cannot start
     */
    public static ZooKeeperServer start() {
        try {
            return new ZooKeeperServer(new TestingServer(true));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start an in-process ZooKeeper server: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} for ZooKeeper or Curator clients; stays the same across {@link #restart()}. */
    public String connectString() {
        return server.getConnectString();
    }

    public int port() {
        return server.getPort();
    }

    /** A started, connected Curator client for this server (see {@link CuratorClients}); the caller closes it. */
    public CuratorFramework newClient() {
        return CuratorClients.connect(connectString());
    }

    /** Stops the server, keeping its data; clients see the connection drop. */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop the ZooKeeper server on port " + port(), e);
        }
    }

    /** Starts the server again (stopping it first if needed) on the same port with the same data. */
    public void restart() {
        try {
            server.restart();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot restart the ZooKeeper server on port " + port(), e);
        }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the ZooKeeper server on port " + port(), e);
        }
    }
}
