package io.sluice.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link MariaDbSandbox} server is configured: the binlog settings that change what a CDC reader sees, plus
 * arbitrary extra server flags. Immutable; build one with {@link #builder()}, or take {@link #defaults()}.
 *
 * <p>Defaults: server id 1, {@code binlog_row_metadata=FULL} (column names and signedness in the Table_map),
 * {@code binlog_checksum=CRC32}, {@code binlog_row_image=FULL}, GTID domain 0 without strict mode, no extra flags and
 * a 30 s start timeout.
 *
 * @param serverId       {@code --server-id}, 1..2^32-1 (0 would make the server refuse to act as a primary)
 * @param rowMetadata    {@code --binlog-row-metadata}
 * @param checksum       {@code --binlog-checksum}
 * @param rowImage       {@code --binlog-row-image}
 * @param gtidDomainId   {@code --gtid-domain-id}, 0..2^32-1
 * @param gtidStrictMode {@code --gtid-strict-mode}
 * @param extraFlags     further server flags, each starting with {@code --}; they come last, so they win
 * @param startTimeout   how long a start may take until the sandbox gives up and reports the error log
 */
public record MariaDbOptions(
        long serverId,
        RowMetadata rowMetadata,
        Checksum checksum,
        RowImage rowImage,
        long gtidDomainId,
        boolean gtidStrictMode,
        List<String> extraFlags,
        Duration startTimeout) {

    private static final long MAX_UNSIGNED_INT = 0xFFFF_FFFFL;

    /** Values of {@code binlog_row_metadata}: how much column metadata a Table_map event carries. */
    public enum RowMetadata { NO_LOG, MINIMAL, FULL }

    /** Values of {@code binlog_checksum}: whether each binlog event ends with a CRC32. */
    public enum Checksum { NONE, CRC32 }

    /** Values of {@code binlog_row_image}: which columns the before/after images of a row event hold. */
    public enum RowImage { FULL, MINIMAL, NOBLOB }

    public MariaDbOptions {
        if (serverId < 1 || serverId > MAX_UNSIGNED_INT) {
            throw new IllegalArgumentException("serverId must be in 1.." + MAX_UNSIGNED_INT + ", got " + serverId);
        }
        if (gtidDomainId < 0 || gtidDomainId > MAX_UNSIGNED_INT) {
            throw new IllegalArgumentException(
                    "gtidDomainId must be in 0.." + MAX_UNSIGNED_INT + ", got " + gtidDomainId);
        }
        Objects.requireNonNull(rowMetadata, "rowMetadata");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(rowImage, "rowImage");
        extraFlags = List.copyOf(extraFlags);
        for (String flag : extraFlags) {
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException(
                        "extra server flags must start with '--' (e.g. --max-connections=50), got '" + flag + "'");
            }
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
    }

    /** The defaults described in the class comment. */
    public static MariaDbOptions defaults() {
        return builder().build();
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server flags these options stand for, in the order they are passed to {@code mariadbd}. */
    List<String> serverFlags() {
        List<String> flags = new ArrayList<>();
        flags.add("--server-id=" + serverId);
        flags.add("--binlog-row-metadata=" + rowMetadata);
        flags.add("--binlog-checksum=" + checksum);
        flags.add("--binlog-row-image=" + rowImage);
        flags.add("--gtid-domain-id=" + gtidDomainId);
        flags.add("--gtid-strict-mode=" + (gtidStrictMode ? "ON" : "OFF"));
        flags.addAll(extraFlags);
        return flags;
    }

    /** Collects options; each setter returns the builder. Not thread-safe. */
    public static final class Builder {
        private long serverId = 1;
        private RowMetadata rowMetadata = RowMetadata.FULL;
        private Checksum checksum = Checksum.CRC32;
        private RowImage rowImage = RowImage.FULL;
        private long gtidDomainId = 0;
        private boolean gtidStrictMode = false;
        private final List<String> extraFlags = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder serverId(long serverId) {
            this.serverId = serverId;
            return this;
        }

        public Builder rowMetadata(RowMetadata rowMetadata) {
            this.rowMetadata = rowMetadata;
            return this;
        }

        public Builder checksum(Checksum checksum) {
            this.checksum = checksum;
            return this;
        }

        public Builder rowImage(RowImage rowImage) {
            this.rowImage = rowImage;
            return this;
        }

        public Builder gtidDomainId(long gtidDomainId) {
            this.gtidDomainId = gtidDomainId;
            return this;
        }

        public Builder gtidStrictMode(boolean gtidStrictMode) {
            this.gtidStrictMode = gtidStrictMode;
            return this;
        }

        /** Adds server flags such as {@code --max-connections=50}; may be called repeatedly. */
        public Builder extraFlags(String... flags) {
            extraFlags.addAll(List.of(flags));
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** @throws IllegalArgumentException naming the first value out of range */
        public MariaDbOptions build() {
            return new MariaDbOptions(serverId, rowMetadata, checksum, rowImage, gtidDomainId, gtidStrictMode,
                    extraFlags, startTimeout);
        }
    }
}
