package io.sluice.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.coordinator.ZkPaths;
import io.sluice.coordinator.schema.SchemaHistoryOptions;
import io.sluice.coordinator.schema.SchemaHistoryStore;
import io.sluice.coordinator.schema.ZkSchemaHistoryStore;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.testkit.Await;
import io.sluice.testkit.BinlogStatus;
import io.sluice.testkit.MariaDbOptions;
import io.sluice.testkit.MariaDbOptions.RowMetadata;
import io.sluice.testkit.MariaDbSandbox;
import io.sluice.testkit.ZooKeeperServer;

/**
 * The proof of the change pipeline: a storm of DDL interleaved with DML across two schemas, replayed after the fact,
 * gives every row with the column names, types, key flags and values of its own moment, not of today's schema.
 *
 * <p>For each row metadata setting a fresh MariaDB: the tables are created; run A starts the destination at P
 * (first start: the definitions are loaded from the source and stored in ZooKeeper) and is stopped while idle; the
 * storm runs, and for every row written the server's own view of that moment (information_schema and a read-back of
 * the row) is recorded; run B starts from A's cursor and is stopped half-way; run C resumes from B's cursor; run D
 * replays the whole storm from P in one go. B + C must equal D, and D's rows must equal the recorded ones. With
 * NO_LOG and MINIMAL the TABLE_MAPs carry no names at all, so everything comes from the stored history; the FULL run
 * must agree with the MINIMAL one entry for entry.
 */
class DdlStormIT {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    private static final int SNAPSHOT_EVERY = 5;
    private static final ZkPaths PATHS = new ZkPaths("/sluice-pipeline-it", ZkPaths.DEFAULT_CANAL_ROOT);
    private static final AtomicLong EPOCHS = new AtomicLong();

    private static ZooKeeperServer zk;
    private static CuratorFramework client;
    private static final Map<RowMetadata, Storm> RUNS = new HashMap<>();
    private static final List<MariaDbSandbox> SERVERS = new ArrayList<>();

    /** A step of the storm: a DDL, or a one-row DML with the table and key condition that identify the row. */
    private record Step(String sql, String table, String where, EventType kind) {
        static Step ddl(String sql) {
            return new Step(sql, null, null, null);
        }

        static Step insert(String table, String where, String sql) {
            return new Step(sql, table, where, EventType.INSERT);
        }

        static Step update(String table, String where, String sql) {
            return new Step(sql, table, where, EventType.UPDATE);
        }

        static Step delete(String table, String where, String sql) {
            return new Step(sql, table, where, EventType.DELETE);
        }
    }

    /** A column as the server showed it at the row's moment. */
    record Col(String name, String mysqlType, boolean key, String value) {
        @Override
        public String toString() {
            return name + " " + mysqlType + (key ? " KEY" : "") + "=" + value;
        }
    }

    /** A row change as expected or as delivered. */
    record Row(String table, EventType kind, List<Col> before, List<Col> after) {
    }

    private static final String[] SETUP = {
        "CREATE DATABASE s1 CHARACTER SET utf8mb4",
        "CREATE DATABASE s2 CHARACTER SET latin1",
        "CREATE TABLE s1.a (id INT PRIMARY KEY, n VARCHAR(20), u INT UNSIGNED, l VARCHAR(10) CHARACTER SET latin1)",
        "CREATE TABLE s1.b (id BIGINT PRIMARY KEY, e ENUM('x','y','z') NOT NULL, d DECIMAL(8,2))",
        "CREATE TABLE s2.c (k INT PRIMARY KEY, v VARCHAR(30))",
    };

    private static final List<Step> STORM = List.of(
            Step.insert("s1.a", "id=1", "INSERT INTO s1.a (id, n, u, l) VALUES (1, 'one', 4294967295, 'café')"),
            Step.ddl("ALTER TABLE s1.a ADD COLUMN extra INT AFTER n"),
            Step.insert("s1.a", "id=2", "INSERT INTO s1.a (id, n, extra, u, l) VALUES (2, 'two', 7, 3, 'naïve')"),
            Step.update("s1.a", "id=1", "UPDATE s1.a SET n = 'uno', extra = 11 WHERE id = 1"),
            Step.ddl("ALTER TABLE s1.a DROP COLUMN n"),
            Step.insert("s2.c", "k=1", "INSERT INTO s2.c VALUES (1, 'über')"),
            Step.ddl("ALTER TABLE s1.a CHANGE extra extra2 BIGINT UNSIGNED"),
            Step.insert("s1.a", "id=3", "INSERT INTO s1.a (id, extra2, u, l) VALUES (3, 18446744073709551615, 0, 'é')"),
            Step.ddl("ALTER TABLE s1.a RENAME COLUMN extra2 TO x3"),
            Step.update("s1.a", "id=3", "UPDATE s1.a SET x3 = 5 WHERE id = 3"),
            Step.ddl("ALTER TABLE s1.b MODIFY d DECIMAL(12,4)"),
            Step.insert("s1.b", "id=1", "INSERT INTO s1.b VALUES (1, 'y', 12.5)"),
            Step.ddl("ALTER TABLE s1.b ADD INDEX ie (e)"),
            Step.update("s1.b", "id=1", "UPDATE s1.b SET e = 'z' WHERE id = 1"),
            Step.ddl("ALTER TABLE s1.b DROP INDEX ie, DROP PRIMARY KEY, ADD PRIMARY KEY (id, e)"),
            Step.insert("s1.b", "id=2", "INSERT INTO s1.b VALUES (2, 'x', -1.25)"),
            Step.ddl("RENAME TABLE s1.b TO s2.b2"),
            Step.insert("s2.b2", "id=3", "INSERT INTO s2.b2 VALUES (3, 'y', 3)"),
            Step.ddl("DROP TABLE s2.c"),
            Step.ddl("CREATE TABLE s2.c (k VARCHAR(10) PRIMARY KEY, v INT UNSIGNED, w TEXT)"),
            Step.insert("s2.c", "k='a'", "INSERT INTO s2.c VALUES ('a', 4000000000, 'Grüße')"),
            Step.ddl("TRUNCATE TABLE s2.c"),
            Step.insert("s2.c", "k='b'", "INSERT INTO s2.c VALUES ('b', 1, NULL)"),
            Step.ddl("CREATE TABLE s1.a_copy LIKE s1.a"),
            Step.insert("s1.a_copy", "id=10", "INSERT INTO s1.a_copy (id, x3, u, l) VALUES (10, 1, 2, 'x')"),
            Step.ddl("RENAME TABLE s1.a TO s1.tmp, s1.a_copy TO s1.a, s1.tmp TO s1.a_old"),
            Step.insert("s1.a", "id=11", "INSERT INTO s1.a (id, x3, u, l) VALUES (11, 2, 3, 'y')"),
            Step.update("s1.a_old", "id=2", "UPDATE s1.a_old SET u = 4294967294 WHERE id = 2"),
            Step.ddl("ALTER TABLE s1.a ADD COLUMN z ENUM('p','q') NOT NULL DEFAULT 'q' FIRST"),
            Step.insert("s1.a", "id=12", "INSERT INTO s1.a (z, id, x3, u, l) VALUES ('p', 12, 3, 4, 'ü')"),
            Step.delete("s1.a_old", "id=1", "DELETE FROM s1.a_old WHERE id = 1"),
            Step.ddl("ALTER TABLE s2.b2 MODIFY e ENUM('x','y','z','w') NOT NULL"),
            Step.update("s2.b2", "id=3", "UPDATE s2.b2 SET d = 7.125 WHERE id = 3"),
            Step.delete("s2.b2", "id=2", "DELETE FROM s2.b2 WHERE id = 2"),
            Step.ddl("ALTER TABLE s2.c ADD COLUMN s SMALLINT UNSIGNED FIRST, DROP COLUMN w"),
            Step.insert("s2.c", "k='c'", "INSERT INTO s2.c VALUES (65535, 'c', 9)"),
            Step.ddl("CREATE TABLE s1.done (id INT PRIMARY KEY)"),
            Step.insert("s1.done", "id=1", "INSERT INTO s1.done VALUES (1)"));

    /** What one server's run gave. */
    private record Storm(List<Row> expected, List<Entry> interrupted, List<Entry> resumed, List<Entry> whole) {
    }

    @BeforeAll
    static void startZooKeeper() {
        zk = ZooKeeperServer.start();
        client = zk.newClient();
    }

    @AfterAll
    static void stopAll() {
        SERVERS.forEach(MariaDbSandbox::close);
        if (client != null) {
            client.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void minimalMetadataRowsCarryTheSchemaOfTheirMoment() throws Exception {
        Storm run = storm(RowMetadata.MINIMAL);
        assertRowsOfTheirMoment(run);
    }

    @Test
    void noLogMetadataRowsCarryTheSchemaOfTheirMoment() throws Exception {
        Storm run = storm(RowMetadata.NO_LOG);
        assertRowsOfTheirMoment(run);
    }

    @Test
    void restartFromTheCursorLosesAndRepeatsNothing() throws Exception {
        Storm run = storm(RowMetadata.MINIMAL);
        assertFalse(run.interrupted().isEmpty(), "run B delivered entries before it was stopped");
        assertFalse(run.resumed().isEmpty(), "run C delivered entries after the restart");
        Entry last = run.interrupted().get(run.interrupted().size() - 1);
        assertTrue(last.getEntryType() == EntryType.TRANSACTIONEND || isDdl(last),
                () -> "run B stopped at a transaction boundary, its last entry is " + describe(last));
        List<String> concatenated = new ArrayList<>(describe(run.interrupted()));
        concatenated.addAll(describe(run.resumed()));
        assertLines(describe(run.whole()), concatenated, "B then C equals the uninterrupted run D");
    }

    @Test
    void fullMetadataAgreesWithMinimalEntryForEntry() throws Exception {
        Storm minimal = storm(RowMetadata.MINIMAL);
        Storm full = storm(RowMetadata.FULL);
        assertLines(rowsOnly(minimal.whole()), rowsOnly(full.whole()), "FULL and MINIMAL give the same rows");
        assertLines(ddlOnly(minimal.whole()), ddlOnly(full.whole()), "FULL and MINIMAL give the same DDL entries");
    }

    private static void assertRowsOfTheirMoment(Storm run) throws Exception {
        List<String> expected = run.expected().stream().map(DdlStormIT::describe).toList();
        List<String> actual = new ArrayList<>();
        for (Entry e : run.whole()) {
            actual.addAll(rows(e).stream().map(DdlStormIT::describe).toList());
        }
        assertTrue(expected.size() >= 20, "the storm writes rows: " + expected.size());
        assertLines(expected, actual, "every row carries the names, types, keys and values of its moment");
    }

    // ---- one server's storm --------------------------------------------------------------------------------------

    private static synchronized Storm storm(RowMetadata metadata) throws Exception {
        Storm done = RUNS.get(metadata);
        if (done != null) {
            return done;
        }
        MariaDbSandbox db = MariaDbSandbox.launch(MariaDbOptions.builder().rowMetadata(metadata).build());
        SERVERS.add(db);
        db.execute(SETUP);
        SchemaHistoryStore store = new ZkSchemaHistoryStore(client, PATHS, "storm-" + metadata.name().toLowerCase(),
                SchemaHistoryOptions.defaults());
        BinlogStatus status = db.binlogStatus();
        PipelineCursor p = PipelineRig.at(new BinlogPosition(status.file(), status.position()));

        // run A: first start, records snapshot 0, stopped while idle
        PipelineCursor afterA;
        try (PipelineRig a = new PipelineRig(db, store, EPOCHS.incrementAndGet(), DestinationFilter.NONE, p,
                SNAPSHOT_EVERY, (e, n) -> false)) {
            assertTrue(store.latestSnapshotAtOrBefore(0).snapshot().isPresent(), "run A stored snapshot 0");
            a.pipeline.stop();
            afterA = a.join(RUN_TIMEOUT);
        }
        assertEquals(p.position(), afterA.position(), "run A read nothing, its cursor is P");

        List<Row> expected = runStorm(db);

        // run B: from A's cursor, stopped inside the transaction of a row about half-way; it ends that transaction
        List<Entry> interrupted;
        PipelineCursor afterB;
        try (PipelineRig b = new PipelineRig(db, store, EPOCHS.incrementAndGet(), DestinationFilter.NONE, afterA,
                SNAPSHOT_EVERY, (e, n) -> n >= 60 && !rows(e).isEmpty())) {
            afterB = b.join(RUN_TIMEOUT);
            interrupted = withoutHeartbeats(b.entries);
        }
        assertTrue(afterB.position().compareTo(p.position()) > 0, "run B moved its cursor: " + afterB);

        // run C: a new tracker and pipeline from B's cursor, to the end
        List<Entry> resumed;
        try (PipelineRig c = new PipelineRig(db, store, EPOCHS.incrementAndGet(), DestinationFilter.NONE, afterB,
                SNAPSHOT_EVERY, DdlStormIT::isSentinel)) {
            c.join(RUN_TIMEOUT);
            resumed = withoutHeartbeats(c.entries);
        }

        // run D: the whole storm from P in one go, from the stored history alone
        List<Entry> whole;
        try (PipelineRig d = new PipelineRig(db, store, EPOCHS.incrementAndGet(), DestinationFilter.NONE, p,
                SNAPSHOT_EVERY, DdlStormIT::isSentinel)) {
            d.join(RUN_TIMEOUT);
            whole = withoutHeartbeats(d.entries);
        }
        assertTrue(store.head().lastSequence() >= 15, "every DDL was recorded once: " + store.head());
        Storm storm = new Storm(expected, interrupted, resumed, whole);
        RUNS.put(metadata, storm);
        return storm;
    }

    /** Runs the storm and records, for each row, what the server shows at that moment. */
    private static List<Row> runStorm(MariaDbSandbox db) throws SQLException {
        List<Row> expected = new ArrayList<>();
        try (Connection c = db.connection(); Statement st = c.createStatement()) {
            st.execute("SET NAMES utf8mb4");
            for (Step step : STORM) {
                if (step.kind() == null) {
                    st.execute(step.sql());
                    continue;
                }
                List<Col> before = step.kind() == EventType.INSERT ? List.of() : read(st, step);
                st.execute(step.sql());
                List<Col> after = step.kind() == EventType.DELETE ? List.of() : read(st, step);
                expected.add(new Row(step.table(), step.kind(), before, after));
            }
        }
        return expected;
    }

    private static List<Col> read(Statement st, Step step) throws SQLException {
        String[] name = step.table().split("\\.");
        List<String[]> meta = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, COLUMN_TYPE, COLUMN_KEY FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = '" + name[0] + "' AND TABLE_NAME = '" + name[1] + "' ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                meta.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        List<Col> cols = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT * FROM " + step.table() + " WHERE " + step.where())) {
            assertTrue(rs.next(), "row " + step.where() + " in " + step.table());
            for (int i = 0; i < meta.size(); i++) {
                String[] m = meta.get(i);
                cols.add(new Col(m[0], m[1], "PRI".equals(m[2]), rs.getString(i + 1)));
            }
        }
        return cols;
    }

    // ---- entries -------------------------------------------------------------------------------------------------

    private static boolean isSentinel(Entry e, int count) {
        return e.getEntryType() == EntryType.ROWDATA && e.getHeader().getTableName().equals("done")
                && e.getHeader().getEventType() == EventType.INSERT;
    }

    private static List<Entry> withoutHeartbeats(List<Entry> entries) {
        synchronized (entries) {
            return entries.stream().filter(e -> e.getEntryType() != EntryType.HEARTBEAT).toList();
        }
    }

    private static boolean isDdl(Entry e) {
        return e.getEntryType() == EntryType.ROWDATA && parse(e).getIsDdl();
    }

    private static RowChange parse(Entry e) {
        try {
            return RowChange.parseFrom(e.getStoreValue());
        } catch (Exception ex) {
            throw new AssertionError("entry does not parse: " + ex, ex);
        }
    }

    static List<Row> rows(Entry e) {
        if (e.getEntryType() != EntryType.ROWDATA) {
            return List.of();
        }
        RowChange change = parse(e);
        if (change.getIsDdl() || change.getRowDatasCount() == 0) {
            return List.of();
        }
        String table = e.getHeader().getSchemaName() + "." + e.getHeader().getTableName();
        List<Row> rows = new ArrayList<>();
        for (RowData d : change.getRowDatasList()) {
            rows.add(new Row(table, change.getEventType(), cols(d.getBeforeColumnsList()),
                    cols(d.getAfterColumnsList())));
        }
        return rows;
    }

    private static List<Col> cols(List<Column> columns) {
        return columns.stream().map(c -> new Col(c.getName(), c.getMysqlType(), c.getIsKey(),
                c.getIsNull() ? null : c.getValue())).toList();
    }

    private static String describe(Row r) {
        return r.table() + " " + r.kind() + " before " + r.before() + " after " + r.after();
    }

    private static List<String> rowsOnly(List<Entry> entries) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            rows(e).forEach(r -> out.add(describe(r)));
        }
        return out;
    }

    private static List<String> ddlOnly(List<Entry> entries) {
        return entries.stream().filter(DdlStormIT::isDdl).map(e -> e.getHeader().getEventType() + " "
                + e.getHeader().getSchemaName() + "." + e.getHeader().getTableName() + " " + parse(e).getSql())
                .toList();
    }

    /** Everything of an entry but the executed GTID set, which depends on where a run started. */
    static String describe(Entry e) {
        return e.getEntryType() + " " + e.getHeader().getLogfileName() + ":" + e.getHeader().getLogfileOffset() + " "
                + e.getHeader().getSchemaName() + "." + e.getHeader().getTableName() + " "
                + e.getHeader().getEventType() + " " + (e.getEntryType() == EntryType.ROWDATA
                        ? parse(e).toString().replace('\n', ' ') : "");
    }

    static List<String> describe(List<Entry> entries) {
        return entries.stream().map(DdlStormIT::describe).toList();
    }

    static void assertLines(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError(what + ": first difference at " + i + "\n  expected " + expected.get(i)
                        + "\n  actual   " + actual.get(i));
            }
        }
        assertEquals(expected.size(), actual.size(), () -> what + ": counts differ; expected " + expected + "\nactual "
                + actual);
    }
}
