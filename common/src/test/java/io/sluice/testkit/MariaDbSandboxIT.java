package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MariaDbSandboxIT {

    private static MariaDbSandbox db;

    @BeforeAll
    static void startServer() {
        db = MariaDbSandbox.launch();
    }

    @AfterAll
    static void stopServer() {
        if (db != null) {
            db.close();
        }
    }

    /** One row of SHOW BINLOG EVENTS. */
    private record BinlogEvent(long position, String type, String info) {
    }

    @Test
    void rowWriteAppearsInTheBinlogAsTableMapAndWriteRows() throws SQLException {
        db.execute("CREATE DATABASE shop", "CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(20))");
        BinlogStatus before = db.binlogStatus();

        db.execute("INSERT INTO shop.orders VALUES (1, 'lamp')");

        BinlogStatus after = db.binlogStatus();
        assertEquals(before.file(), after.file());
        assertTrue(after.position() > before.position(), () -> before + " -> " + after);
        assertNotEquals(before.gtidBinlogPos(), after.gtidBinlogPos());
        assertTrue(Files.isRegularFile(db.binlogDir().resolve(after.file())), "binlog file in " + db.binlogDir());

        List<BinlogEvent> written = eventsFrom(after.file(), before.position());
        int tableMap = indexOfType(written, "Table_map");
        assertTrue(tableMap >= 0, () -> "no Table_map in " + written);
        assertTrue(written.get(tableMap).info().contains("(shop.orders)"), written.get(tableMap)::toString);
        assertTrue(written.get(tableMap + 1).type().startsWith("Write_rows"), () -> "after Table_map: " + written);
    }

    @Test
    void replicationUserConnectsOverTcpWithTheReplicationGrants() throws SQLException {
        String grants;
        try (Connection repl = DriverManager.getConnection(db.jdbcUrl(), db.replUser(), db.replPassword());
             Statement statement = repl.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SHOW GRANTS")) {
                rows.next();
                grants = rows.getString(1);
            }
            // What a binlog reader asks before it dumps: needs BINLOG MONITOR.
            try (ResultSet rows = statement.executeQuery("SHOW MASTER STATUS")) {
                assertTrue(rows.next(), "repl cannot see the binlog position");
                assertEquals(db.binlogStatus().file(), rows.getString("File"));
            }
        }
        assertTrue(grants.contains("SELECT"), grants);
        assertTrue(grants.contains("REPLICATION SLAVE"), grants);
        // MariaDB 10.5+ stores REPLICATION CLIENT as BINLOG MONITOR.
        assertTrue(grants.contains("BINLOG MONITOR") || grants.contains("REPLICATION CLIENT"), grants);
        assertTrue(grants.startsWith("GRANT") && grants.contains("ON *.* TO `repl`@`%`"), grants);
    }

    @Test
    void serverUsesUtf8mb4AndTheDefaultBinlogOptions() throws SQLException {
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@character_set_server, @@binlog_format, "
                     + "@@binlog_row_image, @@binlog_checksum, @@binlog_row_metadata, @@server_id, @@log_bin")) {
            rows.next();
            assertEquals("utf8mb4", rows.getString(1));
            assertEquals("ROW", rows.getString(2));
            assertEquals("FULL", rows.getString(3));
            assertEquals("CRC32", rows.getString(4));
            assertEquals("FULL", rows.getString(5));
            assertEquals(1, rows.getLong(6));
            assertEquals(1, rows.getInt(7));
        }
    }

    @Test
    void optionsReachTheServer() throws SQLException {
        MariaDbOptions options = MariaDbOptions.builder()
                .serverId(42)
                .rowMetadata(MariaDbOptions.RowMetadata.MINIMAL)
                .checksum(MariaDbOptions.Checksum.NONE)
                .rowImage(MariaDbOptions.RowImage.MINIMAL)
                .gtidDomainId(3)
                .gtidStrictMode(true)
                .extraFlags("--max-connections=42")
                .build();
        try (MariaDbSandbox custom = MariaDbSandbox.launch(options)) {
            custom.execute("CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY)", "INSERT INTO d.t VALUES (1)");
            try (Connection connection = custom.connection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT @@server_id, @@binlog_row_metadata, "
                         + "@@binlog_checksum, @@binlog_row_image, @@gtid_domain_id, @@gtid_strict_mode, "
                         + "@@max_connections")) {
                rows.next();
                assertEquals(42, rows.getLong(1));
                assertEquals("MINIMAL", rows.getString(2));
                assertEquals("NONE", rows.getString(3));
                assertEquals("MINIMAL", rows.getString(4));
                assertEquals(3, rows.getLong(5));
                assertEquals(1, rows.getInt(6));
                assertEquals(42, rows.getInt(7));
            }
            // domain-server-sequence: three transactions so far, all from server 42 in domain 3.
            assertEquals("3-42-3", custom.binlogStatus().gtidBinlogPos());
        }
    }

    @Test
    void failedStartReportsTheErrorLogAndCommand() {
        MariaDbOptions bogus = MariaDbOptions.builder().extraFlags("--no-such-server-flag=1").build();

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> MariaDbSandbox.launch(bogus));

        String message = error.getMessage();
        assertTrue(message.contains("exited with code"), message);
        assertTrue(message.contains("--no-such-server-flag=1"), message);
        assertTrue(message.contains("unknown variable 'no-such-server-flag=1'"), message);
    }

    @Test
    void restartKeepsPortAndDataAndOpensANewBinlogFile() throws SQLException {
        try (MariaDbSandbox restarted = MariaDbSandbox.launch()) {
            restarted.execute("CREATE DATABASE keep", "CREATE TABLE keep.t (v VARCHAR(10))",
                    "INSERT INTO keep.t VALUES ('kept')");
            int port = restarted.port();
            String fileBefore = restarted.binlogStatus().file();

            restarted.stop();
            assertFalse(restarted.isRunning());
            assertThrows(SQLException.class, restarted::connection);
            restarted.start();

            assertTrue(restarted.isRunning());
            assertEquals(port, restarted.port());
            assertNotEquals(fileBefore, restarted.binlogStatus().file());
            try (Connection connection = restarted.connection("keep");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT v FROM t")) {
                assertTrue(rows.next());
                assertEquals("kept", rows.getString(1));
            }
        }
    }

    @Test
    void closeDeletesTheFilesAndIsIdempotent() {
        MariaDbSandbox sandbox = MariaDbSandbox.launch();
        Path binlogs = sandbox.binlogDir();
        assertTrue(Files.isDirectory(binlogs));

        sandbox.close();
        sandbox.close();

        assertFalse(sandbox.isRunning());
        assertFalse(Files.exists(binlogs.getParent()), binlogs.getParent() + " should be gone");
        assertThrows(IllegalStateException.class, sandbox::start);
    }

    private static List<BinlogEvent> eventsFrom(String file, long fromPosition) throws SQLException {
        List<BinlogEvent> events = new ArrayList<>();
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW BINLOG EVENTS IN '" + file + "' FROM " + fromPosition)) {
            while (rows.next()) {
                events.add(new BinlogEvent(rows.getLong("Pos"), rows.getString("Event_type"), rows.getString("Info")));
            }
        }
        return events;
    }

    private static int indexOfType(List<BinlogEvent> events, String type) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }
}
