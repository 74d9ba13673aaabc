package io.sluice.node.mysql;

import java.util.List;
import java.util.Objects;

import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.common.position.MysqlGtidSet;

/**
 * What {@link SourcePreflight} found out about a source that passed its checks.
 *
 * @param source        {@code host:port}
 * @param version       flavor and version numbers
 * @param serverId      the source's {@code server_id}
 * @param serverUuid    MySQL's {@code server_uuid}; empty on MariaDB
 * @param binlogFormat  {@code ROW} or {@code MIXED} (STATEMENT fails the checks)
 * @param rowImage      {@code binlog_row_image}: FULL, MINIMAL, NOBLOB (MariaDB 11 also FULL_NODUP)
 * @param rowMetadata   {@code binlog_row_metadata} (MINIMAL or FULL), empty where the server has no such setting
 * @param checksum      {@code binlog_checksum}: NONE or CRC32
 * @param gtid          the source's GTID state
 * @param warnings      conditions sluice works with but an operator should know about, each naming its fix
 */
public record SourceDescription(String source, ServerVersion version, long serverId, String serverUuid,
                                String binlogFormat, String rowImage, String rowMetadata, String checksum,
                                GtidState gtid, List<String> warnings) {

    public SourceDescription {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(gtid, "gtid");
        warnings = List.copyOf(warnings);
    }

    /**
     * False when row events carry only some columns (MINIMAL: the key in the before image and the changed columns in
     * the after image; NOBLOB: no unchanged BLOB/TEXT columns). Consumers must then not treat a missing column as
     * NULL.
     */
    public boolean fullRowImage() {
        return "FULL".equalsIgnoreCase(rowImage);
    }

    /** True when every event ends with a CRC32 the decoder can verify. */
    public boolean checksummed() {
        return "CRC32".equalsIgnoreCase(checksum);
    }

    /** GTID state of a MySQL or a MariaDB source. */
    public sealed interface GtidState permits MysqlGtidState, MariaDbGtidState {
    }

    /**
     * @param mode     {@code gtid_mode}: OFF, OFF_PERMISSIVE, ON_PERMISSIVE or ON (empty before MySQL 5.6)
     * @param executed {@code gtid_executed}
     */
    public record MysqlGtidState(String mode, MysqlGtidSet executed) implements GtidState {
        /** GTID-based resume points need every transaction to have a GTID. */
        public boolean enabled() {
            return "ON".equalsIgnoreCase(mode);
        }
    }

    /**
     * @param domainId   {@code gtid_domain_id}
     * @param strictMode {@code gtid_strict_mode}
     * @param binlogPos  {@code gtid_binlog_pos}: the last GTID written to the binlog in each domain
     */
    public record MariaDbGtidState(long domainId, boolean strictMode, MariaDbGtidPosition binlogPos)
            implements GtidState {
    }
}
