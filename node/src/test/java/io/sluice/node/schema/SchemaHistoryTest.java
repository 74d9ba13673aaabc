package io.sluice.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

/** Applying DDL to the history: semantics the server oracle test cannot isolate, and the error paths. */
class SchemaHistoryTest {
    private static final Predicate<TableName> ONLY_APP = t -> t.schema().equals("app");

    private static SchemaHistory history() {
        return history(ServerDefaults.mariaDb());
    }

    private static SchemaHistory history(ServerDefaults server) {
        return new SchemaHistory(SchemaSnapshot.of(server,
                List.of(new DatabaseDefinition("app", "utf8mb4", "utf8mb4_general_ci")), List.of()), ONLY_APP);
    }

    private static TableDefinition table(SchemaHistory h, String schema, String name) {
        return h.table(schema, name).orElseThrow(() -> new AssertionError("no table " + schema + "." + name));
    }

    private static List<String> names(TableDefinition t) {
        return t.columns().stream().map(ColumnDefinition::name).toList();
    }

    @Test
    void createResolvesTypesAndInheritsCharsets() throws Exception {
        SchemaHistory h = history();
        SchemaChange c = h.apply("CREATE TABLE t (id int unsigned primary key, s varchar(5), "
                + "l varchar(5) charset latin1, b char(2) binary, e enum('x','y'), j json, ts timestamp, "
                + "z int zerofill, f float(30), tx text(100))", "app");
        assertEquals(DdlKind.CREATE, c.kind());
        assertEquals("app", c.database());
        assertTrue(c.tables().get(0).selected());
        assertNull(c.tables().get(0).before());
        TableDefinition t = table(h, "app", "t");
        assertSame(t, c.tables().get(0).after());
        assertEquals(List.of("id"), t.primaryKey());
        ColumnDefinition id = t.columns().get(0);
        assertEquals("int(10) unsigned", id.columnType());
        assertFalse(id.nullable());
        assertTrue(id.unsigned());
        assertEquals("utf8mb4", t.columns().get(1).charset());
        assertEquals("utf8mb4_general_ci", t.columns().get(1).collation());
        assertEquals("latin1_swedish_ci", t.columns().get(2).collation());
        assertEquals("utf8mb4_bin", t.columns().get(3).collation());
        assertEquals(List.of("x", "y"), t.columns().get(4).labels());
        assertEquals("longtext", t.columns().get(5).columnType());
        assertEquals("utf8mb4_bin", t.columns().get(5).collation());
        assertTrue(t.columns().get(6).nullable(), "explicit_defaults_for_timestamp is on");
        assertEquals("int(10) unsigned zerofill", t.columns().get(7).columnType());
        assertEquals("double", t.columns().get(8).columnType());
        assertEquals("text", t.columns().get(9).columnType(), "100 chars x 4 bytes needs TEXT");
    }

    @Test
    void mysql8PrintsTypesWithoutDisplayWidths() throws Exception {
        SchemaHistory h = history(ServerDefaults.mysql8());
        h.apply("CREATE TABLE t (a int, b tinyint(1), c bigint unsigned, d int(5) zerofill, y year, j json, "
                + "s varchar(3))", "app");
        List<String> types = table(h, "app", "t").columns().stream().map(ColumnDefinition::columnType).toList();
        assertEquals(List.of("int", "tinyint(1)", "bigint unsigned", "int(5) unsigned zerofill", "year", "json",
                "varchar(3)"), types);
    }

    @Test
    void alterKindsFollowCanal() throws Exception {
        SchemaHistory h = history();
        h.apply("CREATE TABLE t (a int, b int)", "app");
        assertEquals(DdlKind.CINDEX, h.apply("ALTER TABLE t ADD INDEX i (a), ADD COLUMN c int", "app").kind());
        assertEquals(DdlKind.DINDEX, h.apply("ALTER TABLE t DROP INDEX i", "app").kind());
        assertEquals(DdlKind.ALTER, h.apply("ALTER TABLE t MODIFY b bigint", "app").kind());
        assertEquals(DdlKind.CINDEX, h.apply("CREATE INDEX j ON t (b)", "app").kind());
        assertEquals(DdlKind.DINDEX, h.apply("DROP INDEX j ON t", "app").kind());
        assertEquals(DdlKind.TRUNCATE, h.apply("TRUNCATE t", "app").kind());
        SchemaChange rename = h.apply("ALTER TABLE t RENAME TO u", "app");
        assertEquals(DdlKind.RENAME, rename.kind());
        assertEquals(new TableName("app", "t"), rename.tables().get(0).previousName());
        assertEquals(DdlKind.ERASE, h.apply("DROP TABLE u", "app").kind());
        assertEquals(DdlKind.QUERY, h.apply("CREATE DATABASE other", "app").kind());
        assertTrue(h.apply("GRANT ALL ON *.* TO u", "app").isIgnored());
    }

    @Test
    void keyColumnsBecomeNotNullAndFollowRenamesAndDrops() throws Exception {
        SchemaHistory h = history();
        h.apply("CREATE TABLE t (a int, b int, c int)", "app");
        h.apply("ALTER TABLE t ADD PRIMARY KEY (A, b)", "app");
        TableDefinition t = table(h, "app", "t");
        assertEquals(List.of("a", "b"), t.primaryKey(), "key names are spelled as the columns");
        assertFalse(t.columns().get(0).nullable());
        h.apply("ALTER TABLE t CHANGE a a2 bigint, DROP COLUMN b", "app");
        assertEquals(List.of("a2"), table(h, "app", "t").primaryKey());
        h.apply("ALTER TABLE t RENAME COLUMN a2 TO a3", "app");
        assertEquals(List.of("a3"), table(h, "app", "t").primaryKey());
        h.apply("DROP INDEX `PRIMARY` ON t", "app");
        assertEquals(List.of(), table(h, "app", "t").primaryKey());
    }

    @Test
    void columnNamesCompareCaseInsensitivelyTableNamesExactly() throws Exception {
        SchemaHistory h = history();
        h.apply("CREATE TABLE T (Col int)", "app");
        h.apply("ALTER TABLE T MODIFY COL bigint", "app");
        assertEquals(List.of("COL"), names(table(h, "app", "T")));
        assertTrue(h.table("app", "t").isEmpty());
        SchemaHistoryException e = assertThrows(SchemaHistoryException.class,
                () -> h.apply("ALTER TABLE t ADD x int", "app"));
        assertTrue(e.getMessage().contains("app.t"), e.getMessage());
    }

    @Test
    void lowerCaseTableNamesOneStoresLowerCase() throws Exception {
        SchemaHistory h = history(new ServerDefaults("latin1", "latin1_swedish_ci", true, 1,
                ServerDefaults.Flavor.MARIADB, Map.of()));
        h.apply("CREATE TABLE App.T (a int)", "");
        assertEquals("t", table(h, "APP", "t").name());
        assertEquals("app", table(h, "app", "T").schema());
    }

    @Test
    void unreadableDdlIsAnErrorForSelectedTablesOnly() throws Exception {
        SchemaHistory h = history();
        h.apply("CREATE TABLE t (a int)", "app");
        SchemaSnapshot before = h.snapshot();
        SchemaHistoryException e = assertThrows(SchemaHistoryException.class,
                () -> h.apply("ALTER TABLE t ADD SYSTEM VERSIONING", "app"));
        assertTrue(e.getMessage().contains("app.t") && e.getMessage().contains("ADD SYSTEM VERSIONING")
                && e.getMessage().contains("Fix:"), e.getMessage());
        assertSame(before, h.snapshot(), "a failed statement changes nothing");

        h.apply("CREATE TABLE other.x (a int)", "app");
        assertTrue(h.table("other", "x").isPresent(), "tables created later are tracked whatever the filter");
        SchemaChange skipped = h.apply("ALTER TABLE x ADD SYSTEM VERSIONING", "other");
        assertFalse(skipped.understood());
        assertTrue(h.table("other", "x").isEmpty(), "a table whose DDL could not be read is forgotten");
        assertThrows(SchemaHistoryException.class, () -> h.apply("RENAME TABLE other.x TO app.x", "app"));

        assertThrows(SchemaHistoryException.class, () -> h.apply("FROBNICATE EVERYTHING", "app"));
    }

    @Test
    void onlineSchemaChangeShadowTablesAreFollowed() throws Exception {
        SchemaHistory h = new SchemaHistory(SchemaSnapshot.of(ServerDefaults.mariaDb(), List.of(), List.of()),
                t -> t.name().equals("orders"));
        h.apply("CREATE TABLE orders (id int primary key, v varchar(3))", "shop");
        h.apply("CREATE TABLE `_orders_gho` LIKE `orders`", "shop");
        h.apply("ALTER TABLE `_orders_gho` ADD COLUMN note text", "shop");
        SchemaChange swap = h.apply("RENAME TABLE `orders` TO `_orders_del`, `_orders_gho` TO `orders`", "shop");
        assertEquals(2, swap.tables().size());
        assertTrue(swap.tables().get(1).selected());
        assertEquals(List.of("id", "v", "note"), names(table(h, "shop", "orders")));
    }

    @Test
    void likeFromAnUnknownTableIntoTheSelectionIsAnError() {
        SchemaHistory h = history();
        SchemaHistoryException e = assertThrows(SchemaHistoryException.class,
                () -> h.apply("CREATE TABLE app.t LIKE other.src", "app"));
        assertTrue(e.getMessage().contains("other.src"), e.getMessage());
    }

    @Test
    void snapshotsNeverChange() throws Exception {
        SchemaHistory h = history();
        h.apply("CREATE TABLE t (a int)", "app");
        SchemaSnapshot s = h.snapshot();
        TableDefinition t = table(h, "app", "t");
        h.apply("ALTER TABLE t ADD b int", "app");
        assertEquals(List.of("a"), names(s.table("app", "t").orElseThrow()));
        assertEquals(List.of("a"), names(t));
        assertEquals(List.of("a", "b"), names(table(h, "app", "t")));
        assertThrows(UnsupportedOperationException.class, () -> s.tables().add(t));
    }

    @Test
    void databaseDefaultsAndConvert() throws Exception {
        SchemaHistory h = history();
        h.apply("CREATE DATABASE d2 CHARACTER SET latin1", "");
        h.apply("CREATE TABLE d2.t (a varchar(3), b tinytext, c text, n int)", "");
        TableDefinition t = table(h, "d2", "t");
        assertEquals("latin1", t.charset());
        assertEquals("latin1_swedish_ci", t.columns().get(0).collation());
        h.apply("ALTER TABLE d2.t CONVERT TO CHARACTER SET utf8mb4", "");
        t = table(h, "d2", "t");
        assertEquals(List.of("varchar(3)", "text", "mediumtext", "int(11)"),
                t.columns().stream().map(ColumnDefinition::columnType).toList());
        assertEquals("utf8mb4_general_ci", t.columns().get(0).collation());
        assertNull(t.columns().get(3).charset());
        h.apply("ALTER DATABASE d2 COLLATE utf8mb3_bin", "");
        h.apply("CREATE TABLE d2.u (a char(1))", "");
        assertEquals("utf8mb3_bin", table(h, "d2", "u").columns().get(0).collation());
        SchemaChange drop = h.apply("DROP DATABASE d2", "");
        assertEquals(2, drop.tables().size());
        assertTrue(h.table("d2", "t").isEmpty());
    }

    @Test
    void errorsForChangesTheServerWouldHaveRefused() throws Exception {
        SchemaHistory h = history();
        h.apply("CREATE TABLE t (a int)", "app");
        assertThrows(SchemaHistoryException.class, () -> h.apply("ALTER TABLE t DROP COLUMN nope", "app"));
        assertThrows(SchemaHistoryException.class, () -> h.apply("ALTER TABLE t ADD b int AFTER nope", "app"));
        assertThrows(SchemaHistoryException.class, () -> h.apply("CREATE TABLE t2 (a int)", ""));
        h.apply("ALTER TABLE t DROP COLUMN IF EXISTS nope", "app");
    }
}
