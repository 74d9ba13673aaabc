package io.sluice.node.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.sluice.node.mysql.Backoff;
import io.sluice.node.mysql.BinlogStreamConfig;
import io.sluice.node.mysql.ExponentialBackoff;
import io.sluice.node.mysql.MysqlConnectionConfig;
import io.sluice.node.mysql.ReplicaSettings;
import io.sluice.node.mysql.TlsConfig;
import io.sluice.testkit.MariaDbSandbox;

/** Reaching a sandbox as a replica, and the server's own list of its row events as an oracle for positions. */
final class SandboxSources {
    /** Reconnects within a fraction of a second, so that tests which restart the source stay fast. */
    static final Backoff FAST_BACKOFF = new ExponentialBackoff(Duration.ofMillis(20), Duration.ofMillis(300), 2);

    private static final Pattern TABLE_MAP = Pattern.compile("^table_id: (\\d+) \\(([^.]+)\\.(.+)\\)$");
    private static final Pattern ROWS = Pattern.compile("^table_id: (\\d+)( flags: .*)?$");

    private SandboxSources() {
    }

    /**
     * The repl user, TLS off, short timeouts, heartbeats every second, fast reconnects, and ANNOTATE_ROWS events
     * asked for, so that the stream carries every event of the binlog files.
     */
    static BinlogStreamConfig streamConfig(MariaDbSandbox db, long replicaServerId) {
        MysqlConnectionConfig connection = MysqlConnectionConfig.builder(db.host(), db.port())
                .user(db.replUser()).password(db.replPassword()).tls(TlsConfig.DISABLED)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20)).build();
        ReplicaSettings replica = ReplicaSettings.defaults(replicaServerId)
                .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(5)).withAnnotateRows(true);
        return BinlogStreamConfig.of(connection, replica).withBackoff(FAST_BACKOFF);
    }

    /** The binlog files in the sandbox's binlog directory, in order. */
    static List<Path> binlogFiles(MariaDbSandbox db) throws IOException {
        try (Stream<Path> files = Files.list(db.binlogDir())) {
            return files.filter(p -> p.getFileName().toString().matches("mysql-bin\\.\\d{6}")).sorted().toList();
        }
    }

    /**
     * A rows event as SHOW BINLOG EVENTS lists it.
     *
     * @param type e.g. {@code Write_rows_v1}
     */
    record ServerRowsEvent(String file, long pos, long end, String schema, String table, String type) {
        /** INSERT, UPDATE or DELETE. */
        String kind() {
            return type.startsWith("Write") ? "INSERT" : type.startsWith("Update") ? "UPDATE" : "DELETE";
        }
    }

    /** The server's binlog files, oldest first, as SHOW BINARY LOGS lists them. */
    static List<String> binaryLogs(Statement s) throws SQLException {
        List<String> files = new ArrayList<>();
        try (ResultSet rows = s.executeQuery("SHOW BINARY LOGS")) {
            while (rows.next()) {
                files.add(rows.getString(1));
            }
        }
        return files;
    }

    /** Every rows event of {@code schema} in every binlog file, in binlog order, as the server lists them. */
    static List<ServerRowsEvent> rowsEvents(MariaDbSandbox db, String schema) throws SQLException {
        List<ServerRowsEvent> events = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String file : binaryLogs(s)) {
                Map<Long, String[]> tables = new HashMap<>();
                try (ResultSet rows = s.executeQuery("SHOW BINLOG EVENTS IN '" + file + "'")) {
                    while (rows.next()) {
                        String type = rows.getString("Event_type");
                        String info = rows.getString("Info");
                        if (type.equals("Table_map")) {
                            Matcher m = TABLE_MAP.matcher(info);
                            if (!m.matches()) {
                                throw new IllegalStateException("unexpected Table_map info: " + info);
                            }
                            tables.put(Long.parseLong(m.group(1)), new String[] {m.group(2), m.group(3)});
                        } else if (type.matches("(Write|Update|Delete)_rows(_compressed)?_v[012]")) {
                            Matcher m = ROWS.matcher(info);
                            String[] table = m.matches() ? tables.get(Long.parseLong(m.group(1))) : null;
                            if (table == null) {
                                throw new IllegalStateException("rows event without its table map: " + info);
                            }
                            if (table[0].equals(schema)) {
                                events.add(new ServerRowsEvent(file, rows.getLong("Pos"), rows.getLong("End_log_pos"),
                                        table[0], table[1], type));
                            }
                        }
                    }
                }
            }
        }
        return events;
    }
}
