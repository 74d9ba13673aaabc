package io.sluice.node.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.Header;
import io.sluice.node.entry.EntryComparison.Difference;
import io.sluice.node.mysql.MysqlConnection;
import io.sluice.node.mysql.MysqlConnectionConfig;
import io.sluice.node.mysql.TlsConfig;
import io.sluice.node.schema.SchemaSnapshot;
import io.sluice.node.schema.SourceSchemaLoader;
import io.sluice.testkit.BinlogStatus;
import io.sluice.testkit.MariaDbSandbox;

/**
 * canal's own converter is the oracle for {@link EntryBuilder} in canal mode ({@link EntryOptions#canal}). A private
 * MariaDB writes rows of every column type at the edges of their ranges (INSERT, UPDATE and DELETE images, NULLs, a
 * multi-statement transaction), then rotates its binlog and runs DDL. The binlog files are converted twice:
 * <ul>
 *   <li>by canal 1.1.7's {@code LogEventConvert} fed by canal's own binlog reader ({@link CanalFileConverter}; 1.1.8's
 *       parse module is not published on Maven Central), with canal's {@code TableMetaCache} loading
 *       {@code show create table} from the server;</li>
 *   <li>by sluice: {@code FileEventSource}, {@link EntryBuilder} in canal mode with the definitions
 *       {@code SourceSchemaLoader} reads from the same server, and the schema history's DDL kinds
 *       ({@link SluiceFileConverter}).</li>
 * </ul>
 * Entries are compared one by one (entry type, header, row change, every column of every image: name, index, key,
 * null, value, sqlType, mysqlType, updated). Every difference must be one of the {@link Known} differences, each
 * documented in docs/entries.md; each of them must still occur, so that the list stays true.
 *
 * <p>Both sides decode text in UTF-8 (canal's default {@code connectionCharset}) and render TIMESTAMP in the JVM's
 * zone, as canal does. Header GTIDs are not compared: canal reading files has no GTID set to start from.
 */
class CanalConverterOracleIT {
    private static final String SCHEMA = "cmp";

    /** The tables written; their definitions do not change after they are created. */
    private static final String[] TABLES = {
        "CREATE TABLE ints (id INT PRIMARY KEY, ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, "
                + "siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, "
                + "biu BIGINT UNSIGNED, b BOOL, z INT(5) ZEROFILL)",
        "CREATE TABLE nums (id INT PRIMARY KEY, d DECIMAL(10,2), d0 DECIMAL(65,0), d30 DECIMAL(65,30), "
                + "du DECIMAL(8,3) UNSIGNED, d5 DECIMAL(5,5), f FLOAT, f73 FLOAT(7,3), db DOUBLE, b1 BIT(1), "
                + "b8 BIT(8), b17 BIT(17), b64 BIT(64), y YEAR)",
        "CREATE TABLE times (id INT PRIMARY KEY, d DATE, t TIME, t1 TIME(1), t6 TIME(6), dt DATETIME, "
                + "dt3 DATETIME(3), dt6 DATETIME(6), ts TIMESTAMP NULL DEFAULT NULL, "
                + "ts3 TIMESTAMP(3) NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL)",
        "CREATE TABLE texts (id INT PRIMARY KEY, c CHAR(10) CHARACTER SET utf8mb4, "
                + "v VARCHAR(100) CHARACTER SET utf8mb4, tt TINYTEXT CHARACTER SET utf8mb4, "
                + "tx TEXT CHARACTER SET utf8mb4, mt MEDIUMTEXT CHARACTER SET utf8mb4, "
                + "lt LONGTEXT CHARACTER SET utf8mb4, lc CHAR(5) CHARACTER SET latin1, "
                + "lv VARCHAR(20) CHARACTER SET latin1, ltx TEXT CHARACTER SET latin1, e ENUM('a','b','c'), "
                + "s SET('x','y','z'), j JSON)",
        "CREATE TABLE bins (id INT PRIMARY KEY, bn BINARY(4), vb VARBINARY(20), tb TINYBLOB, bl BLOB, "
                + "mb MEDIUMBLOB, lb LONGBLOB)",
        "CREATE TABLE keyed (a INT, b VARCHAR(10), c INT, PRIMARY KEY (b, a))",
        "CREATE TABLE nokey (x INT, y VARCHAR(5))",
    };

    /** Autocommitted statements: one transaction each. */
    private static final String[] WRITES = {
        "INSERT INTO ints VALUES (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, 0, 0),"
                + " (2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, "
                + "18446744073709551615, 1, 99999),"
                + " (3, -1, 128, -1, 32768, -1, 8388608, -1, 2147483648, -1, 9223372036854775808, 0, 42),"
                + " (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "INSERT INTO nums VALUES (1, -99999999.99, -" + "9".repeat(65) + ", -" + "9".repeat(35) + "." + "9".repeat(30)
                + ", 0, -0.99999, -3.40282e38, -9999.999, -1.7976931348623157e308, 0, 0, 0, 0, 1901),"
                + " (2, 99999999.99, " + "9".repeat(65) + ", " + "9".repeat(35) + "." + "9".repeat(30)
                + ", 99999.999, 0.99999, 3.40282e38, 9999.999, 1.7976931348623157e308, 1, 255, 131071, "
                + "18446744073709551615, 2155),"
                + " (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'10000000', b'10000000000000000', 9223372036854775808, 0),"
                + " (4, -0.01, 1, 0.000000000000000000000000000001, 0.001, 0.00001, 1.1, 0.5, 2.5e-300, 1, 5, 1, 1,"
                + " 2000),"
                + " (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "INSERT INTO times VALUES (1, '1000-01-01', '-838:59:59', '-838:59:59.0', '-838:59:59.000000', "
                + "'1000-01-01 00:00:00', '1000-01-01 00:00:00.000', '1000-01-01 00:00:00.000000', "
                + "'1970-01-01 00:00:01', '1970-01-01 00:00:01.000', '1970-01-01 00:00:01.000000'),"
                + " (2, '9999-12-31', '838:59:59', '838:59:59.0', '838:59:59.000000', '9999-12-31 23:59:59', "
                + "'9999-12-31 23:59:59.999', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07', "
                + "'2038-01-19 03:14:07.999', '2038-01-19 03:14:07.999999'),"
                + " (3, '0000-00-00', '00:00:00', '-00:00:00.1', '-00:00:00.000001', '0000-00-00 00:00:00', "
                + "'0000-00-00 00:00:00.000', '0000-00-00 00:00:00.000000', '0000-00-00 00:00:00', "
                + "'0000-00-00 00:00:00.000', '0000-00-00 00:00:00.000000'),"
                + " (4, '2024-02-29', '12:34:56', '-01:02:03.4', '100:00:00.5', '2024-02-29 12:00:00', "
                + "'2024-02-29 12:00:00.123', '2024-02-29 12:00:00.000001', '2023-11-15 06:13:20', "
                + "'2000-01-01 00:00:00.050', '2001-09-09 01:46:40.123456'),"
                + " (5, '2024-02-00', NULL, NULL, NULL, '2024-00-00 00:00:00', NULL, NULL, NULL, NULL, NULL)",
        "INSERT INTO texts VALUES (1, 'abc', 'café ☃ 😀', 'tiny', 'text ü', 'medium', 'long 日本語', 'abc', 'café',"
                + " 'ÿ latin', 'a', 'x', '{\"a\": [1, 2.5], \"b\": \"x\"}'),"
                + " (2, '', '', '', '', '', '', '', '', '', 'c', 'x,z', '[]'),"
                + " (3, 'tab\\tq\"', 'line\\nnext', 'x', 'y', 'z', 'w', 'éé', 'naïve', 'x', 'b', '', '\"é\"'),"
                + " (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "INSERT INTO bins VALUES (1, x'00ff', x'00ff00', x'', x'80', x'7f80ff', x'00'),"
                + " (2, x'01020304', x'', x'00000000', x'ffff', x'', x'41424300'),"
                + " (3, x'00000000', x'c3a9', x'e282ac', x'00', x'0a0d', x'5c22'),"
                + " (4, NULL, NULL, NULL, NULL, NULL, NULL)",
        "UPDATE ints SET ti = NULL, tiu = 254, biu = 18446744073709551614 WHERE id = 2",
        "UPDATE ints SET ti = 5, siu = siu WHERE id IN (1, 4)",
        "UPDATE nums SET d = d + 1, f = 2.5, b64 = 3, y = 1999 WHERE id IN (3, 4)",
        "UPDATE times SET t6 = '-00:00:00.000001', ts6 = '2000-01-01 00:00:00.5', d = NULL WHERE id IN (2, 4)",
        "UPDATE texts SET v = 'updated 😀', c = c, e = 'c', s = 'y,z', lv = 'été', j = '{\"n\": -1.5e10}' WHERE id = 1",
        "UPDATE texts SET v = NULL, tx = 'was null' WHERE id IN (2, 4)",
        "UPDATE bins SET vb = x'7f', bn = x'ff' WHERE id = 2",
        "DELETE FROM bins WHERE id = 1",
        "DELETE FROM times WHERE id IN (1, 3)",
        "DELETE FROM texts WHERE id = 3",
    };

    /** One transaction of several statements. */
    private static final String[] TRANSACTION = {
        "INSERT INTO keyed VALUES (1, 'one', 10), (2, 'two', 20)",
        "UPDATE keyed SET c = c + 1 WHERE a = 1",
        "INSERT INTO nokey VALUES (1, 'a'), (NULL, NULL)",
        "UPDATE keyed SET b = 'uno' WHERE a = 1",
        "DELETE FROM keyed WHERE a = 2",
        "UPDATE nokey SET y = 'b' WHERE x = 1",
        "DELETE FROM nokey WHERE x IS NULL",
    };

    /** After the binlog rotates: statements on tables that have no rows, so canal's metadata is not affected. */
    private static final String[] DDL = {
        "CREATE TABLE scratch (id INT PRIMARY KEY, v VARCHAR(10))",
        "ALTER TABLE scratch ADD COLUMN w INT",
        "CREATE INDEX iv ON scratch (v)",
        "DROP INDEX iv ON scratch",
        "RENAME TABLE scratch TO scratch2",
        "TRUNCATE TABLE cmp.scratch2",
        "DROP TABLE scratch2",
        "CREATE DATABASE other",
        "DROP DATABASE other",
    };

    /**
     * The differences canal's converter and sluice's are allowed to have, each documented in docs/entries.md.
     */
    enum Known {
        /** "MariaDB transactions get a TRANSACTIONBEGIN at their GTID event (canal gives only GTIDLOG)". */
        MARIADB_GTID_OPENS_TRANSACTION(d -> d.field().equals("entry") && d.entryType() == EntryType.TRANSACTIONBEGIN
                && d.canal() == null && gtidEvents.contains(d.at())),
        /** "executeTime is set on TransactionBegin/End" (canal leaves 0). */
        TRANSACTION_EXECUTE_TIME(d -> (d.field().equals("begin.executeTime") || d.field().equals("end.executeTime"))
                && "0".equals(d.canal())),
        /** canal turns MariaDB's GTID_LIST event (start of each binlog file) into a GTIDLOG entry; sluice does not. */
        GTID_LIST_IS_NO_ENTRY(d -> d.field().equals("entry") && d.entryType() == EntryType.GTIDLOG && d.sluice() == null
                && gtidListEvents.contains(d.at()));

        private final Predicate<Difference> matches;

        Known(Predicate<Difference> matches) {
            this.matches = matches;
        }
    }

    private static MariaDbSandbox db;
    private static BinlogStatus start;
    private static List<Path> files;
    /** {@code file:offset} of every GTID_LIST and GTID event, from SHOW BINLOG EVENTS. */
    private static Set<String> gtidListEvents;
    private static Set<String> gtidEvents;

    @BeforeAll
    static void writeBinlog() throws Exception {
        db = MariaDbSandbox.launch();
        start = db.binlogStatus();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            // strict, so that no value is changed on the way in; no NO_ZERO_DATE, so that zero dates can be written
            s.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES'");
            s.execute("SET SESSION time_zone = '+00:00'");
            s.execute("CREATE DATABASE " + SCHEMA + " CHARACTER SET utf8mb4");
            s.execute("USE " + SCHEMA);
            for (String sql : TABLES) {
                s.execute(sql);
            }
            for (String sql : WRITES) {
                s.execute(sql);
            }
            c.setAutoCommit(false);
            for (String sql : TRANSACTION) {
                s.execute(sql);
            }
            c.commit();
            c.setAutoCommit(true);
            s.execute("FLUSH BINARY LOGS");
            for (String sql : DDL) {
                s.execute(sql);
            }
        }
        gtidListEvents = new HashSet<>();
        gtidEvents = new HashSet<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SHOW BINARY LOGS")) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            for (String name : names) {
                try (ResultSet r = s.executeQuery("SHOW BINLOG EVENTS IN '" + name + "'")) {
                    while (r.next()) {
                        String type = r.getString("Event_type");
                        if (type.equals("Gtid_list")) {
                            gtidListEvents.add(name + ":" + r.getLong("Pos"));
                        } else if (type.equals("Gtid")) {
                            gtidEvents.add(name + ":" + r.getLong("Pos"));
                        }
                    }
                }
            }
        }
        try (Stream<Path> list = Files.list(db.binlogDir())) {
            files = list.filter(p -> p.getFileName().toString().matches("mysql-bin\\.\\d{6}")).sorted().toList();
        }
    }

    @AfterAll
    static void closeDb() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void sluiceInCanalModeConvertsAsCanalDoes() throws Exception {
        long began = System.nanoTime();
        List<Entry> canal;
        try (Connection jdbc = db.connection()) {
            canal = CanalFileConverter.convert(files, jdbc, StandardCharsets.UTF_8);
        }
        List<Entry> sluice;
        try (MysqlConnection admin = MysqlConnection.open(MysqlConnectionConfig.builder(db.host(), db.port())
                .user(db.adminUser()).password(db.adminPassword()).tls(TlsConfig.DISABLED)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20)).build())) {
            SourceSchemaLoader loader = new SourceSchemaLoader(admin);
            SchemaSnapshot now = loader.load(t -> t.schema().equals(SCHEMA));
            SchemaSnapshot before = SchemaSnapshot.of(now.server(), List.of(), List.of());
            sluice = SluiceFileConverter.convert(files, EntryOptions.canal(ZoneId.systemDefault(),
                    StandardCharsets.UTF_8), (schema, table) -> now.table(schema, table).orElse(null), before);
        }
        Predicate<Header> written = h -> h.getLogfileName().compareTo(start.file()) > 0
                || (h.getLogfileName().equals(start.file()) && h.getLogfileOffset() >= start.position());
        EntryComparison comparison = new EntryComparison();
        comparison.compare(canal, sluice, written);

        Map<Known, Integer> seen = new EnumMap<>(Known.class);
        List<Difference> unexplained = new ArrayList<>();
        for (Difference d : comparison.differences()) {
            Known known = null;
            for (Known k : Known.values()) {
                if (k.matches.test(d)) {
                    known = k;
                    break;
                }
            }
            if (known == null) {
                unexplained.add(d);
            } else {
                seen.merge(known, 1, Integer::sum);
            }
        }
        EntryComparison.Counts counts = comparison.counts();
        System.out.printf("canal %d entries, sluice %d, %d paired; %d rows, %d column values compared; "
                + "known differences %s; %.1f s%n", counts.canalEntries(), counts.sluiceEntries(),
                counts.pairedEntries(), counts.rows(), counts.columns(), seen, (System.nanoTime() - began) / 1e9);
        if (!unexplained.isEmpty()) {
            fail(unexplained.size() + " differences from canal's converter:\n" + unexplained.stream()
                    .map(Difference::toString).collect(Collectors.joining("\n")));
        }
        for (Known k : Known.values()) {
            assertTrue(seen.containsKey(k), "the known difference " + k + " no longer occurs; update the list and "
                    + "docs/entries.md");
        }
        assertTrue(counts.pairedEntries() > 50, "entries paired: " + counts.pairedEntries());
        long canalOnly = comparison.differences().stream()
                .filter(d -> d.field().equals("entry") && d.sluice() == null).count();
        assertEquals(counts.canalEntries(), counts.pairedEntries() + canalOnly, "every canal entry accounted for");
        assertTrue(counts.rows() > 0 && counts.columns() > 300, "columns compared: " + counts.columns());
        assertTrue(canal.stream().anyMatch(e -> e.getEntryType() == EntryType.ROWDATA), "canal produced rows");
    }
}
