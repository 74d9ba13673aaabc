package io.sluice.node.mysql;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.common.position.MysqlGtidSet;

/**
 * Checks, before the first dump, that a source can feed change data capture, and describes it:
 * <ul>
 * <li>binary logging on ({@code log_bin});</li>
 * <li>{@code binlog_format=ROW} (STATEMENT fails; MIXED warns: statements the server logs as text carry no row
 * images);</li>
 * <li>{@code binlog_row_image} (FULL preferred; MINIMAL and NOBLOB are reported in the result);</li>
 * <li>the user's REPLICATION SLAVE and REPLICATION CLIENT / BINLOG MONITOR privileges (SHOW GRANTS);</li>
 * <li>our replica server id differing from the source's and from every replica's the source lists;</li>
 * <li>flavor, version, checksum and GTID state, returned as a {@link SourceDescription}.</li>
 * </ul>
 * Every failed check becomes one line of a {@link PreflightException} naming the problem and the fix. Stateless and
 * thread-safe; the connection it is given is not.
 */
public final class SourcePreflight {
    private static final Logger LOG = LoggerFactory.getLogger(SourcePreflight.class);

    /** Variables read in one query; a name missing from the answer means this server version has no such setting. */
    private static final List<String> VARIABLES = List.of("log_bin", "binlog_format", "binlog_row_image",
            "binlog_row_metadata", "binlog_checksum", "server_id", "server_uuid", "gtid_mode", "gtid_executed",
            "gtid_domain_id", "gtid_strict_mode", "gtid_binlog_pos");

    private final long replicaServerId;
    private final String reportHost;

    /**
     * @param replicaServerId the server id sluice will register with
     * @param reportHost      the host sluice reports when it registers; a replica listed with our server id and this
     *                        same (non-empty) host is taken for our own earlier connection, which the source drops
     *                        when we dump again, so it is a warning rather than a problem. This is what lets a node
     *                        that takes over a destination, with the destination's server id and report host, start
     *                        while the source still lists the failed node's dump
     */
    public SourcePreflight(long replicaServerId, String reportHost) {
        if (replicaServerId < 1 || replicaServerId > ReplicaSettings.MAX_SERVER_ID) {
            throw new IllegalArgumentException("replica server id must be in 1.." + ReplicaSettings.MAX_SERVER_ID
                    + ", got " + replicaServerId);
        }
        this.replicaServerId = replicaServerId;
        this.reportHost = Objects.requireNonNull(reportHost, "reportHost");
    }

    /** For a replica that reports no host: every other replica with our server id is a collision. */
    public SourcePreflight(long replicaServerId) {
        this(replicaServerId, "");
    }

    /**
     * Runs every check over {@code connection}.
     *
     * @throws PreflightException listing every problem found
     * @throws IOException        if the queries themselves fail
     */
    public SourceDescription check(MysqlConnection connection) throws IOException {
        String source = connection.source();
        ServerVersion version = connection.serverVersion();
        Map<String, String> vars = variables(connection);
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        checkBinlogOn(vars, source, problems);
        String format = vars.getOrDefault("binlog_format", "").toUpperCase(Locale.ROOT);
        checkFormat(format, source, problems, warnings);
        // Servers before MySQL 5.6 / MariaDB 10.1.6 have no binlog_row_image and always log full rows.
        String rowImage = vars.getOrDefault("binlog_row_image", "FULL").toUpperCase(Locale.ROOT);
        if (!rowImage.equals("FULL")) {
            warnings.add("binlog_row_image=" + rowImage + " on " + source + ": row events carry only some columns"
                    + " (reported as fullRowImage=false); set binlog_row_image=FULL for complete before/after images");
        }
        // Servers before MySQL 5.6.2 / MariaDB 5.3 have no binlog_checksum and never write checksums.
        String checksum = vars.getOrDefault("binlog_checksum", "NONE").toUpperCase(Locale.ROOT);
        if (!checksum.equals("NONE") && !checksum.equals("CRC32")) {
            problems.add("binlog_checksum=" + checksum + " on " + source + " is not a checksum sluice can verify; set"
                    + " binlog_checksum=CRC32 (or NONE)");
        }
        long serverId = parseLong(vars.getOrDefault("server_id", "0"), "server_id", source);
        checkGrants(connection, version, problems, warnings);
        checkServerIds(connection, serverId, problems, warnings);

        if (!problems.isEmpty()) {
            throw new PreflightException(source, problems);
        }
        SourceDescription description = new SourceDescription(source, version, serverId,
                vars.getOrDefault("server_uuid", ""), format, rowImage, vars.getOrDefault("binlog_row_metadata", ""),
                checksum, gtidState(version, vars, source), warnings);
        for (String warning : warnings) {
            LOG.warn("[source={}] {}", source, warning);
        }
        LOG.info("[source={}] preflight passed: {} server_id={} binlog_format={} row_image={} checksum={} gtid={}",
                source, version, serverId, format, rowImage, checksum, description.gtid());
        return description;
    }

    private static Map<String, String> variables(MysqlConnection connection) throws IOException {
        StringBuilder sql = new StringBuilder("SHOW GLOBAL VARIABLES WHERE Variable_name IN (");
        for (int i = 0; i < VARIABLES.size(); i++) {
            sql.append(i == 0 ? "'" : ", '").append(VARIABLES.get(i)).append('\'');
        }
        sql.append(')');
        Map<String, String> vars = new HashMap<>();
        for (QueryResult.Row row : connection.query(sql.toString()).rows()) {
            vars.put(row.get(0).toLowerCase(Locale.ROOT), row.get(1) == null ? "" : row.get(1));
        }
        return vars;
    }

    private static void checkBinlogOn(Map<String, String> vars, String source, List<String> problems) {
        String logBin = vars.getOrDefault("log_bin", "OFF");
        if (!logBin.equalsIgnoreCase("ON") && !logBin.equals("1")) {
            problems.add("binary logging is off on " + source + " (log_bin=" + logBin + "); start the server with"
                    + " log_bin enabled (--log-bin=<basename>, and a non-zero server_id; MySQL 8 enables it unless"
                    + " --skip-log-bin or --disable-log-bin is given)");
        }
    }

    private static void checkFormat(String format, String source, List<String> problems, List<String> warnings) {
        switch (format) {
            case "ROW":
                break;
            case "MIXED":
                warnings.add("binlog_format=MIXED on " + source + ": statements the server deems safe are logged as"
                        + " SQL text without row images, and their changes are invisible to sluice; set"
                        + " binlog_format=ROW");
                break;
            default:
                problems.add("binlog_format=" + (format.isEmpty() ? "(unknown)" : format) + " on " + source
                        + ": sluice needs row events; run SET GLOBAL binlog_format=ROW and put binlog_format=ROW in the"
                        + " server's configuration (sessions already open keep their format until they reconnect)");
        }
    }

    private static void checkGrants(MysqlConnection connection, ServerVersion version, List<String> problems,
                                    List<String> warnings) throws IOException {
        String user = connection.query("SELECT CURRENT_USER()").singleValue().orElse(connection.config().user());
        String grantee = quoteGrantee(user);
        List<String> lines = new ArrayList<>();
        for (QueryResult.Row row : connection.query("SHOW GRANTS").rows()) {
            lines.add(row.get(0));
        }
        ReplicationGrants grants = ReplicationGrants.parse(lines);
        String clientPrivilege = version.isMariaDb() && version.atLeast(10, 5, 2) ? "BINLOG MONITOR" : "REPLICATION CLIENT";
        List<String> missing = new ArrayList<>();
        if (!grants.canDumpBinlog()) {
            missing.add("REPLICATION SLAVE");
        }
        if (!grants.canMonitorBinlog(version)) {
            missing.add(clientPrivilege);
        }
        if (missing.isEmpty()) {
            return;
        }
        String list = String.join(", ", missing);
        if (grants.hasRoles()) {
            warnings.add("user " + grantee + " has no direct " + list + " on " + connection.source() + "; it has"
                    + " roles, which may grant them (not checked). If the dump fails with error 1227, run: GRANT " + list
                    + " ON *.* TO " + grantee);
            return;
        }
        problems.add("user " + grantee + " lacks " + list + " on " + connection.source() + " (REPLICATION SLAVE reads"
                + " the binlog; " + clientPrivilege + " lists binlog files and positions); run: GRANT " + list
                + " ON *.* TO " + grantee);
    }

    private void checkServerIds(MysqlConnection connection, long sourceServerId, List<String> problems,
                                List<String> warnings) throws IOException {
        String source = connection.source();
        if (sourceServerId == replicaServerId) {
            problems.add("replica server id " + replicaServerId + " is the source's own server_id on " + source
                    + "; the source would refuse or skip our dump. Configure a different replica server id");
        }
        String statement = new SourceDialect(connection.serverVersion()).replicaHosts();
        QueryResult replicas;
        try {
            replicas = connection.query(statement);
        } catch (MysqlServerException e) {
            if (e.code() != MysqlServerException.ER_SPECIFIC_ACCESS_DENIED) {
                throw e;
            }
            warnings.add("cannot check that replica server id " + replicaServerId + " is unused on " + source + ": "
                    + statement + " needs a privilege the user lacks (" + e.serverMessage() + "). Make sure no other"
                    + " replica uses server id " + replicaServerId + " (a duplicate makes the source drop one of the"
                    + " two), or grant REPLICATION MASTER ADMIN (MariaDB 10.5+) / REPLICATION SLAVE (MySQL)");
            return;
        }
        for (QueryResult.Row row : replicas.rows()) {
            String id = row.find("Server_id").orElse("");
            if (id.equals(Long.toString(replicaServerId))) {
                String host = row.find("Host").orElse("");
                String port = row.find("Port").orElse("");
                if (!reportHost.isEmpty() && reportHost.equals(host)) {
                    warnings.add("the source " + source + " still lists a replica with our server id "
                            + replicaServerId + " and our report host '" + host + "', most likely our own earlier"
                            + " connection; the source drops it when we start dumping");
                    continue;
                }
                problems.add("replica server id " + replicaServerId + " is already used by a replica connected to "
                        + source + " (host '" + host + "', port " + port + "); the source drops one of two replicas"
                        + " with the same id. Configure a unique replica server id, or stop the other replica");
            }
        }
    }

    private static SourceDescription.GtidState gtidState(ServerVersion version, Map<String, String> vars,
                                                         String source) throws MysqlProtocolException {
        try {
            if (version.isMariaDb()) {
                return new SourceDescription.MariaDbGtidState(
                        parseLong(vars.getOrDefault("gtid_domain_id", "0"), "gtid_domain_id", source),
                        isOn(vars.getOrDefault("gtid_strict_mode", "OFF")),
                        MariaDbGtidPosition.parse(vars.getOrDefault("gtid_binlog_pos", "")));
            }
            return new SourceDescription.MysqlGtidState(vars.getOrDefault("gtid_mode", ""),
                    MysqlGtidSet.parse(vars.getOrDefault("gtid_executed", "")));
        } catch (IllegalArgumentException e) {
            throw new MysqlProtocolException("cannot read the GTID state of " + source + ": " + e.getMessage(), e);
        }
    }

    private static boolean isOn(String value) {
        return value.equalsIgnoreCase("ON") || value.equals("1");
    }

    private static long parseLong(String value, String name, String source) throws MysqlProtocolException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new MysqlProtocolException(name + "='" + value + "' on " + source + " is not a number", e);
        }
    }

    /** {@code repl@%} as CURRENT_USER() returns it becomes {@code 'repl'@'%'}, ready to paste into a GRANT. */
    static String quoteGrantee(String currentUser) {
        int at = currentUser.lastIndexOf('@');
        if (at < 0) {
            return "'" + currentUser + "'";
        }
        return "'" + currentUser.substring(0, at) + "'@'" + currentUser.substring(at + 1) + "'";
    }
}
