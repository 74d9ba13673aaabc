package io.sluice.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * How a destination reaches its source database. {@code user} and {@code password} are kept as written, with their
 * {@code ${NAME}} references unresolved, so that secrets never land in ZooKeeper; the node that connects resolves
 * them with {@link #resolvedUser} and {@link #resolvedPassword}.
 *
 * @param host           host name or IP address
 * @param port           TCP port, 1..65535
 * @param user           replication user, possibly with references
 * @param password       its password, possibly with references; empty for none
 * @param tls            TLS mode and CA file
 * @param serverId       the replica server id to present, 1..2^32-1; empty: the node picks one
 * @param charset        connection character set, a MySQL charset name
 * @param connectTimeout how long a TCP connect may take
 */
public record SourceSpec(String host, int port, String user, String password, Tls tls, OptionalLong serverId,
                         String charset, Duration connectTimeout) {

    public static final int DEFAULT_PORT = 3306;
    public static final String DEFAULT_CHARSET = "utf8mb4";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final long MAX_SERVER_ID = 0xFFFF_FFFFL;

    public SourceSpec {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("source host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("source port must be in 1..65535, got " + port);
        }
        Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("source user must not be empty");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(serverId, "serverId");
        if (serverId.isPresent() && (serverId.getAsLong() < 1 || serverId.getAsLong() > MAX_SERVER_ID)) {
            throw new IllegalArgumentException("serverId must be in 1.." + MAX_SERVER_ID + ", got "
                    + serverId.getAsLong());
        }
        Objects.requireNonNull(charset, "charset");
        if (!charset.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("charset must be a MySQL character set name such as utf8mb4, got '"
                    + charset + "'");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
    }

    /** {@code host:port}, as in log lines. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** The user with its references resolved through {@code env}; {@code source} names the spec in errors. */
    public String resolvedUser(Function<String, String> env, String source) {
        return EnvReferences.resolve(user, env, source, "source.user");
    }

    /** The password with its references resolved through {@code env}; {@code source} names the spec in errors. */
    public String resolvedPassword(Function<String, String> env, String source) {
        return EnvReferences.resolve(password, env, source, "source.password");
    }

    /** Hides the password, which may be a literal secret. */
    @Override
    public String toString() {
        return "SourceSpec[" + address() + ", user=" + user + ", password=" + (password.isEmpty() ? "" : "***")
                + ", tls=" + tls + ", serverId=" + (serverId.isPresent() ? serverId.getAsLong() : "auto")
                + ", charset=" + charset + ", connectTimeout=" + connectTimeout + "]";
    }

    /**
     * TLS settings with the names of MySQL's {@code --ssl-mode}.
     *
     * @param mode   one of {@link #MODES}
     * @param caFile PEM file of trusted CA certificates, only for verify-ca and verify-identity
     */
    public record Tls(String mode, Optional<String> caFile) {
        public static final List<String> MODES = List.of("disabled", "preferred", "required", "verify-ca",
                "verify-identity");
        public static final Tls PREFERRED = new Tls("preferred", Optional.empty());

        public Tls {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(caFile, "caFile");
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("TLS mode must be one of " + String.join(", ", MODES) + ", got '"
                        + mode + "'");
            }
            if (caFile.isPresent() && !mode.startsWith("verify-")) {
                throw new IllegalArgumentException("a CA file is used only by TLS modes verify-ca and verify-identity;"
                        + " mode " + mode + " does not check certificates");
            }
            if (caFile.isPresent() && caFile.get().isBlank()) {
                throw new IllegalArgumentException("caFile must not be blank");
            }
        }

        @Override
        public String toString() {
            return mode + caFile.map(f -> " (CA " + f + ")").orElse("");
        }
    }
}
