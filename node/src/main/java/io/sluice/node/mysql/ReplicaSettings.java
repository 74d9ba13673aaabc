package io.sluice.node.mysql;

import java.time.Duration;
import java.util.Objects;

/**
 * How sluice presents itself to the source as a replica, and how the dump behaves.
 *
 * @param serverId                   our replica server id, 1..2^32-1; must differ from the source's
 *                                   {@code server_id} and from every other replica's, or the source disconnects one
 *                                   of the two
 * @param reportHost                 host shown in SHOW REPLICAS / SHOW SLAVE HOSTS ({@code report_host}); may be
 *                                   empty
 * @param reportPort                 port shown there, 0..65535
 * @param heartbeatPeriod            how often an idle source sends a heartbeat event
 *                                   ({@code @master_heartbeat_period}); together with {@code eventReadTimeout} it
 *                                   detects a dead connection
 * @param eventReadTimeout           how long the dump may go without any packet before the connection counts as
 *                                   lost; longer than {@code heartbeatPeriod}
 * @param mariaDbGtidStrictMode      MariaDB {@code @slave_gtid_strict_mode} for GTID starts: fail if the requested
 *                                   GTID is not in the source's binlog
 * @param mariaDbGtidIgnoreDuplicates MariaDB {@code @slave_gtid_ignore_duplicates}
 * @param annotateRows               MariaDB: ask for ANNOTATE_ROWS events (the SQL text of row changes, when
 *                                   {@code binlog_annotate_row_events} is on)
 */
public record ReplicaSettings(long serverId, String reportHost, int reportPort, Duration heartbeatPeriod,
                              Duration eventReadTimeout, boolean mariaDbGtidStrictMode,
                              boolean mariaDbGtidIgnoreDuplicates, boolean annotateRows) {

    static final long MAX_SERVER_ID = 0xFFFF_FFFFL;
    /** MySQL's bound for MASTER_HEARTBEAT_PERIOD (in seconds). */
    static final Duration MAX_HEARTBEAT = Duration.ofSeconds(4_294_967);

    public ReplicaSettings {
        if (serverId < 1 || serverId > MAX_SERVER_ID) {
            throw new IllegalArgumentException("replica serverId must be in 1.." + MAX_SERVER_ID + " (0 is refused by"
                    + " sources), got " + serverId);
        }
        Objects.requireNonNull(reportHost, "reportHost");
        if (reportHost.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("reportHost must be at most 255 bytes, got '" + reportHost + "'");
        }
        if (reportPort < 0 || reportPort > 65535) {
            throw new IllegalArgumentException("reportPort must be in 0..65535, got " + reportPort);
        }
        MysqlConnectionConfig.requirePositive(heartbeatPeriod, "heartbeatPeriod");
        MysqlConnectionConfig.requirePositive(eventReadTimeout, "eventReadTimeout");
        if (heartbeatPeriod.compareTo(MAX_HEARTBEAT) > 0) {
            throw new IllegalArgumentException("heartbeatPeriod must be at most " + MAX_HEARTBEAT + ", got "
                    + heartbeatPeriod);
        }
        if (eventReadTimeout.compareTo(heartbeatPeriod) <= 0) {
            throw new IllegalArgumentException("eventReadTimeout (" + eventReadTimeout + ") must be longer than"
                    + " heartbeatPeriod (" + heartbeatPeriod + "), or an idle but healthy source would count as lost;"
                    + " about three heartbeat periods is a good value");
        }
    }

    /** Defaults for {@code serverId}: no report host, heartbeat every 10 s, 30 s read timeout, no strict GTID mode. */
    public static ReplicaSettings defaults(long serverId) {
        return new ReplicaSettings(serverId, "", 0, Duration.ofSeconds(10), Duration.ofSeconds(30), false, false, false);
    }

    public ReplicaSettings withHeartbeat(Duration period, Duration readTimeout) {
        return new ReplicaSettings(serverId, reportHost, reportPort, period, readTimeout, mariaDbGtidStrictMode,
                mariaDbGtidIgnoreDuplicates, annotateRows);
    }

    /** What SHOW REPLICAS / SHOW SLAVE HOSTS shows for us. */
    public ReplicaSettings withReport(String host, int port) {
        return new ReplicaSettings(serverId, host, port, heartbeatPeriod, eventReadTimeout, mariaDbGtidStrictMode,
                mariaDbGtidIgnoreDuplicates, annotateRows);
    }

    public ReplicaSettings withAnnotateRows(boolean annotate) {
        return new ReplicaSettings(serverId, reportHost, reportPort, heartbeatPeriod, eventReadTimeout,
                mariaDbGtidStrictMode, mariaDbGtidIgnoreDuplicates, annotate);
    }

    public ReplicaSettings withMariaDbGtidModes(boolean strictMode, boolean ignoreDuplicates) {
        return new ReplicaSettings(serverId, reportHost, reportPort, heartbeatPeriod, eventReadTimeout, strictMode,
                ignoreDuplicates, annotateRows);
    }

    public ReplicaSettings withServerId(long id) {
        return new ReplicaSettings(id, reportHost, reportPort, heartbeatPeriod, eventReadTimeout, mariaDbGtidStrictMode,
                mariaDbGtidIgnoreDuplicates, annotateRows);
    }
}
