package io.sluice.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every DDL form the history must follow, as the parser reads it. */
class DdlParserTest {

    private static <T extends Ddl> T parse(String sql, Class<T> type) {
        return assertInstanceOf(type, DdlParser.parse(sql), sql);
    }

    @Test
    void createTableWithEveryColumnTypeAndAttribute() {
        Ddl.CreateTable c = parse("CREATE TABLE t1 (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                + "a VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x' COMMENT 'c', "
                + "b DECIMAL(10,2) ZEROFILL, c ENUM('a','b''q','c') NOT NULL, d SET('x','y'), e BIT(3), "
                + "f DATETIME(6) ON UPDATE CURRENT_TIMESTAMP(6), g JSON, h GEOMETRY NOT NULL SRID 4326, i TINYTEXT, "
                + "j LONGBLOB, k YEAR, l DOUBLE(8,3) UNSIGNED, m FLOAT, n BINARY(4), o VARBINARY(8), p CHAR(3) BINARY, "
                + "q BOOL, r SERIAL, s MEDIUMINT(8) SIGNED, t POINT, u NATIONAL VARCHAR(10), v NCHAR(2), w REAL, "
                + "x INTEGER, y NUMERIC(5), z TIME(3), aa DOUBLE PRECISION, ab LONG VARCHAR, ac INT1, ad INET6, "
                + "ae UUID, af CHAR(1) ASCII, ag DEC(4,1), ah TIMESTAMP NULL DEFAULT NULL, ai INT DEFAULT -1, "
                + "aj VARCHAR(5) DEFAULT _utf8mb4'x' COLLATE utf8mb4_bin, ak INT DEFAULT (1 + 1), "
                + "al BIGINT REFERENCES p (id) ON DELETE SET NULL, am INT CHECK (am > 0), "
                + "an INT CONSTRAINT c1 CHECK (an < 9), ao BLOB COMPRESSED, ap INT COLUMN_FORMAT FIXED STORAGE DISK, "
                + "KEY k1 (a(5)), UNIQUE KEY uk (b, c), FULLTEXT KEY ft (i), SPATIAL KEY sp (h), "
                + "INDEX (k) USING BTREE, INDEX ((x + 1)), CONSTRAINT fk FOREIGN KEY (s) REFERENCES t0 (id) "
                + "ON DELETE CASCADE, CHECK (s > 0), CONSTRAINT ck CHECK (x < 5)) ENGINE=InnoDB "
                + "DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci ROW_FORMAT=DYNAMIC COMMENT='tbl' "
                + "AUTO_INCREMENT=5", Ddl.CreateTable.class);
        assertEquals(new Ddl.Name(null, "t1"), c.name());
        assertEquals("utf8mb4", c.charset());
        assertEquals("utf8mb4_general_ci", c.collation());
        assertEquals(43, c.columns().size());
        Ddl.Column id = c.columns().get(0);
        assertTrue(id.primaryKey());
        assertTrue(id.unsigned());
        assertEquals(Boolean.FALSE, id.nullable());
        Ddl.Column a = c.columns().get(1);
        assertEquals("varchar", a.type());
        assertEquals(List.of("20"), a.args());
        assertEquals("latin1", a.charset());
        assertEquals("latin1_bin", a.collation());
        assertEquals(List.of("a", "b'q", "c"), c.columns().get(3).labels());
        assertTrue(c.columns().get(16).binaryAttr());
        assertEquals("tinyint", c.columns().get(17).type());
        assertEquals(List.of("1"), c.columns().get(17).args());
        Ddl.Column serial = c.columns().get(18);
        assertEquals("bigint", serial.type());
        assertTrue(serial.unsigned());
        assertEquals("utf8mb3", c.columns().get(21).charset());
        assertEquals("char", c.columns().get(22).type());
        assertEquals("double", c.columns().get(23).type());
        assertEquals("mediumtext", c.columns().get(28).type());
        assertEquals("latin1", c.columns().get(32).charset());
        assertTrue(c.primaryKey().isEmpty());
    }

    @Test
    void generatedInvisibleAndTableLevelKey() {
        Ddl.CreateTable c = parse("CREATE TABLE `db1`.`t2` (`a b` int, `c` int AS (`a b` + 1) VIRTUAL, "
                + "d int GENERATED ALWAYS AS (c*2) STORED, e int INVISIBLE, f varchar(10) AS (concat('x', 'y')) "
                + "PERSISTENT, PRIMARY KEY (`a b`, c DESC)) CHARSET latin1", Ddl.CreateTable.class);
        assertEquals(new Ddl.Name("db1", "t2"), c.name());
        assertEquals("a b", c.columns().get(0).name());
        assertTrue(c.columns().get(1).generated());
        assertTrue(c.columns().get(2).generated());
        assertTrue(c.columns().get(3).invisible());
        assertTrue(c.columns().get(4).generated());
        assertEquals(List.of("a b", "c"), c.primaryKey());
        assertEquals("latin1", c.charset());
        assertEquals(List.of("a"), parse("CREATE TABLE t (a int, CONSTRAINT pk PRIMARY KEY USING BTREE (a))",
                Ddl.CreateTable.class).primaryKey());
    }

    @Test
    void createTableVariants() {
        assertTrue(parse("CREATE TABLE IF NOT EXISTS t3 (a int) ENGINE=MyISAM", Ddl.CreateTable.class).ifNotExists());
        assertTrue(parse("CREATE TEMPORARY TABLE tmp1 (a int)", Ddl.CreateTable.class).temporary());
        assertTrue(parse("CREATE OR REPLACE TABLE t7 (a int)", Ddl.CreateTable.class).orReplace());
        Ddl.CreateTableLike like = parse("CREATE TABLE t4 LIKE db.t1", Ddl.CreateTableLike.class);
        assertEquals(new Ddl.Name("db", "t1"), like.source());
        assertEquals(new Ddl.Name("db1", "t2"), parse("CREATE TABLE t5 (LIKE db1.t2)", Ddl.CreateTableLike.class)
                .source());
        parse("CREATE TABLE t8 (a int) PARTITION BY HASH(a) PARTITIONS 4", Ddl.CreateTable.class);
        parse("CREATE TABLE t10 (a int) /*!50100 PARTITION BY RANGE (a) (PARTITION p0 VALUES LESS THAN (10)) */",
                Ddl.CreateTable.class);
        parse("CREATE TABLE t11 (a INET6, b UUID, c INET4, d int) ENGINE=InnoDB", Ddl.CreateTable.class);
        parse("/*!40101 SET character_set_client = utf8 */", Ddl.Ignored.class);
        parse("/* leading comment */ CREATE TABLE c1 (a int) -- trailing", Ddl.CreateTable.class);
        parse("# hash comment\nCREATE TABLE c3 (a int);", Ddl.CreateTable.class);
        parse("CREATE TABLE `a``b` (`c``d` int)", Ddl.CreateTable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE TABLE t6 AS SELECT * FROM t1",
        "CREATE TABLE t6 (a int) SELECT 1 AS a",
        "CREATE TABLE t6 SELECT 1",
        "CREATE TABLE t11 (a int) WITH SYSTEM VERSIONING",
        "CREATE TABLE t (a int, PERIOD FOR p(a, a))",
        "CREATE TABLE t (a int",
        "CREATE TABLE t (a wibble)",
        "CREATE TABLE t (a int) FROBNICATE=1",
        "ALTER TABLE t ADD SYSTEM VERSIONING",
        "ALTER TABLE t FROBNICATE",
        "ALTER TABLE t ADD COLUMN a int BOGUS",
        "FROBNICATE TABLE t",
        "IMPORT TABLE FROM '/tmp/t.sdi'",
    })
    void unreadableStatementsAreErrors(String sql) {
        DdlParseException e = assertThrows(DdlParseException.class, () -> DdlParser.parse(sql));
        assertFalse(e.describe().isEmpty());
    }

    @Test
    void parseErrorsNameTheTablesReadSoFar() {
        DdlParseException e = assertThrows(DdlParseException.class,
                () -> DdlParser.parse("ALTER TABLE db.t FROBNICATE"));
        assertEquals(List.of(new Ddl.Name("db", "t")), e.targets());
        assertTrue(e.describe().contains("offset 17"), e.describe());
    }

    @Test
    void alterTableColumnClauses() {
        Ddl.AlterTable a = parse("ALTER TABLE t1 ADD COLUMN aa INT AFTER a, ADD aa2 INT FIRST, "
                + "ADD COLUMN (ab INT, ac INT), ADD COLUMN IF NOT EXISTS ad INT, DROP COLUMN aa, DROP aa2, "
                + "DROP COLUMN IF EXISTS ad RESTRICT, MODIFY COLUMN a VARCHAR(40) NOT NULL FIRST, "
                + "MODIFY IF EXISTS a VARCHAR(41), CHANGE COLUMN a a2 TEXT CHARACTER SET utf8mb4 AFTER b, "
                + "CHANGE IF EXISTS a2 a3 TEXT, RENAME COLUMN a3 TO a4, ALTER COLUMN b SET DEFAULT 3, "
                + "ALTER b DROP DEFAULT, ALTER COLUMN c SET INVISIBLE", Ddl.AlterTable.class);
        List<Ddl.AlterOp> ops = a.ops();
        assertEquals(15, ops.size());
        assertEquals(new Ddl.Placement(false, "a"), ((Ddl.AddColumns) ops.get(0)).placement());
        assertEquals(Ddl.Placement.FIRST, ((Ddl.AddColumns) ops.get(1)).placement());
        assertEquals(2, ((Ddl.AddColumns) ops.get(2)).columns().size());
        assertTrue(((Ddl.AddColumns) ops.get(3)).ifNotExists());
        assertEquals(new Ddl.DropColumn("aa", false), ops.get(4));
        assertEquals(new Ddl.DropColumn("aa2", false), ops.get(5));
        assertEquals(new Ddl.DropColumn("ad", true), ops.get(6));
        Ddl.ChangeColumn modify = (Ddl.ChangeColumn) ops.get(7);
        assertEquals("a", modify.oldName());
        assertEquals(Ddl.Placement.FIRST, modify.placement());
        assertTrue(((Ddl.ChangeColumn) ops.get(8)).ifExists());
        Ddl.ChangeColumn change = (Ddl.ChangeColumn) ops.get(9);
        assertEquals("a2", change.column().name());
        assertEquals("utf8mb4", change.column().charset());
        assertEquals(new Ddl.RenameColumn("a3", "a4", false), ops.get(11));
        assertInstanceOf(Ddl.NoOp.class, ops.get(12));
        assertInstanceOf(Ddl.NoOp.class, ops.get(13));
        assertEquals(new Ddl.SetColumnVisibility("c", true), ops.get(14));
    }

    @Test
    void alterTableKeysCharsetsAndOptions() {
        List<Ddl.AlterOp> ops = parse("ALTER TABLE t1 ADD INDEX idx_x (b), ADD UNIQUE INDEX (c), "
                + "ADD KEY IF NOT EXISTS k9 (d), DROP INDEX idx_x, DROP KEY k9, DROP PRIMARY KEY, "
                + "ADD PRIMARY KEY (id, b), ADD CONSTRAINT pk PRIMARY KEY (id), DROP INDEX `PRIMARY`, "
                + "ADD FULLTEXT INDEX ft2 (i), DROP FOREIGN KEY fk, ADD CONSTRAINT fk2 FOREIGN KEY (a) REFERENCES "
                + "p (id), RENAME INDEX k1 TO k2, ALTER INDEX k1 INVISIBLE, DROP CONSTRAINT chk1, DROP CHECK c2",
                Ddl.AlterTable.class).ops();
        assertInstanceOf(Ddl.AddIndex.class, ops.get(0));
        assertInstanceOf(Ddl.AddIndex.class, ops.get(1));
        assertInstanceOf(Ddl.AddIndex.class, ops.get(2));
        assertEquals(new Ddl.DropKey("idx_x"), ops.get(3));
        assertEquals(new Ddl.DropPrimaryKey(), ops.get(5));
        assertEquals(new Ddl.AddPrimaryKey(List.of("id", "b")), ops.get(6));
        assertEquals(new Ddl.AddPrimaryKey(List.of("id")), ops.get(7));
        assertEquals(new Ddl.DropPrimaryKey(), ops.get(8));
        assertEquals(16, ops.size());

        assertEquals(List.of(new Ddl.ConvertCharset("utf8mb4", "utf8mb4_unicode_ci")),
                parse("ALTER TABLE t1 CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                        Ddl.AlterTable.class).ops());
        assertEquals(List.of(new Ddl.TableCharset("latin1", null)),
                parse("ALTER TABLE t1 DEFAULT CHARSET=latin1", Ddl.AlterTable.class).ops());
        assertEquals(List.of(new Ddl.TableCharset("utf8", "utf8_bin")),
                parse("ALTER TABLE t1 CHARACTER SET = utf8, COLLATE utf8_bin", Ddl.AlterTable.class).ops());
        assertEquals(4, parse("ALTER TABLE t1 ADD COLUMN z1 INT, ALGORITHM=INPLACE, LOCK=NONE, FORCE",
                Ddl.AlterTable.class).ops().size());
        parse("ALTER TABLE t1 ALGORITHM=INSTANT, ADD COLUMN z2 INT", Ddl.AlterTable.class);
        assertEquals(new Ddl.RenameTo(new Ddl.Name(null, "t1b")),
                parse("ALTER TABLE t1 RENAME TO t1b", Ddl.AlterTable.class).ops().get(0));
        assertEquals(new Ddl.RenameTo(new Ddl.Name("db2", "t1c")),
                parse("ALTER TABLE t1b RENAME AS db2.t1c", Ddl.AlterTable.class).ops().get(0));
        for (String sql : List.of("ALTER TABLE t1 ENGINE=InnoDB", "ALTER TABLE t1 FORCE",
                "ALTER TABLE t1 COMMENT 'new'", "ALTER TABLE t1 ORDER BY a, b", "ALTER TABLE t1 AUTO_INCREMENT = 10",
                "ALTER TABLE t1 ADD PARTITION (PARTITION p5 VALUES LESS THAN (50))",
                "ALTER TABLE t1 DROP PARTITION p1, p2", "ALTER TABLE t1 REMOVE PARTITIONING",
                "ALTER TABLE t1 PARTITION BY HASH(a) PARTITIONS 2", "ALTER TABLE t1 DISABLE KEYS",
                "ALTER TABLE t1 ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8", "ALTER TABLE t1")) {
            parse(sql, Ddl.AlterTable.class).ops().forEach(op -> assertInstanceOf(Ddl.NoOp.class, op, sql));
        }
    }

    @Test
    void alterTablePrefixes() {
        for (String sql : List.of("ALTER ONLINE TABLE t1 ADD COLUMN on1 INT", "ALTER IGNORE TABLE t1 ADD UNIQUE (on1)",
                "ALTER TABLE IF EXISTS t1 ADD COLUMN ie INT", "ALTER TABLE t1 WAIT 5 ADD COLUMN wt INT",
                "ALTER TABLE t1 NOWAIT ADD COLUMN nw INT", "ALTER TABLE `db1`.`t1` ADD `x y` int")) {
            assertEquals(1, parse(sql, Ddl.AlterTable.class).ops().size(), sql);
        }
        assertEquals(new Ddl.Name("db1", "t1"), parse("ALTER TABLE `db1`.`t1` ADD `x y` int", Ddl.AlterTable.class)
                .name());
    }

    @Test
    void renameDropTruncate() {
        assertEquals(List.of(new Ddl.Rename(new Ddl.Name(null, "a"), new Ddl.Name(null, "b")),
                new Ddl.Rename(new Ddl.Name(null, "c"), new Ddl.Name("x", "d"))),
                parse("RENAME TABLE a TO b, c TO x.d", Ddl.RenameTables.class).renames());
        parse("RENAME TABLE db1.a TO db2.a", Ddl.RenameTables.class);
        parse("RENAME TABLE IF EXISTS a TO b", Ddl.RenameTables.class);
        parse("RENAME TABLES a WAIT 1 TO b", Ddl.RenameTables.class);
        Ddl.DropTables d = parse("DROP TABLE IF EXISTS a, db1.b", Ddl.DropTables.class);
        assertTrue(d.ifExists());
        assertEquals(List.of(new Ddl.Name(null, "a"), new Ddl.Name("db1", "b")), d.names());
        assertTrue(parse("DROP TEMPORARY TABLE IF EXISTS tmp1", Ddl.DropTables.class).temporary());
        parse("DROP TABLE a RESTRICT", Ddl.DropTables.class);
        parse("DROP TABLE `a` /* generated by server */", Ddl.DropTables.class);
        assertEquals(new Ddl.Name(null, "a"), parse("TRUNCATE TABLE a", Ddl.Truncate.class).name());
        assertEquals(new Ddl.Name("db1", "b"), parse("TRUNCATE db1.b", Ddl.Truncate.class).name());
    }

    @Test
    void databasesAndIndexes() {
        assertEquals(new Ddl.CreateDatabase("d1", false, false, null, null),
                parse("CREATE DATABASE d1", Ddl.CreateDatabase.class));
        assertEquals(new Ddl.CreateDatabase("d1", false, true, "utf8mb4", "utf8mb4_bin"),
                parse("CREATE DATABASE IF NOT EXISTS d1 CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
                        Ddl.CreateDatabase.class));
        assertEquals("latin1", parse("CREATE SCHEMA d2 DEFAULT CHARSET latin1", Ddl.CreateDatabase.class).charset());
        assertTrue(parse("CREATE OR REPLACE DATABASE d3", Ddl.CreateDatabase.class).orReplace());
        assertEquals(new Ddl.DropDatabase("d1", false), parse("DROP DATABASE d1", Ddl.DropDatabase.class));
        assertEquals(new Ddl.DropDatabase("d2", true), parse("DROP SCHEMA IF EXISTS d2", Ddl.DropDatabase.class));
        assertEquals(new Ddl.AlterDatabase("d1", "utf8mb4", null),
                parse("ALTER DATABASE d1 CHARACTER SET utf8mb4", Ddl.AlterDatabase.class));
        assertEquals(new Ddl.AlterDatabase(null, null, "latin1_bin"),
                parse("ALTER SCHEMA DEFAULT COLLATE latin1_bin", Ddl.AlterDatabase.class));
        parse("ALTER DATABASE d1 COMMENT 'x'", Ddl.AlterDatabase.class);
        assertEquals(new Ddl.CreateIndex("i1", new Ddl.Name(null, "t1")),
                parse("CREATE INDEX i1 ON t1 (a, b(4))", Ddl.CreateIndex.class));
        parse("CREATE UNIQUE INDEX i2 ON db1.t1 (a) USING BTREE", Ddl.CreateIndex.class);
        parse("CREATE FULLTEXT INDEX i3 ON t1 (a)", Ddl.CreateIndex.class);
        parse("CREATE INDEX IF NOT EXISTS i4 ON t1 (a) ALGORITHM=INPLACE LOCK=NONE", Ddl.CreateIndex.class);
        parse("CREATE OR REPLACE INDEX i5 ON t1 (a)", Ddl.CreateIndex.class);
        assertEquals(new Ddl.DropIndex("i1", new Ddl.Name(null, "t1")),
                parse("DROP INDEX i1 ON t1", Ddl.DropIndex.class));
        parse("DROP INDEX IF EXISTS i1 ON db1.t1", Ddl.DropIndex.class);
        assertEquals("PRIMARY", parse("DROP INDEX `PRIMARY` ON t1", Ddl.DropIndex.class).index());
        parse("DROP INDEX i1 ON t1 ALGORITHM=INPLACE LOCK=DEFAULT", Ddl.DropIndex.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT sp1", "RELEASE SAVEPOINT sp1", "XA START 'x'",
        "SET @a = 1", "GRANT SELECT ON *.* TO 'u'@'%'", "REVOKE ALL ON *.* FROM u", "FLUSH PRIVILEGES",
        "ANALYZE TABLE t1", "OPTIMIZE TABLE t1", "REPAIR TABLE t1", "INSERT INTO t VALUES (1)", "UPDATE t SET a = 1",
        "DELETE FROM t", "CREATE USER 'u'@'%' IDENTIFIED BY 'x'", "DROP USER u", "ALTER USER u ACCOUNT LOCK",
        "RENAME USER a TO b", "CREATE VIEW v1 AS SELECT 1", "CREATE OR REPLACE VIEW v1 AS SELECT 1",
        "CREATE DEFINER=`root`@`localhost` VIEW v2 AS SELECT 1", "CREATE ALGORITHM=MERGE VIEW v AS SELECT 1",
        "DROP VIEW v1", "ALTER VIEW v AS SELECT 2", "CREATE TRIGGER tr BEFORE INSERT ON t1 FOR EACH ROW SET NEW.a = 1",
        "CREATE DEFINER=CURRENT_USER TRIGGER tr BEFORE INSERT ON t1 FOR EACH ROW SET NEW.a = 1",
        "DROP TRIGGER tr", "CREATE FUNCTION f() RETURNS INT RETURN 1", "DROP PROCEDURE IF EXISTS p",
        "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1", "CREATE SEQUENCE s1", "DROP SEQUENCE s1",
        "CREATE ROLE r", "DROP ROLE r", "LOAD DATA INFILE 'x' INTO TABLE t", "", "  ;"})
    void statementsThatChangeNoTableAreIgnored(String sql) {
        parse(sql, Ddl.Ignored.class);
    }

    @Test
    void columnTypeWordsAndAttributes() {
        Ddl.Column c = parse("CREATE TABLE t (c NATIONAL CHARACTER VARYING(5))", Ddl.CreateTable.class).columns()
                .get(0);
        assertEquals("varchar", c.type());
        assertEquals("utf8mb3", c.charset());
        c = parse("CREATE TABLE t (c LONG VARBINARY)", Ddl.CreateTable.class).columns().get(0);
        assertEquals("mediumblob", c.type());
        c = parse("CREATE TABLE t (c CHAR(4) BYTE)", Ddl.CreateTable.class).columns().get(0);
        assertEquals("binary", c.charset());
        c = parse("CREATE TABLE t (c INT NULL)", Ddl.CreateTable.class).columns().get(0);
        assertEquals(Boolean.TRUE, c.nullable());
        c = parse("CREATE TABLE t (c INT)", Ddl.CreateTable.class).columns().get(0);
        assertNull(c.nullable());
        assertTrue(parse("CREATE TABLE t (c INT KEY)", Ddl.CreateTable.class).columns().get(0).primaryKey());
        assertFalse(parse("CREATE TABLE t (c INT UNIQUE KEY)", Ddl.CreateTable.class).columns().get(0).primaryKey());
    }
}
