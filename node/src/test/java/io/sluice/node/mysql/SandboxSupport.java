package io.sluice.node.mysql;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.position.MariaDbGtid;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventType;
import io.sluice.testkit.MariaDbSandbox;

/** Connection settings for a sandbox, and an oracle for its binlog: SHOW BINLOG EVENTS over JDBC. */
final class SandboxSupport {
    /** MariaDB GTID event flag: a statement outside a transaction (DDL), ended by its QUERY event, not an XID. */
    static final int FL_STANDALONE = 0x01;

    private SandboxSupport() {
    }

    static MysqlConnectionConfig.Builder builder(MariaDbSandbox db, String user, String password) {
        return MysqlConnectionConfig.builder(db.host(), db.port()).user(user).password(password)
                .tls(TlsConfig.DISABLED).connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20));
    }

    static MysqlConnectionConfig repl(MariaDbSandbox db) {
        return builder(db, db.replUser(), db.replPassword()).build();
    }

    static MysqlConnectionConfig admin(MariaDbSandbox db) {
        return builder(db, db.adminUser(), db.adminPassword()).build();
    }

    /** One row of SHOW BINLOG EVENTS: where the server itself says an event starts and ends. */
    record OracleEvent(String file, long pos, long end, String type, String info) {
        BinlogPosition start() {
            return new BinlogPosition(file, pos);
        }
    }

    static List<OracleEvent> showBinlogEvents(MariaDbSandbox db, String file) throws SQLException {
        List<OracleEvent> events = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SHOW BINLOG EVENTS IN '" + file + "'")) {
            while (rows.next()) {
                events.add(new OracleEvent(rows.getString("Log_name"), rows.getLong("Pos"),
                        rows.getLong("End_log_pos"), rows.getString("Event_type"), rows.getString("Info")));
            }
        }
        return events;
    }

    static List<String> binlogFiles(MariaDbSandbox db) throws SQLException {
        List<String> files = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SHOW BINARY LOGS")) {
            while (rows.next()) {
                files.add(rows.getString(1));
            }
        }
        return files;
    }

    /** The server's Pos of the GTID event that starts transaction {@code gtid}. */
    static BinlogPosition gtidEventPosition(MariaDbSandbox db, String gtid) throws SQLException {
        for (String file : binlogFiles(db)) {
            for (OracleEvent e : showBinlogEvents(db, file)) {
                if (e.type().equals("Gtid") && e.info().endsWith("GTID " + gtid)) {
                    return e.start();
                }
            }
        }
        throw new AssertionError("no GTID event for " + gtid + " in the sandbox's binlogs");
    }

    static long sequenceOf(String gtidBinlogPos) {
        String[] parts = gtidBinlogPos.split("-");
        return Long.parseLong(parts[parts.length - 1]);
    }

    static boolean isMariaDbGtid(RawBinlogEvent event) {
        return event.typeCode() == EventType.MARIADB_GTID.code();
    }

    /** MariaDB GTID event body: sequence (8), domain (4), flags (1); the server id is the header's. */
    static MariaDbGtid gtidOf(RawBinlogEvent event) {
        ByteBuffer body = ByteBuffer.wrap(event.bytes(), EventHeader.LENGTH, 13).order(ByteOrder.LITTLE_ENDIAN);
        long sequence = body.getLong();
        long domain = body.getInt() & 0xFFFF_FFFFL;
        return new MariaDbGtid(domain, event.header().serverId(), sequence);
    }

    static boolean isStandalone(RawBinlogEvent event) {
        return (event.bytes()[EventHeader.LENGTH + 12] & FL_STANDALONE) != 0;
    }

    /** Real events: present in the binlog file itself (not made up by the dump thread, not heartbeats). */
    static boolean isReal(RawBinlogEvent event) {
        EventHeader h = event.header();
        return h.logPos() != 0 && !h.artificial() && h.typeCode() != EventType.HEARTBEAT.code();
    }
}
