package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.testkit.MariaDbSandbox;

/** Handshake, authentication and queries against a real MariaDB. */
class MysqlConnectionIT {
    private static MariaDbSandbox db;

    @BeforeAll
    static void startDb() {
        db = MariaDbSandbox.launch();
        db.execute("INSTALL SONAME 'auth_ed25519'",
                "CREATE USER 'edwards'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('curve-pw')",
                "GRANT SELECT ON *.* TO 'edwards'@'%'",
                "CREATE USER 'nopass'@'%'",
                "CREATE DATABASE shop",
                "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(20), note VARCHAR(20))",
                "INSERT INTO shop.items VALUES (1, 'tea', NULL), (2, 'thé', 'accent')");
    }

    @AfterAll
    static void stopDb() {
        db.close();
    }

    @Test
    void nativePasswordLoginAndTextResults() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.repl(db))) {
            assertEquals(NativePasswordAuth.NAME, c.authPlugin());
            assertTrue(c.serverVersion().isMariaDb());
            assertTrue(c.serverVersion().atLeast(10, 0, 0), c.serverVersion().toString());
            assertFalse(c.tlsActive());
            QueryResult result = c.query("SELECT id, name, note FROM shop.items ORDER BY id");
            assertEquals(List.of("id", "name", "note"), result.columns());
            assertEquals(2, result.rows().size());
            assertEquals("tea", result.rows().get(0).get("name"));
            assertNull(result.rows().get(0).get("note"), "SQL NULL stays null");
            assertEquals("thé", result.rows().get(1).get(1), "utf8mb4 text survives");
            assertEquals(c.connectionId(), Long.parseLong(c.query("SELECT CONNECTION_ID()").singleValue().orElseThrow()));
            c.ping();
        }
    }

    @Test
    void defaultDatabaseAndUpdatesCountRows() throws IOException {
        MysqlConnectionConfig admin = SandboxSupport.admin(db).toBuilder().database("shop").build();
        try (MysqlConnection c = MysqlConnection.open(admin)) {
            assertEquals("shop", c.query("SELECT DATABASE()").singleValue().orElseThrow());
            assertEquals(1, c.execute("UPDATE items SET note = 'x' WHERE id = 1"));
            assertEquals(0, c.query("SELECT * FROM items WHERE id = 99").rows().size());
        }
    }

    @Test
    void ed25519Login() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.builder(db, "edwards", "curve-pw").build())) {
            assertEquals(Ed25519PasswordAuth.NAME, c.authPlugin());
            assertEquals("edwards@%", c.query("SELECT CURRENT_USER()").singleValue().orElseThrow());
        }
    }

    @Test
    void emptyPasswordLogin() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.builder(db, "nopass", "").build())) {
            assertEquals("nopass@%", c.query("SELECT CURRENT_USER()").singleValue().orElseThrow());
        }
    }

    @Test
    void wrongPasswordsFailWithAClearError() {
        MysqlServerException e = assertThrows(MysqlServerException.class,
                () -> MysqlConnection.open(SandboxSupport.builder(db, db.replUser(), "wrong").build()));
        assertEquals(1045, e.code());
        assertEquals("28000", e.sqlState());
        assertTrue(e.getMessage().contains("authentication of user 'repl' at " + db.host() + ":" + db.port()
                + " failed with plugin mysql_native_password"), e.getMessage());
        assertTrue(e.getMessage().contains("check the user name and password"), e.getMessage());

        MysqlServerException ed = assertThrows(MysqlServerException.class,
                () -> MysqlConnection.open(SandboxSupport.builder(db, "edwards", "wrong").build()));
        assertEquals(1045, ed.code());
        assertTrue(ed.getMessage().contains("plugin client_ed25519"), ed.getMessage());
    }

    @Test
    void statementErrorsCarryCodeStateAndTheStatement() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.repl(db))) {
            MysqlServerException e = assertThrows(MysqlServerException.class,
                    () -> c.query("SELECT * FROM shop.missing"));
            assertEquals(1146, e.code());
            assertEquals("42S02", e.sqlState());
            assertTrue(e.getMessage().contains("[statement: SELECT * FROM shop.missing]"), e.getMessage());
            assertEquals("1", c.query("SELECT 1").singleValue().orElseThrow(), "the connection is still usable");
        }
    }

    @Test
    void requiredTlsAgainstAServerWithoutTlsFailsWithTheFix() {
        MysqlTlsException e = assertThrows(MysqlTlsException.class, () -> MysqlConnection.open(
                SandboxSupport.repl(db).toBuilder().tls(TlsConfig.REQUIRED).build()));
        assertTrue(e.getMessage().contains("does not offer it"), e.getMessage());
        assertTrue(e.getMessage().contains("ssl_cert"), e.getMessage());
    }

    @Test
    void preferredTlsFallsBackToPlainTcp() throws IOException {
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.repl(db).toBuilder().tls(TlsConfig.PREFERRED).build())) {
            assertFalse(c.tlsActive());
        }
    }

    @Test
    void aClosedPortIsAConnectException() {
        MysqlConnectionConfig nowhere = MysqlConnectionConfig.builder("127.0.0.1", 1).user("x").build();
        IOException e = assertThrows(IOException.class, () -> MysqlConnection.open(nowhere));
        assertTrue(e instanceof java.net.ConnectException, e.toString());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }
}
