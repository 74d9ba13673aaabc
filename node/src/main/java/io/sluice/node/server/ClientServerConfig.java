package io.sluice.node.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link ClientServer}, checked once here.
 *
 * @param host              address to bind, e.g. {@code 0.0.0.0}
 * @param port              port to bind; 0 picks a free one ({@link ClientServer#port()} tells which)
 * @param users             who may log in; empty accepts every user, as canal without {@code canal.user}
 * @param maxFrameBytes     largest client-to-server packet; a longer length header closes the connection
 * @param maxBatchEntries   most entries per batch, whatever a client asks for
 * @param maxBatchBytes     a batch stops growing at this many entry bytes
 * @param maxScanRecords    most stored records one get reads (kept or filtered out)
 * @param maxConnections    connections beyond this are closed at once
 * @param maxQueuedRequests requests of one connection waiting for their turn; beyond it the connection is closed
 * @param idleTimeoutMillis idle limit of a logged-in connection when the client names none (canal: 1 hour)
 * @param loginTimeoutMillis a connection must log in within this
 * @param shutdownMillis    how long {@link ClientServer#close()} waits for answers in flight
 * @param ioThreads         Netty event loop threads; 0 for Netty's default
 */
public record ClientServerConfig(String host, int port, List<ClientUser> users, int maxFrameBytes,
        int maxBatchEntries, long maxBatchBytes, int maxScanRecords, int maxConnections, int maxQueuedRequests,
        long idleTimeoutMillis, long loginTimeoutMillis, long shutdownMillis, int ioThreads) {

    public ClientServerConfig {
        Objects.requireNonNull(host, "host");
        users = List.copyOf(users);
        check(port >= 0 && port <= 65535, "port must be in [0, 65535], got " + port);
        check(maxFrameBytes >= 1024, "maxFrameBytes must be at least 1024, got " + maxFrameBytes);
        check(maxBatchEntries >= 1, "maxBatchEntries must be at least 1, got " + maxBatchEntries);
        check(maxBatchBytes >= 1, "maxBatchBytes must be at least 1, got " + maxBatchBytes);
        check(maxScanRecords >= maxBatchEntries, "maxScanRecords (" + maxScanRecords
                + ") must be at least maxBatchEntries (" + maxBatchEntries + ")");
        check(maxConnections >= 1, "maxConnections must be at least 1, got " + maxConnections);
        check(maxQueuedRequests >= 2, "maxQueuedRequests must be at least 2 (a get and an ack), got "
                + maxQueuedRequests);
        check(idleTimeoutMillis >= 1000, "idleTimeoutMillis must be at least 1000, got " + idleTimeoutMillis);
        check(loginTimeoutMillis >= 100, "loginTimeoutMillis must be at least 100, got " + loginTimeoutMillis);
        check(shutdownMillis >= 0, "shutdownMillis must be >= 0, got " + shutdownMillis);
        check(ioThreads >= 0, "ioThreads must be >= 0, got " + ioThreads);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("client server: " + message);
        }
    }

    FetchLimits fetchLimits() {
        return new FetchLimits(maxBatchEntries, maxBatchBytes, maxScanRecords);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: 0.0.0.0:11111 (canal's port), any user, 16 MiB frames, batches of at most 10,000 entries / 32 MiB. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 11111;
        private final List<ClientUser> users = new ArrayList<>();
        private int maxFrameBytes = 16 * 1024 * 1024;
        private int maxBatchEntries = 10_000;
        private long maxBatchBytes = 32L * 1024 * 1024;
        private int maxScanRecords = 100_000;
        private int maxConnections = 1_000;
        private int maxQueuedRequests = 1_024;
        private long idleTimeoutMillis = 60L * 60 * 1000;
        private long loginTimeoutMillis = 30_000;
        private long shutdownMillis = 5_000;
        private int ioThreads;

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder user(String name, String password) {
            users.add(new ClientUser(name, password));
            return this;
        }

        public Builder users(List<ClientUser> value) {
            users.addAll(value);
            return this;
        }

        public Builder maxFrameBytes(int value) {
            maxFrameBytes = value;
            return this;
        }

        public Builder maxBatchEntries(int value) {
            maxBatchEntries = value;
            return this;
        }

        public Builder maxBatchBytes(long value) {
            maxBatchBytes = value;
            return this;
        }

        public Builder maxScanRecords(int value) {
            maxScanRecords = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder maxQueuedRequests(int value) {
            maxQueuedRequests = value;
            return this;
        }

        public Builder idleTimeoutMillis(long value) {
            idleTimeoutMillis = value;
            return this;
        }

        public Builder loginTimeoutMillis(long value) {
            loginTimeoutMillis = value;
            return this;
        }

        public Builder shutdownMillis(long value) {
            shutdownMillis = value;
            return this;
        }

        public Builder ioThreads(int value) {
            ioThreads = value;
            return this;
        }

        public ClientServerConfig build() {
            return new ClientServerConfig(host, port, users, maxFrameBytes, maxBatchEntries, maxBatchBytes,
                    maxScanRecords, maxConnections, maxQueuedRequests, idleTimeoutMillis, loginTimeoutMillis,
                    shutdownMillis, ioThreads);
        }
    }
}
