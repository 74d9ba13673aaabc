package io.sluice.node.mysql;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach and log in to a source server. Checked once, here; build one with {@link #builder(String, int)}.
 *
 * @param host                    host name or IP address of the source
 * @param port                    TCP port, 1..65535
 * @param user                    the user to log in as
 * @param password                its password, empty for none
 * @param database                default database, empty for none
 * @param tls                     TLS settings
 * @param connectTimeout          how long a TCP connect may take
 * @param readTimeout             how long a read may wait for the server; a binlog stream sets its own, from the
 *                                heartbeat period
 * @param maxPacketSize           largest packet payload accepted, 1 KiB..1 GiB; 1 GiB by default, the largest
 *                                {@code max_allowed_packet} MySQL allows, so that no legitimate event is refused
 * @param serverPublicKeyFile     PEM RSA public key of a MySQL server, for caching_sha2_password without TLS; or null
 * @param allowPublicKeyRetrieval whether caching_sha2_password may ask the server for its public key without TLS
 *                                (open to a man in the middle; off by default, as in MySQL's own clients)
 * @param connectAttributes       name/value pairs shown in performance_schema.session_connect_attrs
 */
public record MysqlConnectionConfig(String host, int port, String user, String password, String database,
                                    TlsConfig tls, Duration connectTimeout, Duration readTimeout, int maxPacketSize,
                                    Path serverPublicKeyFile, boolean allowPublicKeyRetrieval,
                                    Map<String, String> connectAttributes) {

    public static final int MIN_PACKET_SIZE = 1024;
    public static final int MAX_PACKET_SIZE = 1 << 30;

    public MysqlConnectionConfig {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("user must not be empty (the source needs a user with REPLICATION"
                    + " SLAVE and REPLICATION CLIENT)");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(tls, "tls");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (maxPacketSize < MIN_PACKET_SIZE || maxPacketSize > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("maxPacketSize must be in " + MIN_PACKET_SIZE + ".." + MAX_PACKET_SIZE
                    + " bytes, got " + maxPacketSize);
        }
        connectAttributes = Map.copyOf(connectAttributes);
    }

    static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** {@code host:port}, as log lines and messages name the source. */
    public String source() {
        return host + ":" + port;
    }

    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(host, port);
        b.user = user;
        b.password = password;
        b.database = database;
        b.tls = tls;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.maxPacketSize = maxPacketSize;
        b.serverPublicKeyFile = serverPublicKeyFile;
        b.allowPublicKeyRetrieval = allowPublicKeyRetrieval;
        b.connectAttributes.clear();
        b.connectAttributes.putAll(connectAttributes);
        return b;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "MysqlConnectionConfig[" + source() + ", user=" + user + ", database=" + database + ", " + tls
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxPacketSize="
                + maxPacketSize + "]";
    }

    /** Defaults: no password, no database, TLS preferred, 10 s connect, 60 s read, 1 GiB packets. Not thread-safe. */
    public static final class Builder {
        private final String host;
        private final int port;
        private String user = "";
        private String password = "";
        private String database = "";
        private TlsConfig tls = TlsConfig.PREFERRED;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int maxPacketSize = MAX_PACKET_SIZE;
        private Path serverPublicKeyFile;
        private boolean allowPublicKeyRetrieval;
        private final Map<String, String> connectAttributes = new LinkedHashMap<>(Map.of("_client_name", "sluice"));

        private Builder(String host, int port) {
            this.host = host;
            this.port = port;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder tls(TlsConfig tls) {
            this.tls = tls;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        public Builder maxPacketSize(int maxPacketSize) {
            this.maxPacketSize = maxPacketSize;
            return this;
        }

        public Builder serverPublicKeyFile(Path serverPublicKeyFile) {
            this.serverPublicKeyFile = serverPublicKeyFile;
            return this;
        }

        public Builder allowPublicKeyRetrieval(boolean allowPublicKeyRetrieval) {
            this.allowPublicKeyRetrieval = allowPublicKeyRetrieval;
            return this;
        }

        public Builder connectAttribute(String name, String value) {
            connectAttributes.put(name, value);
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad value */
        public MysqlConnectionConfig build() {
            return new MysqlConnectionConfig(host, port, user, password, database, tls, connectTimeout, readTimeout,
                    maxPacketSize, serverPublicKeyFile, allowPublicKeyRetrieval, connectAttributes);
        }
    }
}
