package io.sluice.node.source;

import static io.sluice.node.source.TypedColumn.Form.BINARY;
import static io.sluice.node.source.TypedColumn.Form.BIT;
import static io.sluice.node.source.TypedColumn.Form.BLOB;
import static io.sluice.node.source.TypedColumn.Form.CHAR;
import static io.sluice.node.source.TypedColumn.Form.DATE;
import static io.sluice.node.source.TypedColumn.Form.DATETIME;
import static io.sluice.node.source.TypedColumn.Form.DECIMAL;
import static io.sluice.node.source.TypedColumn.Form.DOUBLE;
import static io.sluice.node.source.TypedColumn.Form.ENUM;
import static io.sluice.node.source.TypedColumn.Form.FLOAT;
import static io.sluice.node.source.TypedColumn.Form.GEOMETRY;
import static io.sluice.node.source.TypedColumn.Form.SET;
import static io.sluice.node.source.TypedColumn.Form.SIGNED;
import static io.sluice.node.source.TypedColumn.Form.TEXT;
import static io.sluice.node.source.TypedColumn.Form.TIME;
import static io.sluice.node.source.TypedColumn.Form.TIMESTAMP;
import static io.sluice.node.source.TypedColumn.Form.UNSIGNED;
import static io.sluice.node.source.TypedColumn.Form.VARBINARY;
import static io.sluice.node.source.TypedColumn.Form.VARCHAR;
import static io.sluice.node.source.TypedColumn.Form.YEAR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.TestJson;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.mysql.BinlogStream;
import io.sluice.node.mysql.ResumePoint;
import io.sluice.node.source.MariaDbBinlogRows.PrintedRow;
import io.sluice.node.source.TypedColumn.Point;
import io.sluice.node.tools.BinlogTool;
import io.sluice.testkit.BinlogStatus;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.MariaDbOptions;
import io.sluice.testkit.MariaDbOptions.RowMetadata;
import io.sluice.testkit.MariaDbSandbox;

/**
 * End to end over a real MariaDB, once per {@code binlog_row_metadata} setting: rows of every column type, at the
 * edges of their ranges, are written through JDBC (single-row and multi-row INSERTs, UPDATEs of one and of two
 * rows, DELETEs, a multi-statement transaction, a 4 MiB blob), then read back three ways:
 * <ol>
 * <li>through {@link LiveEventSource} over a {@link BinlogStream} opened at the position before the writes;</li>
 * <li>through {@code sluice-binlog decode} on the binlog files, run as a command in its own JVM, parsing its JSON
 * lines;</li>
 * <li>through MariaDB's own {@code mariadb-binlog -vvv}, whose printed values must agree with the decoder's.</li>
 * </ol>
 * The expected text of every value is derived from the Java value written ({@link TypedColumn#expected}), for FULL
 * the canonical text, for MINIMAL and NO_LOG the documented degraded forms; positions are checked against the
 * server's own SHOW BINLOG EVENTS and transaction boundaries against the GTIDs.
 */
@ParameterizedClass(name = "binlog_row_metadata={0}")
@EnumSource(RowMetadata.class)
class BinlogDecodingEndToEndIT {
    private static final String SCHEMA = "e2e";
    /** A row inserted into this table after everything else tells a reader it has seen every change. */
    private static final String SENTINEL_TABLE = "done";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final int BIG_BLOB_BYTES = 4 << 20;

    private static final List<String> SET_MEMBERS = IntStream.range(0, 64).mapToObj(i -> "m" + i).toList();

    private static final TypedTable NUMBERS = TypedTable.of(SCHEMA, "numbers",
            TypedColumn.of("ti", "TINYINT", SIGNED, 8),
            TypedColumn.of("tiu", "TINYINT UNSIGNED", UNSIGNED, 8),
            TypedColumn.of("si", "SMALLINT", SIGNED, 16),
            TypedColumn.of("siu", "SMALLINT UNSIGNED", UNSIGNED, 16),
            TypedColumn.of("mi", "MEDIUMINT", SIGNED, 24),
            TypedColumn.of("miu", "MEDIUMINT UNSIGNED", UNSIGNED, 24),
            TypedColumn.of("i", "INT", SIGNED, 32),
            TypedColumn.of("iu", "INT UNSIGNED", UNSIGNED, 32),
            TypedColumn.of("bi", "BIGINT", SIGNED, 64),
            TypedColumn.of("biu", "BIGINT UNSIGNED", UNSIGNED, 64),
            TypedColumn.of("d65_30", "DECIMAL(65,30)", DECIMAL, 30),
            TypedColumn.of("d65_0", "DECIMAL(65,0)", DECIMAL, 0),
            TypedColumn.of("d5_2", "DECIMAL(5,2)", DECIMAL, 2),
            TypedColumn.of("d10_10", "DECIMAL(10,10)", DECIMAL, 10),
            TypedColumn.of("d18_9", "DECIMAL(18,9)", DECIMAL, 9),
            TypedColumn.of("fl", "FLOAT", FLOAT, 0),
            TypedColumn.of("db", "DOUBLE", DOUBLE, 0),
            TypedColumn.of("b1", "BIT(1)", BIT, 1),
            TypedColumn.of("b64", "BIT(64)", BIT, 64),
            TypedColumn.of("y", "YEAR", YEAR, 0));

    private static final TypedTable TIMES = TypedTable.of(SCHEMA, "times",
            TypedColumn.of("d", "DATE", DATE, 0),
            TypedColumn.of("dt0", "DATETIME", DATETIME, 0),
            TypedColumn.of("dt1", "DATETIME(1)", DATETIME, 1),
            TypedColumn.of("dt2", "DATETIME(2)", DATETIME, 2),
            TypedColumn.of("dt3", "DATETIME(3)", DATETIME, 3),
            TypedColumn.of("dt4", "DATETIME(4)", DATETIME, 4),
            TypedColumn.of("dt5", "DATETIME(5)", DATETIME, 5),
            TypedColumn.of("dt6", "DATETIME(6)", DATETIME, 6),
            TypedColumn.of("ts0", "TIMESTAMP NULL", TIMESTAMP, 0),
            TypedColumn.of("ts6", "TIMESTAMP(6) NULL", TIMESTAMP, 6),
            TypedColumn.of("t0", "TIME", TIME, 0),
            TypedColumn.of("t6", "TIME(6)", TIME, 6));

    private static final TypedTable TEXTS = TypedTable.of(SCHEMA, "texts",
            TypedColumn.text("c", "CHAR(10) CHARACTER SET utf8mb4", CHAR, StandardCharsets.UTF_8),
            TypedColumn.text("v", "VARCHAR(300) CHARACTER SET utf8mb4", VARCHAR, StandardCharsets.UTF_8),
            TypedColumn.text("tx", "TEXT CHARACTER SET utf8mb4", TEXT, StandardCharsets.UTF_8),
            TypedColumn.text("l1", "VARCHAR(20) CHARACTER SET latin1", VARCHAR, TypedColumn.LATIN1),
            TypedColumn.text("l1c", "CHAR(5) CHARACTER SET latin1", CHAR, TypedColumn.LATIN1),
            TypedColumn.text("gb", "VARCHAR(20) CHARACTER SET gbk", VARCHAR, TypedColumn.GBK),
            TypedColumn.labelled("e", ENUM, List.of("small", "medium", "large")),
            TypedColumn.labelled("s", SET, SET_MEMBERS),
            // MariaDB's JSON is LONGTEXT CHARACTER SET utf8mb4 with a JSON_VALID check: the binlog holds the text
            TypedColumn.text("j", "JSON", TEXT, StandardCharsets.UTF_8));

    private static final TypedTable BINARIES = TypedTable.of(SCHEMA, "binaries",
            TypedColumn.of("bn", "BINARY(4)", BINARY, 4),
            TypedColumn.of("vb", "VARBINARY(300)", VARBINARY, 0),
            TypedColumn.of("bl", "BLOB", BLOB, 0),
            TypedColumn.of("mb", "MEDIUMBLOB", BLOB, 0),
            TypedColumn.of("p", "POINT", GEOMETRY, 0),
            TypedColumn.of("g", "GEOMETRY", GEOMETRY, 4326));

    private static final List<TypedTable> TABLES = List.of(NUMBERS, TIMES, TEXTS, BINARIES);

    @Parameter
    RowMetadata metadata;

    private static MariaDbSandbox db;
    /** Where the binlog ended before the first write. */
    private static BinlogPosition start;
    private static List<ChangeScript.Change> changes;

    @BeforeParameterizedClassInvocation
    static void writeChanges(RowMetadata metadata) throws Exception {
        db = MariaDbSandbox.launch(MariaDbOptions.builder().rowMetadata(metadata).build());
        List<String> ddl = new ArrayList<>(List.of("CREATE DATABASE " + SCHEMA));
        TABLES.forEach(t -> ddl.add(t.createTable()));
        ddl.add("CREATE TABLE " + SCHEMA + "." + SENTINEL_TABLE + " (id INT PRIMARY KEY)");
        db.execute(ddl.toArray(String[]::new));
        BinlogStatus before = db.binlogStatus();
        start = new BinlogPosition(before.file(), before.position());
        try (Connection connection = db.connection()) {
            try (Statement statement = connection.createStatement()) {
                // Strict, so that no value is silently changed on the way in (the expected text relies on it), but
                // without NO_ZERO_DATE, so that zero dates can be written.
                statement.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES'");
                // TIMESTAMP values are written as UTC wall-clock times, and the decoder prints them in UTC.
                statement.execute("SET SESSION time_zone = '+00:00'");
            }
            ChangeScript script = new ChangeScript(connection);
            write(script);
            changes = script.changes();
        }
        db.execute("INSERT INTO " + SCHEMA + "." + SENTINEL_TABLE + " VALUES (1)");
    }

    @AfterParameterizedClassInvocation
    static void closeDb() {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    /** Every kind of write, in the order the binlog must show the changes. */
    private static void write(ChangeScript script) throws Exception {
        script.insert(NUMBERS, numbersMin(), numbersMax(), numbersZero());
        script.insert(NUMBERS, nulls(NUMBERS, 4));
        script.insert(NUMBERS, numbersOdd());
        script.insert(TIMES, timesMin(), timesMax());
        script.insert(TIMES, timesZero());
        script.insert(TIMES, nulls(TIMES, 4));
        script.insert(TIMES, timesOdd());
        script.insert(TEXTS, textsWide());
        script.insert(TEXTS, textsEmpty(), textsOdd(), nulls(TEXTS, 4));
        script.insert(BINARIES, binariesSmall());
        script.insert(BINARIES, binariesEmpty());
        script.insert(BINARIES, nulls(BINARIES, 3));
        script.insert(BINARIES, binariesBig());

        script.update(NUMBERS, List.of(5), "ti", null, "tiu", 255, "biu", new BigInteger("18446744073709551614"),
                "d65_30", dec("12.340"), "fl", -1.25f, "db", 1.0E-300, "b64", bytes(0x55, 0x55, 0, 0, 0, 0, 0, 1),
                "y", 1999);
        script.update(NUMBERS, List.of(1, 3), "d5_2", dec("-0.01"));
        script.update(TIMES, List.of(1, 2), "t6", "-00:00:00.000001", "ts6",
                LocalDateTime.of(2000, 1, 1, 0, 0, 0, 500_000_000));
        script.update(TEXTS, List.of(1), "v", "updated 😀", "e", "medium", "s", "m1,m62", "l1", "€uro");
        script.update(BINARIES, List.of(2), "vb", bytes(0x7f), "p", new Point(-0.5, 1.0E-300));
        script.delete(TEXTS, 2);
        script.delete(NUMBERS, 4);

        script.transaction(() -> {
            script.insert(TEXTS, new Object[] {5, "tx", "in a transaction", "t", "x", "y", "z", "large",
                    "m2,m3", "{\"n\": -1.5e10}"});
            script.update(NUMBERS, List.of(3), "ti", 42);
            script.delete(BINARIES, 1);
            script.insert(TIMES, new Object[] {6, LocalDate.of(1999, 12, 31),
                    LocalDateTime.of(1999, 12, 31, 23, 59, 59), LocalDateTime.of(1999, 12, 31, 23, 59, 59, 900_000_000),
                    null, null, null, null, LocalDateTime.of(2000, 2, 29, 12, 0, 0, 123_456_000),
                    LocalDateTime.of(2001, 9, 9, 1, 46, 40), null, LocalTime.of(23, 59, 59), "23:59:59.999999"});
            script.update(TEXTS, List.of(3), "c", "y");
        });
    }

    private static Object[] numbersMin() {
        return new Object[] {1, -128, 0, -32768, 0, -8388608, 0, Integer.MIN_VALUE, 0L, Long.MIN_VALUE,
                BigInteger.ZERO, dec("-" + nines(35) + "." + nines(30)), dec("-" + nines(65)), dec("-999.99"),
                dec("-0.9999999999"), dec("-999999999.999999999"), -3.0E38f, -Double.MAX_VALUE, bytes(0),
                bytes(0, 0, 0, 0, 0, 0, 0, 0), 1901};
    }

    private static Object[] numbersMax() {
        return new Object[] {2, 127, 255, 32767, 65535, 8388607, 16777215, Integer.MAX_VALUE, 4294967295L,
                Long.MAX_VALUE, new BigInteger("18446744073709551615"), dec(nines(35) + "." + nines(30)),
                dec(nines(65)), dec("999.99"), dec("0.9999999999"), dec("999999999.999999999"), 3.0E38f,
                Double.MAX_VALUE, bytes(1), bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 2155};
    }

    private static Object[] numbersZero() {
        return new Object[] {3, 0, 0, 0, 0, 0, 0, 0, 0L, 0L, BigInteger.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0.0f, 0.0, bytes(0), bytes(0), 0};
    }

    /** Values whose unsigned forms have the top bit set, small negative decimals, fractions. */
    private static Object[] numbersOdd() {
        return new Object[] {5, -1, 128, -2, 32768, -3, 8388608, -4, 2147483648L, -5L,
                new BigInteger("9223372036854775808"), dec("-0.5"), dec("-1"), dec("-12.34"), dec("0.0000000001"),
                dec("-0.000000001"), 0.1f, 2.5E-300, bytes(1), bytes(0x80, 0, 0, 0, 0, 0, 0, 0), 2000};
    }

    private static Object[] timesMin() {
        List<Object> row = new ArrayList<>(List.of(1, LocalDate.of(1000, 1, 1)));
        for (int fsp = 0; fsp <= 6; fsp++) {
            row.add(LocalDateTime.of(1000, 1, 1, 0, 0, 0));
        }
        row.addAll(List.of(LocalDateTime.of(1970, 1, 1, 0, 0, 1), LocalDateTime.of(1970, 1, 1, 0, 0, 1),
                "-838:59:59", "-838:59:59.000000"));
        return row.toArray();
    }

    private static Object[] timesMax() {
        List<Object> row = new ArrayList<>(List.of(2, LocalDate.of(9999, 12, 31)));
        for (int fsp = 0; fsp <= 6; fsp++) {
            int nanos = (int) ((Math.pow(10, fsp) - 1) * Math.pow(10, 9 - fsp));
            row.add(LocalDateTime.of(9999, 12, 31, 23, 59, 59, nanos));
        }
        row.addAll(List.of(LocalDateTime.of(2038, 1, 19, 3, 14, 7),
                LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000), "838:59:59", "838:59:59.999999"));
        return row.toArray();
    }

    /** Zero dates as MySQL prints them; TIME beyond 24 hours. */
    private static Object[] timesZero() {
        List<Object> row = new ArrayList<>(List.of(3, "0000-00-00"));
        for (int fsp = 0; fsp <= 6; fsp++) {
            row.add("0000-00-00 00:00:00");
        }
        row.addAll(List.of("0000-00-00 00:00:00", "0000-00-00 00:00:00", "00:00:00", "100:00:00"));
        return row.toArray();
    }

    private static Object[] timesOdd() {
        List<Object> row = new ArrayList<>(List.of(5, LocalDate.of(2024, 2, 29)));
        for (int fsp = 0; fsp <= 6; fsp++) {
            int unit = (int) Math.pow(10, 6 - fsp);
            row.add(LocalDateTime.of(2021, 6, 30, 12, 34, 56, 123456 / unit * unit * 1000));
        }
        row.addAll(List.of(LocalDateTime.of(2009, 2, 13, 23, 31, 30),
                LocalDateTime.of(2009, 2, 13, 23, 31, 30, 500_000_000), LocalTime.of(12, 34, 56), "-00:00:01.5"));
        return row.toArray();
    }

    /** Emoji, CJK, the euro sign in latin1 (0x80 in MariaDB's latin1, which is Windows-1252), a 64-member SET. */
    private static Object[] textsWide() {
        return new Object[] {1, "漢字😀", "emoji 😀🎉, CJK 漢字かな한글, accents ñé", "ü😀".repeat(3000), "café €ÿ", "é",
                "中文字符", "small", "m0", "{\"a\": [1, 2.5, \"x\", null, true], \"b\": {\"c\": \"😀\"}}"};
    }

    private static Object[] textsEmpty() {
        return new Object[] {2, "", "", "", "", "", "", "large", "", "[]"};
    }

    /** CHAR loses trailing spaces, VARCHAR keeps them; control characters, quotes, a NUL. */
    private static Object[] textsOdd() {
        return new Object[] {3, "x  ", "tab\tnewline\nquote'back\\slash end  ", "a\u0000b\r\n", "ÿ", "ab ", "abc",
                "medium", String.join(",", SET_MEMBERS), "\"s\""};
    }

    private static Object[] binariesSmall() {
        return new Object[] {1, bytes(0x61, 0x62), bytes(0x00, 0xff, 0x27, 0x5c, 0x0a), bytes(0x00, 0x01, 0xff),
                bytes(1, 2, 3), new Point(1, 2), new Point(-1.5, 1.0E300)};
    }

    private static Object[] binariesEmpty() {
        return new Object[] {2, bytes(), bytes(), bytes(), bytes(), new Point(0, 0), new Point(0, 0)};
    }

    /** A 4 MiB MEDIUMBLOB and a BLOB near its 64 KiB limit, of seeded random bytes. */
    private static Object[] binariesBig() {
        Random random = new Random(20240229);
        return new Object[] {10, bytes(1, 2, 3, 4), randomBytes(random, 300), randomBytes(random, 65_000),
                randomBytes(random, BIG_BLOB_BYTES), new Point(3, 4), new Point(5, 6)};
    }

    /**
     * Random bytes, except that a backslash is never followed by {@code x}: mariadb-binlog prints backslashes raw and
     * bytes below 0x20 as {@code \xNN}, so that sequence would be ambiguous in its output.
     */
    private static byte[] randomBytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        for (int i = 0; i + 1 < length; i++) {
            if (b[i] == '\\' && b[i + 1] == 'x') {
                b[i + 1] = 'y';
            }
        }
        return b;
    }

    private static Object[] nulls(TypedTable table, int id) {
        Object[] row = new Object[table.columns().size()];
        row[0] = id;
        return row;
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    private static String nines(int n) {
        return "9".repeat(n);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A change as a reader saw it, with where its rows event is and the GTID of its transaction. */
    private record Located(ChangeText change, String file, long eventStart, long eventEnd, String gtid) {
    }

    @Test
    void theLiveStreamDeliversEveryChangeAsWritten() throws Exception {
        List<Located> seen = new CopyOnWriteArrayList<>();
        BinlogStream stream = BinlogStream.open(SandboxSources.streamConfig(db, 3101 + metadata.ordinal()),
                ResumePoint.file(start));
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "live-reader");
            t.setDaemon(true);
            return t;
        });
        try (LiveEventSource source = new LiveEventSource(stream, new BinlogEventDecoder())) {
            Future<?> sentinel = reader.submit(() -> {
                readUntilSentinel(source, seen, source::currentGtid);
                return null;
            });
            awaitReader(sentinel, () -> "the live stream delivered " + seen.size() + " of " + changes.size()
                    + " changes and no sentinel row; " + stream.stats());
            assertEquals(0, stream.stats().restarts(), () -> "no reconnect was needed: " + stream.stats());
        } finally {
            reader.shutdownNow();
        }
        assertEquals(BinlogStream.ReaderState.CLOSED, stream.stats().state(), "closing the source closed the stream");

        assertChanges(seen, "live stream");
        assertPositions(seen, true);
        assertTransactions(seen, "live stream");
    }

    @Test
    void theDecodeToolPrintsEveryChangeAsWritten() throws Exception {
        List<String> args = new ArrayList<>(List.of("decode"));
        SandboxSources.binlogFiles(db).forEach(f -> args.add(f.toString()));
        String output;
        try (JvmProcess tool = JvmProcess.builder(BinlogTool.class).args(args.toArray(String[]::new)).start()) {
            int exit = tool.waitFor(Duration.ofSeconds(60));
            output = tool.output();
            assertEquals(0, exit, () -> "sluice-binlog decode failed: " + ChangeText.abbreviate(output));
        }
        List<String> keys = List.of("file", "pos", "ts", "server_id", "gtid", "schema", "table", "type", "columns",
                "before", "after");
        List<Located> seen = new ArrayList<>();
        int sentinels = 0;
        for (String line : output.split("\n")) {
            if (!line.startsWith("{")) {
                continue; // not JSON: a log line of the tool's JVM, if any
            }
            Map<String, Object> json = TestJson.object(TestJson.parse(line));
            assertEquals(keys, new ArrayList<>(json.keySet()), "the JSON lines format is exact");
            if (!json.get("schema").equals(SCHEMA)) {
                continue;
            }
            if (json.get("table").equals(SENTINEL_TABLE)) {
                sentinels++;
                continue;
            }
            assertEquals(BigDecimal.ONE, json.get("server_id"), line);
            assertTrue(((BigDecimal) json.get("ts")).longValue() > 1_600_000_000L, () -> "a plausible ts: " + line);
            ChangeText change = new ChangeText((String) json.get("schema"), (String) json.get("table"),
                    (String) json.get("type"), TestJson.strings(json.get("columns")),
                    TestJson.strings(json.get("before")), TestJson.strings(json.get("after")));
            seen.add(new Located(change, (String) json.get("file"), -1, ((BigDecimal) json.get("pos")).longValue(),
                    (String) json.get("gtid")));
        }
        assertEquals(1, sentinels, "the sentinel row is printed once");

        assertChanges(seen, "sluice-binlog decode");
        assertPositions(seen, false);
        assertTransactions(seen, "sluice-binlog decode");
    }

    /**
     * Every value mariadb-binlog prints agrees with the decoder's text for it, after undoing the documented
     * differences in how the tool prints values ({@link MariaDbBinlogRows#canonical}).
     */
    @Test
    void mariadbBinlogPrintsTheSameValuesAsTheDecoder() throws Exception {
        List<Path> files = SandboxSources.binlogFiles(db);
        List<RowsEvent.RowChange> ours = new ArrayList<>();
        List<RowsEvent> oursEvents = new ArrayList<>();
        try (FileEventSource source = new FileEventSource(files, null, new BinlogEventDecoder())) {
            DecodedEvent decoded;
            while ((decoded = source.next()) != null) {
                if (decoded.event() instanceof RowsEvent rows && isChangedTable(rows.table().schema(),
                        rows.table().table())) {
                    for (RowsEvent.RowChange change : rows.rows()) {
                        ours.add(change);
                        oursEvents.add(rows);
                    }
                }
            }
        }
        List<PrintedRow> theirs = new ArrayList<>();
        for (Path file : files) {
            for (PrintedRow row : MariaDbBinlogRows.read(file)) {
                if (isChangedTable(row.schema(), row.table())) {
                    theirs.add(row);
                }
            }
        }
        List<String> expectedKinds = changes.stream().map(c -> c.kind() + " " + c.table().name()).toList();
        assertEquals(expectedKinds, theirs.stream().map(r -> r.type() + " " + r.table()).toList(),
                "mariadb-binlog shows the changes written");
        assertEquals(expectedKinds, oursEvents.stream().map(e -> e.kind() + " " + e.table().table()).toList(),
                "the decoder shows the changes written");

        int compared = 0;
        for (int i = 0; i < ours.size(); i++) {
            String where = "change " + i + " (" + expectedKinds.get(i) + ")";
            compared += MariaDbRowComparison.compareImage(ours.get(i).before(), theirs.get(i).before(), where + " before");
            compared += MariaDbRowComparison.compareImage(ours.get(i).after(), theirs.get(i).after(), where + " after");
        }
        int expectedValues = changes.stream().mapToInt(c -> (c.before() == null ? 0 : c.before().length)
                + (c.after() == null ? 0 : c.after().length)).sum();
        assertEquals(expectedValues, compared, "every value was compared");
        System.out.printf("binlog_row_metadata=%s: %d values of %d row changes agree with mariadb-binlog%n", metadata,
                compared, ours.size());
    }

    private static boolean isChangedTable(String schema, String table) {
        return schema.equals(SCHEMA) && !table.equals(SENTINEL_TABLE);
    }

    private static void readUntilSentinel(EventSource source, List<Located> seen, Supplier<String> gtid)
            throws Exception {
        while (true) {
            DecodedEvent decoded = source.next();
            if (decoded == null) {
                throw new AssertionError("the source ended before the sentinel row");
            }
            if (decoded.event() instanceof RowsEvent rows && rows.table().schema().equals(SCHEMA)) {
                if (rows.table().table().equals(SENTINEL_TABLE)) {
                    return;
                }
                for (ChangeText change : ChangeText.of(rows)) {
                    seen.add(new Located(change, decoded.position().file(), decoded.position().offset(),
                            rows.header().logPos(), gtid.get()));
                }
            }
        }
    }

    private static void awaitReader(Future<?> reader, Supplier<String> progress) throws Exception {
        try {
            reader.get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("timed out after " + READ_TIMEOUT.toSeconds() + " s: " + progress.get());
        } catch (ExecutionException e) {
            throw new AssertionError("the reader failed: " + e.getCause() + "; " + progress.get(), e.getCause());
        }
    }

    /** Same changes in the same order, each value equal to the expected text derived from what was written. */
    private void assertChanges(List<Located> seen, String reader) {
        List<ChangeText> expected = changes.stream().map(c -> c.expected(metadata)).toList();
        List<ChangeText> actual = seen.stream().map(Located::change).toList();
        assertEquals(expected.size(), actual.size(), () -> reader + " delivered " + actual.size() + " changes, "
                + expected.size() + " were written: " + actual);
        for (int i = 0; i < expected.size(); i++) {
            ChangeText e = expected.get(i);
            ChangeText a = actual.get(i);
            String where = reader + ", change " + i + " (" + e.type() + " " + e.table() + ")";
            assertEquals(e.schema() + "." + e.table() + " " + e.type(), a.schema() + "." + a.table() + " " + a.type(),
                    where);
            assertEquals(e.columns(), a.columns(), where + ": column names");
            assertImage(e.before(), a.before(), where + " before", e);
            assertImage(e.after(), a.after(), where + " after", e);
        }
    }

    private static void assertImage(List<String> expected, List<String> actual, String where, ChangeText change) {
        if (expected == null) {
            assertNull(actual, where + ": no image");
            return;
        }
        assertNotNull(actual, where + ": an image");
        assertEquals(expected.size(), actual.size(), where + ": columns");
        TypedTable table = TABLES.stream().filter(t -> t.name().equals(change.table())).findFirst().orElseThrow();
        for (int c = 0; c < expected.size(); c++) {
            if (!Objects.equals(expected.get(c), actual.get(c))) {
                fail(where + ", column " + table.columns().get(c).name() + " " + table.columns().get(c).ddl()
                        + ": expected " + quote(expected.get(c)) + " but was " + quote(actual.get(c)));
            }
        }
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = ChangeText.abbreviate(s);
        StringBuilder escaped = new StringBuilder("\"");
        shown.codePoints().forEach(cp -> escaped.append(cp < 0x20 || cp == 0xfffd
                ? String.format("\\u%04x", cp) : new String(Character.toChars(cp))));
        return escaped.append('"').toString();
    }

    /**
     * The rows events the reader saw are exactly the server's rows events of the changed tables, in order: same file,
     * same end position (and start, when the reader knows it), same table and kind.
     */
    private void assertPositions(List<Located> seen, boolean withStart) throws Exception {
        List<String> server = new ArrayList<>();
        for (SandboxSources.ServerRowsEvent e : SandboxSources.rowsEvents(db, SCHEMA)) {
            if (!e.table().equals(SENTINEL_TABLE)) {
                server.add(e.file() + ":" + (withStart ? e.pos() + "-" : "") + e.end() + " " + e.kind() + " "
                        + e.table());
            }
        }
        LinkedHashSet<String> events = new LinkedHashSet<>();
        for (Located l : seen) {
            events.add(l.file() + ":" + (withStart ? l.eventStart() + "-" : "") + l.eventEnd() + " "
                    + l.change().type() + " " + l.change().table());
        }
        assertEquals(server, new ArrayList<>(events), "rows events as SHOW BINLOG EVENTS lists them");
    }

    /** Changes committed together carry one GTID; each transaction has its own. */
    private void assertTransactions(List<Located> seen, String reader) {
        Map<Integer, String> gtidOfTransaction = new HashMap<>();
        Map<String, Integer> transactionOfGtid = new HashMap<>();
        for (int i = 0; i < changes.size(); i++) {
            String gtid = seen.get(i).gtid();
            assertTrue(gtid != null && gtid.matches("0-1-\\d+"), reader + ": a MariaDB GTID, got " + gtid);
            int transaction = changes.get(i).transaction();
            String known = gtidOfTransaction.putIfAbsent(transaction, gtid);
            assertTrue(known == null || known.equals(gtid), reader + ": change " + i + " of transaction "
                    + transaction + " has GTID " + gtid + ", an earlier change of it had " + known);
            Integer other = transactionOfGtid.putIfAbsent(gtid, transaction);
            assertTrue(other == null || other == transaction, reader + ": GTID " + gtid + " covers transactions "
                    + other + " and " + transaction);
        }
        int multiStatement = changes.get(changes.size() - 1).transaction();
        assertEquals(5, changes.stream().filter(c -> c.transaction() == multiStatement).count(),
                "the last transaction has five statements");
    }
}
