package io.sluice.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.EventPosition;
import io.sluice.node.binlog.QueryEvent;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.mysql.MysqlConnection;
import io.sluice.node.mysql.MysqlConnectionConfig;
import io.sluice.node.mysql.TlsConfig;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.FileEventSource;
import io.sluice.testkit.BinlogStatus;
import io.sluice.testkit.MariaDbSandbox;

/**
 * The server is the oracle: a real MariaDB runs a sequence of DDL statements across two schemas, and after each one
 * the history's definition of every table must equal what the server reports through {@link SourceSchemaLoader}
 * (column names, COLUMN_TYPE text, nullability, signedness, charsets, collations, labels, generated/invisible flags,
 * primary key, table defaults). The history starts from the loader's snapshot of a pre-existing table. Then the
 * binlog is replayed: the statements as the server logged them drive a second history, which every TABLE_MAP of
 * the run must agree with.
 */
class SchemaHistoryIT {
    private static final Set<String> SCHEMAS = Set.of("s1", "s2");
    private static final Predicate<TableName> SELECTED = t -> SCHEMAS.contains(t.schema());

    private static MariaDbSandbox db;

    /** {default database, statement}. */
    private static final String[][] STEPS = {
        {"s1", "CREATE TABLE t1 (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, "
                + "a VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_bin DEFAULT 'x' COMMENT 'c', "
                + "b DECIMAL(10,2) ZEROFILL, c ENUM('a','b''q','c') NOT NULL, d SET('x','y'), e BIT(3), "
                + "f DATETIME(6) ON UPDATE CURRENT_TIMESTAMP(6), g JSON, h GEOMETRY NOT NULL, i TINYTEXT, "
                + "j LONGBLOB, k YEAR, l DOUBLE(8,3) UNSIGNED, m FLOAT, n BINARY(4), o VARBINARY(8), "
                + "p CHAR(3) BINARY, q BOOL, s MEDIUMINT(8) SIGNED, t POINT, u NATIONAL VARCHAR(10), v NCHAR(2), "
                + "w REAL, x INTEGER, y NUMERIC(5), z TIME(3), KEY k1 (a(5)), UNIQUE KEY uk (b, c), "
                + "FULLTEXT KEY ft (i), SPATIAL KEY sp (h), INDEX (k) USING BTREE, CHECK (s > 0)) "
                + "ENGINE=InnoDB COMMENT='tbl'"},
        {"s1", "CREATE TABLE `t2` (`a b` int, `c` int AS (`a b` + 1) VIRTUAL, d int GENERATED ALWAYS AS (c*2) "
                + "STORED, e int INVISIBLE, f varchar(10) AS (concat('x', 'y')) PERSISTENT, g text(100), "
                + "h blob(300), ts timestamp, PRIMARY KEY (`a b`)) CHARSET latin1"},
        {"s1", "ALTER TABLE t1 ADD COLUMN aa INT AFTER a"},
        {"s1", "ALTER TABLE t1 ADD aa2 INT FIRST, ADD COLUMN (ab INT, ac VARCHAR(5))"},
        {"s1", "ALTER TABLE t1 ADD COLUMN IF NOT EXISTS ab INT, ADD COLUMN IF NOT EXISTS ad TEXT"},
        {"s1", "ALTER TABLE t1 DROP COLUMN aa, DROP aa2"},
        {"s1", "ALTER TABLE t1 DROP COLUMN IF EXISTS nothere, DROP COLUMN IF EXISTS ad"},
        {"s1", "ALTER TABLE t1 MODIFY COLUMN a VARCHAR(40) NOT NULL FIRST"},
        {"s1", "ALTER TABLE t1 CHANGE COLUMN a a2 TEXT CHARACTER SET utf8mb4 AFTER b"},
        {"s1", "ALTER TABLE t1 RENAME COLUMN a2 TO a3"},
        {"s1", "ALTER TABLE t1 MODIFY b BIGINT UNSIGNED NULL"},
        {"s1", "ALTER TABLE t1 ADD INDEX idx_x (b), ADD UNIQUE INDEX (x), ADD KEY IF NOT EXISTS k9 (y)"},
        {"s1", "ALTER TABLE t1 DROP INDEX idx_x, DROP KEY k9"},
        {"s1", "ALTER TABLE t1 DROP PRIMARY KEY, ADD PRIMARY KEY (id, c)"},
        {"s1", "CREATE TABLE t3 (a int, b varchar(10), c int)"},
        {"s1", "ALTER TABLE t3 ADD PRIMARY KEY (a, b)"},
        {"s1", "ALTER TABLE t3 ADD COLUMN tx TEXT CHARACTER SET latin1, ADD COLUMN tt TINYTEXT CHARACTER SET latin1"},
        {"s1", "ALTER TABLE t3 CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"},
        {"s1", "ALTER TABLE t3 DEFAULT CHARSET=latin1"},
        {"s1", "ALTER TABLE t3 ADD COLUMN d VARCHAR(3), ALGORITHM=INPLACE, LOCK=NONE"},
        {"s1", "ALTER TABLE t3 CHARACTER SET = utf8mb3, COLLATE utf8mb3_bin"},
        {"s1", "ALTER TABLE t3 ADD COLUMN e CHAR(2)"},
        {"s1", "CREATE INDEX i1 ON t3 (c)"},
        {"s1", "DROP INDEX i1 ON t3"},
        {"s1", "CREATE UNIQUE INDEX i2 ON s1.t3 (d) USING BTREE"},
        {"s1", "DROP INDEX `PRIMARY` ON t3"},
        {"s1", "RENAME TABLE t3 TO t3r"},
        {"s1", "RENAME TABLE t3r TO s2.t3, t2 TO t2r"},
        {"s2", "ALTER TABLE t3 RENAME TO t3b"},
        {"s2", "CREATE TABLE s2.like1 LIKE s1.t1"},
        {"s2", "CREATE TABLE l2 (a int, b char(5))"},
        {"s1", "ALTER DATABASE s2 CHARACTER SET utf8mb3"},
        {"s2", "CREATE TABLE l3 (a varchar(5), b enum('x','y'))"},
        {"s2", "TRUNCATE TABLE l3"},
        {"s2", "DROP TABLE l3"},
        {"s2", "CREATE TABLE l3 (a bigint primary key, b json)"},
        {"s2", "DROP TABLE IF EXISTS nothere, l2"},
        {"s1", "RENAME TABLE t1 TO tmp, s2.like1 TO t1, tmp TO s2.like1"},
        {"s1", "ALTER TABLE t2r MODIFY e int"},
        {"s1", "ALTER TABLE t2r ALTER COLUMN `a b` SET DEFAULT 5, ENGINE=InnoDB, COMMENT 'x'"},
        {"s1", "CREATE TABLE IF NOT EXISTS t2r (zz int)"},
        {"s1", "CREATE OR REPLACE TABLE t4 (a int)"},
        {"s1", "CREATE OR REPLACE TABLE t4 (b int, c serial)"},
        {"s1", "ALTER TABLE t4 ADD COLUMN d INT NOT NULL DEFAULT 0 COMMENT 'x' AFTER `c`, MODIFY c BIGINT, "
                + "DROP COLUMN b"},
        {"s1", "CREATE TABLE t5 (LIKE t4)"},
        {"s1", "/* comment */ ALTER TABLE `s1`.`t5` ADD `x y` int, ADD COLUMN z2 int AS (d + 1) VIRTUAL INVISIBLE"},
        {"s1", "DROP DATABASE s2"},
        {"s1", "CREATE DATABASE s2 COLLATE latin1_bin"},
        {"s2", "CREATE TABLE s2.n1 (a char(1), b time, c timestamp(3) null, d datetime, "
                + "e varchar(4) character set binary, f text character set binary, g int zerofill, h year, "
                + "i float(30), j float(5,2), k decimal, l bit, m tinyint(1), n smallint unsigned, o bigint(5), "
                + "p mediumtext charset utf16, r longtext, s char(10) character set ascii, t set('a','b') "
                + "collate latin1_general_ci, u datetime(0))"},
        {"s1", "TRUNCATE s2.n1"},
        {"s1", "ALTER TABLE s2.n1 MODIFY a char(2) CHARACTER SET utf8mb4 NOT NULL, ADD PRIMARY KEY (a)"},
        {"s2", "ALTER TABLE n1 CONVERT TO CHARACTER SET utf8mb4"},
        {"s2", "CREATE TABLE gho LIKE n1"},
        {"s2", "RENAME TABLE n1 TO n1_del, gho TO n1"},
    };

    @BeforeAll
    static void start() {
        db = MariaDbSandbox.launch();
        db.execute("CREATE DATABASE s1 CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
                "CREATE DATABASE s2 CHARACTER SET latin1",
                "CREATE TABLE s1.pre (id int primary key, name varchar(10), e enum('p','q') not null)");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
    }

    private static MysqlConnectionConfig admin() {
        return MysqlConnectionConfig.builder(db.host(), db.port()).user(db.adminUser()).password(db.adminPassword())
                .tls(TlsConfig.DISABLED).connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void historyFollowsTheServerAfterEveryStatement() throws Exception {
        assertTrue(STEPS.length >= 40, "at least 40 statements");
        try (MysqlConnection source = MysqlConnection.open(admin()); Connection jdbc = db.connection();
             Statement st = jdbc.createStatement()) {
            SourceSchemaLoader loader = new SourceSchemaLoader(source);
            SchemaSnapshot start = loader.load(SELECTED);
            assertEquals(1, start.tables().size(), "the pre-existing table is loaded: " + start.tables());
            SchemaHistory history = new SchemaHistory(start, SELECTED);
            BinlogStatus startPosition = db.binlogStatus();
            st.execute("SET SESSION sql_mode = ''");
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < STEPS.length; i++) {
                String database = STEPS[i][0];
                String sql = STEPS[i][1];
                st.execute("USE " + database);
                st.execute(sql);
                SchemaChange change = history.apply(sql, database);
                assertTrue(change.understood(), sql);
                Map<String, TableDefinition> expected = byName(loader.load(SELECTED).tables());
                Map<String, TableDefinition> actual = byName(history.snapshot().tables());
                if (!expected.keySet().equals(actual.keySet())) {
                    failures.add("step " + (i + 1) + " `" + sql + "`: tables differ: server " + expected.keySet()
                            + ", history " + actual.keySet());
                }
                for (Map.Entry<String, TableDefinition> e : expected.entrySet()) {
                    TableDefinition mine = actual.get(e.getKey());
                    if (mine != null && !mine.equals(e.getValue())) {
                        failures.add("step " + (i + 1) + " `" + sql + "`: " + e.getKey() + " differs:\n  server  "
                                + describe(e.getValue()) + "\n  history " + describe(mine));
                    }
                }
                for (String schema : SCHEMAS) {
                    var server = loader.load(t -> false).database(schema);
                    var mine = history.snapshot().database(schema);
                    if (server.isPresent() && !server.equals(mine)) {
                        failures.add("step " + (i + 1) + " `" + sql + "`: database " + schema + ": server " + server
                                + ", history " + mine);
                    }
                }
                if (!failures.isEmpty()) {
                    fail(String.join("\n", failures));
                }
                // a row in every table, so the binlog has a TABLE_MAP of each definition for the replay below
                for (TableDefinition t : actual.values()) {
                    try {
                        st.execute("INSERT IGNORE INTO `" + t.schema() + "`.`" + t.name() + "` () VALUES ()");
                    } catch (java.sql.SQLException e) {
                        // a NOT NULL geometry has no implicit default; that table's TABLE_MAPs come from other steps
                    }
                }
            }
            replayBinlog(start, startPosition);
            // the whole history survives its own serialisation
            assertEquals(history.snapshot(), SchemaCodec.decode(SchemaCodec.encode(history.snapshot())));
        }
    }

    /**
     * The same statements as the server logged them: a second history follows the QUERY events of the binlog from
     * the load position, and every TABLE_MAP of a selected table must agree with it ({@link TableMapCheck}), column
     * names included (the sandbox logs FULL metadata).
     */
    private static void replayBinlog(SchemaSnapshot start, BinlogStatus from) throws Exception {
        SchemaHistory replay = new SchemaHistory(start, SELECTED);
        List<Path> files;
        try (Stream<Path> list = Files.list(db.binlogDir())) {
            files = list.filter(p -> p.getFileName().toString().matches("mysql-bin\\.\\d{6}")).sorted().toList();
        }
        int queries = 0;
        int tableMaps = 0;
        try (FileEventSource source = new FileEventSource(files, null, new BinlogEventDecoder())) {
            DecodedEvent e;
            while ((e = source.next()) != null) {
                EventPosition at = e.position();
                int cmp = at.file().compareTo(from.file());
                if (cmp < 0 || (cmp == 0 && at.offset() < from.position())) {
                    continue;
                }
                if (e.event() instanceof QueryEvent q) {
                    replay.apply(q);
                    queries++;
                } else if (e.event() instanceof TableMapEvent map && SCHEMAS.contains(map.schema())) {
                    TableDefinition def = replay.table(map.schema(), map.table())
                            .orElseThrow(() -> new AssertionError("no definition for " + map.qualifiedName()
                                    + " at " + at));
                    TableMapCheck.check(map, def).ifPresent(m -> fail(m.describe(at.toString())));
                    tableMaps++;
                }
            }
        }
        assertTrue(queries >= 40, "replayed " + queries + " QUERY events");
        assertTrue(tableMaps >= 50, "checked " + tableMaps + " TABLE_MAP events");
        System.out.println("replayed " + queries + " QUERY events, checked " + tableMaps + " TABLE_MAP events");
    }

    private static Map<String, TableDefinition> byName(List<TableDefinition> tables) {
        Map<String, TableDefinition> m = new TreeMap<>();
        for (TableDefinition t : tables) {
            if (SCHEMAS.contains(t.schema())) {
                m.put(t.qualifiedName(), t);
            }
        }
        return m;
    }

    static String describe(TableDefinition t) {
        StringBuilder sb = new StringBuilder(t.qualifiedName()).append(" [").append(t.charset()).append('/')
                .append(t.collation()).append("] pk=").append(t.primaryKey());
        for (ColumnDefinition c : t.columns()) {
            sb.append("\n      ").append(c);
        }
        return sb.toString();
    }
}
