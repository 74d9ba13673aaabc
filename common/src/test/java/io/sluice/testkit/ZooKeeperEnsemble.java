package io.sluice.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingZooKeeperServer;

/**
 * An in-process ZooKeeper ensemble (a quorum of servers on free ports of localhost) whose members can be stopped,
 * killed and restarted one by one, to test behaviour across leader elections and lost servers. A thin wrapper over
 * curator-test's {@link TestingCluster}; servers are addressed by index, 0 to {@code size() - 1}, in a fixed order.
 * Not thread-safe: drive it from the test thread.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {

    private static final int FOUR_LETTER_TIMEOUT_MILLIS = 1000;

    private final TestingCluster cluster;
    private final List<TestingZooKeeperServer> servers;

    private ZooKeeperEnsemble(TestingCluster cluster) {
        this.cluster = cluster;
        this.servers = List.copyOf(cluster.getServers());
    }

    /** Starts a three-server ensemble, which keeps a quorum with any one server down. */
    public static ZooKeeperEnsemble start() {
        return start(3);
    }

    /**
     * Starts {@code size} servers. They elect a leader in the background; clients made with {@link #newClient()}
     * wait for it.
     *
     * @throws IllegalStateException if a server cannot start
     */
    public static ZooKeeperEnsemble start(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("An ensemble needs at least one server, got " + size);
        }
        TestingCluster cluster = new TestingCluster(size);
        try {
            cluster.start();
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("Cannot start a ZooKeeper ensemble of " + size + ": " + e.getMessage(), e);
        }
        return new ZooKeeperEnsemble(cluster);
    }

    public int size() {
        return servers.size();
    }

    /** {@code host:port,...} of all servers, for clients that should fail over. */
    public String connectString() {
        return cluster.getConnectString();
    }

    /** {@code host:port} of server {@code index} only, for a client that must talk to that server. */
    public String connectString(int index) {
        InstanceSpec spec = spec(index);
        return spec.getHostname() + ":" + spec.getPort();
    }

    /** A started, connected Curator client for the whole ensemble (see {@link CuratorClients}). */
    public CuratorFramework newClient() {
        return CuratorClients.connect(connectString());
    }

    /** Shuts server {@code index} down cleanly, keeping its data. */
    public void stop(int index) {
        try {
            server(index).stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stop ZooKeeper server " + index, e);
        }
    }

    /** Stops server {@code index} abruptly, as a crash would: sockets are closed without a goodbye. */
    public void kill(int index) {
        server(index).kill();
    }

    /** Starts server {@code index} again (stopping it first if it runs) on the same ports with the same data. */
    public void restart(int index) {
        try {
            server(index).restart();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot restart ZooKeeper server " + index + ": " + e.getMessage(), e);
        }
    }

    /**
     * The index of the server that says it leads, asked with the {@code srvr} command (the one four-letter word
     * ZooKeeper allows by default); empty while an election runs or if no server answers.
     */
    public OptionalInt leaderIndex() {
        for (int i = 0; i < size(); i++) {
            if (fourLetterWord(spec(i).getPort(), "srvr").contains("Mode: leader")) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** Stops every server and deletes their data directories. */
    @Override
    public void close() {
        try {
            cluster.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the ZooKeeper ensemble", e);
        }
    }

    private TestingZooKeeperServer server(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("Server index " + index + " is not in 0.." + (size() - 1));
        }
        return servers.get(index);
    }

    private InstanceSpec spec(int index) {
        return server(index).getInstanceSpec();
    }

    /** Sends a four-letter command and returns the reply, or "" if the server does not answer. */
    private static String fourLetterWord(int port, String command) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), FOUR_LETTER_TIMEOUT_MILLIS);
            socket.setSoTimeout(FOUR_LETTER_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            // The server closes the connection after the reply, so reading to the end is bounded.
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(TestingCluster cluster) {
        try {
            cluster.close();
        } catch (IOException | RuntimeException e) {
            // Already failing with the start error, which matters more.
        }
    }
}
