package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.testkit.MariaDbSandbox;

/**
 * A real MariaDB writes rows of every column type and many charsets; the decoded text of every value must equal
 * what the same server returns for it (SELECTed as text with the expression in {@link #COLUMNS}). Half the rows are
 * written with {@code log_bin_compress=ON}, so MariaDB's compressed rows events (inflated by the event decoder) are
 * checked the same way, and UPDATE/DELETE before images too.
 */
class MariaDbRowsIT {
    private static MariaDbSandbox db;

    /** name, DDL type, SQL that prints the canonical text ({c} = the column), values per row (SQL literals). */
    private record Column(String name, String type, String select, String... values) {
    }

    private static final Column[] COLUMNS = {
        new Column("ti", "TINYINT", "CAST({c} AS CHAR)", "-128", "127", "0", "NULL"),
        new Column("tiu", "TINYINT UNSIGNED", "CAST({c} AS CHAR)", "255", "0", "128", "NULL"),
        new Column("si", "SMALLINT", "CAST({c} AS CHAR)", "-32768", "32767", "-1", "NULL"),
        new Column("siu", "SMALLINT UNSIGNED", "CAST({c} AS CHAR)", "65535", "0", "40000", "NULL"),
        new Column("mi", "MEDIUMINT", "CAST({c} AS CHAR)", "-8388608", "8388607", "-2", "NULL"),
        new Column("miu", "MEDIUMINT UNSIGNED", "CAST({c} AS CHAR)", "16777215", "0", "9000000", "NULL"),
        new Column("i", "INT", "CAST({c} AS CHAR)", "-2147483648", "2147483647", "-3", "NULL"),
        new Column("iu", "INT UNSIGNED", "CAST({c} AS CHAR)", "4294967295", "0", "3000000000", "NULL"),
        new Column("bi", "BIGINT", "CAST({c} AS CHAR)", "-9223372036854775808", "9223372036854775807", "-4", "NULL"),
        new Column("biu", "BIGINT UNSIGNED", "CAST({c} AS CHAR)", "18446744073709551615", "0",
                "9223372036854775808", "NULL"),
        new Column("d1", "DECIMAL(5,2)", "CAST({c} AS CHAR)", "-999.99", "0", "12.3", "NULL"),
        new Column("d2", "DECIMAL(18,9)", "CAST({c} AS CHAR)", "-123456789.123456789", "999999999.999999999",
                "0.000000001", "NULL"),
        new Column("d3", "DECIMAL(65,30)", "CAST({c} AS CHAR)",
                "-12345678901234567890123456789012345.123456789012345678901234567890",
                "99999999999999999999999999999999999.999999999999999999999999999999", "-0.5", "NULL"),
        new Column("d4", "DECIMAL(30,0)", "CAST({c} AS CHAR)", "-123456789012345678901234567890", "1", "0", "NULL"),
        new Column("d5", "DECIMAL(10,10)", "CAST({c} AS CHAR)", "-0.9999999999", "0.0000000001", "0", "NULL"),
        new Column("fl", "FLOAT", "FLOAT", "1.1", "-3.40282e38", "0", "NULL"),
        new Column("db", "DOUBLE", "DOUBLE", "0.1", "-1.7976931348623157e308", "2.5e-300", "NULL"),
        new Column("b1", "BIT(1)", "LPAD(BIN({c}), 1, '0')", "b'1'", "b'0'", "b'1'", "NULL"),
        new Column("b9", "BIT(9)", "LPAD(BIN({c}), 9, '0')", "b'100000001'", "b'0'", "b'11111111'", "NULL"),
        new Column("b64", "BIT(64)", "LPAD(BIN({c}), 64, '0')", "b'" + "1".repeat(64) + "'", "b'0'",
                "b'1" + "0".repeat(63) + "'", "NULL"),
        new Column("y", "YEAR", "CAST({c} AS CHAR)", "1901", "2155", "0", "NULL"),
        new Column("dt", "DATE", "CAST({c} AS CHAR)", "'2024-02-29'", "'0000-00-00'", "'9999-12-31'", "NULL"),
        new Column("tm0", "TIME", "CAST({c} AS CHAR)", "'-838:59:59'", "'838:59:59'", "'00:00:00'", "NULL"),
        new Column("tm3", "TIME(3)", "CAST({c} AS CHAR)", "'-00:00:00.001'", "'100:00:00.5'", "'-12:34:56.789'",
                "NULL"),
        new Column("tm6", "TIME(6)", "CAST({c} AS CHAR)", "'-838:59:58.999999'", "'23:59:59.000001'",
                "'-00:00:01.5'", "NULL"),
        new Column("dtm0", "DATETIME", "CAST({c} AS CHAR)", "'1000-01-01 00:00:00'", "'0000-00-00 00:00:00'",
                "'9999-12-31 23:59:59'", "NULL"),
        new Column("dtm2", "DATETIME(2)", "CAST({c} AS CHAR)", "'2021-06-30 12:00:00.25'", "'2000-01-01 00:00:00'",
                "'2016-10-28 15:30:42.99'", "NULL"),
        new Column("dtm6", "DATETIME(6)", "CAST({c} AS CHAR)", "'2021-06-30 12:00:00.123456'",
                "'0000-00-00 00:00:00'", "'1970-01-01 00:00:00.000001'", "NULL"),
        new Column("ts0", "TIMESTAMP NULL", "CAST({c} AS CHAR)", "'2038-01-19 03:14:07'", "'0000-00-00 00:00:00'",
                "'1970-01-01 00:00:01'", "NULL"),
        new Column("ts6", "TIMESTAMP(6) NULL", "CAST({c} AS CHAR)", "'2009-02-13 23:31:30.123456'",
                "'0000-00-00 00:00:00'", "'2000-01-01 00:00:00.5'", "NULL"),
        new Column("cl1", "VARCHAR(20) CHARACTER SET latin1", "{c}", "'café €'", "''", "'ÿ'", "NULL"),
        new Column("cgbk", "VARCHAR(20) CHARACTER SET gbk", "{c}", "'中文字符'", "'abc'", "''", "NULL"),
        new Column("cgb2312", "VARCHAR(20) CHARACTER SET gb2312", "{c}", "'简体'", "'x'", "''", "NULL"),
        new Column("cu8", "VARCHAR(20) CHARACTER SET utf8mb4", "{c}", "'漢字😀'", "'é'", "''", "NULL"),
        new Column("cu83", "VARCHAR(20) CHARACTER SET utf8mb3", "{c}", "'ñandú'", "'x'", "''", "NULL"),
        new Column("cucs2", "VARCHAR(10) CHARACTER SET ucs2", "{c}", "'Aé中'", "'b'", "''", "NULL"),
        new Column("cu16", "VARCHAR(10) CHARACTER SET utf16", "{c}", "'😀x'", "'b'", "''", "NULL"),
        new Column("cu16le", "VARCHAR(10) CHARACTER SET utf16le", "{c}", "'😀y'", "'b'", "''", "NULL"),
        new Column("cu32", "VARCHAR(10) CHARACTER SET utf32", "{c}", "'😀z'", "'b'", "''", "NULL"),
        new Column("csjis", "VARCHAR(10) CHARACTER SET sjis", "{c}", "'テスト'", "'b'", "''", "NULL"),
        new Column("ccp932", "VARCHAR(10) CHARACTER SET cp932", "{c}", "'①テ'", "'b'", "''", "NULL"),
        new Column("cujis", "VARCHAR(10) CHARACTER SET ujis", "{c}", "'日本'", "'b'", "''", "NULL"),
        new Column("ceuckr", "VARCHAR(10) CHARACTER SET euckr", "{c}", "'한국어'", "'b'", "''", "NULL"),
        new Column("cbig5", "VARCHAR(10) CHARACTER SET big5", "{c}", "'中文'", "'b'", "''", "NULL"),
        new Column("ckoi8r", "VARCHAR(10) CHARACTER SET koi8r", "{c}", "'Жизнь'", "'b'", "''", "NULL"),
        new Column("ccp1251", "VARCHAR(10) CHARACTER SET cp1251", "{c}", "'Жизнь'", "'b'", "''", "NULL"),
        new Column("cgreek", "VARCHAR(10) CHARACTER SET greek", "{c}", "'αβγ'", "'b'", "''", "NULL"),
        new Column("chebrew", "VARCHAR(10) CHARACTER SET hebrew", "{c}", "'שלום'", "'b'", "''", "NULL"),
        new Column("clatin2", "VARCHAR(10) CHARACTER SET latin2", "{c}", "'łódź'", "'b'", "''", "NULL"),
        new Column("cascii", "VARCHAR(10) CHARACTER SET ascii", "{c}", "'plain'", "'b'", "''", "NULL"),
        new Column("cuca", "VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci", "{c}", "'ü😀'", "'b'",
                "''", "NULL"),
        new Column("cnopad", "VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_nopad_ci", "{c}", "'nöpad'",
                "'b'", "''", "NULL"),
        new Column("ch", "CHAR(10) CHARACTER SET utf8mb4", "{c}", "'ab'", "'x  '", "''", "NULL"),
        new Column("ch255", "CHAR(255) CHARACTER SET utf8mb4", "{c}", "REPEAT('é', 255)", "'短'", "''", "NULL"),
        new Column("bin4", "BINARY(4)", "CONCAT('0x', LOWER(HEX({c})))", "x'6162'", "x'00000000'", "x'01020304'",
                "NULL"),
        new Column("vbin", "VARBINARY(300)", "CONCAT('0x', LOWER(HEX({c})))", "REPEAT(x'ff00', 150)", "x''",
                "x'00'", "NULL"),
        new Column("tx", "TEXT CHARACTER SET utf8mb4", "{c}", "REPEAT('長い', 1000)", "''", "'t'", "NULL"),
        new Column("ttx", "TINYTEXT CHARACTER SET latin1", "{c}", "'tiny€'", "''", "'t'", "NULL"),
        new Column("mtx", "MEDIUMTEXT CHARACTER SET gbk", "{c}", "'中'", "''", "'t'", "NULL"),
        new Column("ltx", "LONGTEXT CHARACTER SET utf8mb4", "{c}", "'long😀'", "''", "'t'", "NULL"),
        new Column("bl", "BLOB", "CONCAT('0x', LOWER(HEX({c})))", "x'000102ff'", "x''", "REPEAT('a', 70000 DIV 2)",
                "NULL"),
        new Column("tbl", "TINYBLOB", "CONCAT('0x', LOWER(HEX({c})))", "x'ff'", "x''", "x'00'", "NULL"),
        new Column("en", "ENUM('small','medium','large')", "CAST({c} AS CHAR)", "'medium'", "'small'", "'large'",
                "NULL"),
        new Column("st", "SET('x','y','z')", "CAST({c} AS CHAR)", "'x,z'", "''", "'x,y,z'", "NULL"),
        new Column("geo", "GEOMETRY", "CONCAT('0x', LOWER(HEX({c})))", "ST_GeomFromText('POINT(1 2)')",
                "ST_GeomFromText('LINESTRING(0 0,1 1,2 3)', 4326)", "ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))')",
                "NULL"),
        new Column("js", "JSON", "{c}", "'{\"a\": [1, 2.5, \"x\", null, true]}'", "'[]'", "'\"s\"'", "NULL"),
    };
    private static final int ROWS = 4;

    @BeforeAll
    static void startDb() {
        db = MariaDbSandbox.launch();
    }

    @AfterAll
    static void stopDb() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyValueDecodesAsTheServerPrintsIt() throws Exception {
        StringBuilder ddl = new StringBuilder("CREATE TABLE test.all_types (id INT PRIMARY KEY");
        for (Column c : COLUMNS) {
            ddl.append(", ").append(c.name).append(' ').append(c.type);
        }
        ddl.append(") DEFAULT CHARSET=utf8mb4");
        db.execute("CREATE DATABASE IF NOT EXISTS test", ddl.toString());
        // rows 1..4 plainly, 101..104 with compressed binlog events; then update and delete some
        insert(0, false);
        insert(100, true);
        try (Connection conn = db.connection(); Statement st = conn.createStatement()) {
            st.execute("SET SESSION sql_mode=''");
            st.execute("SET SESSION time_zone='+00:00'");
            st.execute("UPDATE test.all_types SET ti = ti + 0, cu8 = CONCAT(IFNULL(cu8, ''), '!') WHERE id IN (1, 101)");
            st.execute("DELETE FROM test.all_types WHERE id IN (2, 102)");
        }
        Map<Integer, Map<String, String>> expected = expected();

        List<RowsEvent> events = new ArrayList<>();
        int compressedEvents = 0;
        try (Stream<Path> files = Files.list(db.binlogDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches(".*\\.\\d{6}")).sorted().toList()) {
                compressedEvents += countCompressedRowsEvents(Files.readAllBytes(f));
                TestBinlogs.Outcome outcome = TestBinlogs.readAll(f, new BinlogEventDecoder());
                assertNull(outcome.error(), () -> f + ": " + outcome.error());
                for (TestBinlogs.Read r : outcome.events()) {
                    if (r.event() instanceof RowsEvent e && e.table().table().equals("all_types")) {
                        events.add(e);
                    }
                }
            }
        }
        // the event decoder hands compressed events over with the plain type code; the file has the real ones
        assertTrue(compressedEvents >= 1, "log_bin_compress made compressed rows events");

        int checked = 0;
        Map<Integer, Map<String, String>> deleted = new HashMap<>();
        for (RowsEvent e : events) {
            for (RowsEvent.RowChange c : e.rows()) {
                if (e.kind() == RowsEvent.Kind.UPDATE) {
                    // the after image must be the row as it is now
                    checked += compare(c.after(), expected);
                } else if (e.kind() == RowsEvent.Kind.DELETE) {
                    deleted.put(Integer.parseInt(c.before().text(0)), null);
                }
            }
        }
        assertEquals(java.util.Set.of(2, 102), deleted.keySet());
        assertTrue(checked >= 2 * COLUMNS.length, "checked " + checked);
        // every inserted row that still exists: its insert image equals the row (the UPDATE changed cu8 only)
        for (RowsEvent e : events) {
            if (e.kind() == RowsEvent.Kind.INSERT) {
                for (RowsEvent.RowChange c : e.rows()) {
                    int id = Integer.parseInt(c.after().text(0));
                    if (expected.containsKey(id) && id != 1 && id != 101) {
                        checked += compare(c.after(), expected);
                    }
                }
            }
        }
        assertTrue(checked >= 6 * COLUMNS.length, "checked " + checked);
    }

    /** Rows events of types 166-171 in a binlog file, found by walking the event headers. */
    private static int countCompressedRowsEvents(byte[] file) {
        int n = 0;
        int pos = BinlogFileReader.MAGIC_LENGTH;
        while (pos + EventHeader.LENGTH <= file.length) {
            EventHeader h = EventHeader.read(new ByteReader(file, pos, EventHeader.LENGTH));
            if (h.typeCode() >= 166 && h.typeCode() <= 171) {
                n++;
            }
            if (h.eventSize() < EventHeader.LENGTH) {
                break;
            }
            pos += (int) h.eventSize();
        }
        return n;
    }

    private static void insert(int idBase, boolean compress) throws Exception {
        try (Connection conn = db.connection(); Statement st = conn.createStatement()) {
            if (compress) {
                st.execute("SET GLOBAL log_bin_compress=ON");
                st.execute("SET GLOBAL log_bin_compress_min_len=10");
            }
        }
        try (Connection conn = db.connection(); Statement st = conn.createStatement()) {
            st.execute("SET SESSION sql_mode=''");
            st.execute("SET SESSION time_zone='+00:00'");
            for (int row = 0; row < ROWS; row++) {
                StringBuilder sql = new StringBuilder("INSERT INTO test.all_types VALUES (" + (idBase + row + 1));
                for (Column c : COLUMNS) {
                    sql.append(", ").append(c.values[row]);
                }
                st.execute(sql.append(')').toString());
            }
        }
        if (compress) {
            try (Connection conn = db.connection(); Statement st = conn.createStatement()) {
                st.execute("SET GLOBAL log_bin_compress=OFF");
            }
        }
    }

    /** The server's text for every column of every row, by id. */
    private static Map<Integer, Map<String, String>> expected() throws Exception {
        Map<Integer, Map<String, String>> rows = new HashMap<>();
        try (Connection conn = db.connection(); Statement st = conn.createStatement()) {
            st.execute("SET SESSION time_zone='+00:00'");
            StringBuilder sql = new StringBuilder("SELECT id");
            for (Column c : COLUMNS) {
                String select = c.select.equals("FLOAT") || c.select.equals("DOUBLE") ? "{c}" : c.select;
                sql.append(", ").append(select.replace("{c}", c.name));
            }
            try (ResultSet rs = st.executeQuery(sql.append(" FROM test.all_types").toString())) {
                while (rs.next()) {
                    Map<String, String> row = new HashMap<>();
                    for (int i = 0; i < COLUMNS.length; i++) {
                        row.put(COLUMNS[i].name, rs.getString(i + 2));
                    }
                    rows.put(rs.getInt(1), row);
                }
            }
        }
        return rows;
    }

    private static int compare(RowImage image, Map<Integer, Map<String, String>> expected) {
        int id = Integer.parseInt(image.text(0));
        Map<String, String> row = expected.get(id);
        int n = 0;
        for (int i = 0; i < COLUMNS.length; i++) {
            Column c = COLUMNS[i];
            int col = i + 1;
            assertEquals(c.name, image.column(col).name());
            String want = row.get(c.name);
            String got = image.text(col);
            String where = "row " + id + " column " + c.name + " (" + c.type + ")";
            if (want == null || got == null) {
                assertEquals(want, got, where);
            } else if (c.select.equals("FLOAT")) {
                // the server prints FLOAT with 6 significant digits
                float f = (Float) image.value(col);
                assertEquals(Float.parseFloat(want), f, Math.abs(f) * 1e-5f, where);
            } else if (c.select.equals("DOUBLE")) {
                assertEquals(Double.parseDouble(want), (Double) image.value(col), where);
            } else {
                assertEquals(want, got, where);
            }
            n++;
        }
        return n;
    }
}
