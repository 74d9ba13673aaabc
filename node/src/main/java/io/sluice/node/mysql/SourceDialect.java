package io.sluice.node.mysql;

/**
 * The statements and session variables that differ between MySQL and MariaDB versions, in one place.
 */
final class SourceDialect {
    private final ServerVersion version;

    SourceDialect(ServerVersion version) {
        this.version = version;
    }

    ServerVersion version() {
        return version;
    }

    /** MySQL 8.2 added SHOW BINARY LOG STATUS and 8.4 removed SHOW MASTER STATUS; MariaDB keeps the old name. */
    String binaryLogStatus() {
        return version.isMysql() && version.atLeast(8, 2, 0) ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
    }

    /** MySQL 8.0.22 added SHOW REPLICAS and 8.4 removed SHOW SLAVE HOSTS; MariaDB keeps the old name. */
    String replicaHosts() {
        return version.isMysql() && version.atLeast(8, 0, 22) ? "SHOW REPLICAS" : "SHOW SLAVE HOSTS";
    }

    /**
     * Tells the dump thread we understand checksums, so it sends events with the CRC32 the binlog holds. MySQL
     * 8.0.26 renamed the variable to {@code @source_binlog_checksum} and still reads the old name; setting both
     * covers every version.
     */
    String checksumHandshake() {
        return version.isMysql()
                ? "SET @master_binlog_checksum = @@global.binlog_checksum,"
                        + " @source_binlog_checksum = @@global.binlog_checksum"
                : "SET @master_binlog_checksum = @@global.binlog_checksum";
    }

    /** The heartbeat period in nanoseconds; MySQL 8.0.26 also reads {@code @source_heartbeat_period}. */
    String heartbeat(long periodNanos) {
        return version.isMysql()
                ? "SET @master_heartbeat_period = " + periodNanos + ", @source_heartbeat_period = " + periodNanos
                : "SET @master_heartbeat_period = " + periodNanos;
    }

    /**
     * MariaDB: 4 (MARIA_SLAVE_CAPABILITY_GTID) asks for events in MariaDB's own format, GTID events included; a
     * lower value makes the source rewrite them into MySQL 5.1-style events.
     */
    static final String MARIADB_CAPABILITY = "SET @mariadb_slave_capability = 4";
}
