package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.position.MariaDbGtid;
import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventType;
import io.sluice.testkit.Await;
import io.sluice.testkit.MariaDbSandbox;

/**
 * Dumps from each kind of start position, checked against the server's own account of its binlog (SHOW BINLOG
 * EVENTS).
 *
 * <p>The binlog is laid out once: file 1 holds the sandbox's setup and transaction A; file 2 (opened by FLUSH) holds
 * transaction B, committed at least one second after A; file 3 holds C, again a second later. {@code afterA} and
 * {@code afterB} are the first seconds after A and B committed.
 */
class BinlogDumpIT {
    private static final ReplicaSettings REPLICA = ReplicaSettings.defaults(3001)
            .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(10));
    private static MariaDbSandbox db;
    private static String gtidA;
    private static String gtidB;
    private static String gtidC;
    private static long afterA;
    private static long afterB;

    @BeforeAll
    static void layOutTheBinlog() throws Exception {
        db = MariaDbSandbox.launch();
        db.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY, v VARCHAR(10))");
        gtidA = insert(1);
        afterA = nextSecond();
        db.execute("FLUSH BINARY LOGS");
        gtidB = insert(2);
        afterB = nextSecond();
        db.execute("FLUSH BINARY LOGS");
        gtidC = insert(3);
    }

    @AfterAll
    static void stopDb() {
        db.close();
    }

    /** Inserts one row in its own transaction and returns its GTID. */
    private static String insert(int id) {
        db.execute("INSERT INTO shop.t VALUES (" + id + ", 'v" + id + "')");
        return db.binlogStatus().gtidBinlogPos();
    }

    /** Waits (bounded) until the server's clock is in a later second than now, and returns that second. */
    private static long nextSecond() throws SQLException {
        long now = serverTime();
        long[] seen = {now};
        boolean passed = Await.poll(Duration.ofSeconds(5), () -> {
            try {
                seen[0] = serverTime();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return seen[0] > now;
        });
        if (!passed) {
            throw new AssertionError("server clock stuck at " + now);
        }
        return seen[0];
    }

    private static long serverTime() throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT UNIX_TIMESTAMP()")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<RawBinlogEvent> dumpToEnd(ResumePoint from) throws IOException {
        return dumpToEnd(from, REPLICA);
    }

    private static List<RawBinlogEvent> dumpToEnd(ResumePoint from, ReplicaSettings replica) throws IOException {
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.repl(db))) {
            BinlogDump dump = BinlogDump.start(c, replica, from, BinlogDump.Mode.NON_BLOCKING, false);
            List<RawBinlogEvent> events = new ArrayList<>();
            RawBinlogEvent event;
            while ((event = dump.next()) != null) {
                events.add(event);
            }
            return events;
        }
    }

    private static List<String> gtids(List<RawBinlogEvent> events) {
        return events.stream().filter(SandboxSupport::isMariaDbGtid).map(SandboxSupport::gtidOf)
                .map(MariaDbGtid::toString).toList();
    }

    /** Another test may have added transactions after C; what matters is the start of the list. */
    private static void assertStartsWith(List<String> expected, List<String> actual) {
        assertTrue(actual.size() >= expected.size() && actual.subList(0, expected.size()).equals(expected),
                "expected " + actual + " to start with " + expected);
    }

    /** With annotateRows the source sends every event of its files, ANNOTATE_ROWS included. */
    @Test
    void dumpFromTheFirstFileMatchesShowBinlogEventsEventForEvent() throws Exception {
        ReplicaSettings annotated = REPLICA.withServerId(3002).withAnnotateRows(true);
        List<RawBinlogEvent> events = dumpToEnd(ResumePoint.file(new BinlogPosition("mysql-bin.000001", 4)), annotated);

        RawBinlogEvent first = events.get(0);
        assertEquals(EventType.ROTATE, first.header().type(), "a dump starts with the artificial ROTATE");
        assertTrue(first.header().artificial());
        assertEquals(new BinlogPosition("mysql-bin.000001", 4), first.nextPosition());

        List<String> expected = new ArrayList<>();
        for (String file : SandboxSupport.binlogFiles(db)) {
            for (SandboxSupport.OracleEvent e : SandboxSupport.showBinlogEvents(db, file)) {
                expected.add(file + ":" + e.pos() + "-" + e.end());
            }
        }
        List<String> actual = new ArrayList<>();
        BinlogPosition before = new BinlogPosition("mysql-bin.000001", 4);
        for (RawBinlogEvent event : events) {
            EventHeader h = event.header();
            assertNotNull(h.type(), "known type code " + h.typeCode());
            assertEquals(event.length(), h.eventSize());
            assertTrue(PositionTracker.hasValidChecksum(event.bytes()), "CRC32 checks out for " + event);
            if (SandboxSupport.isReal(event)) {
                actual.add(before.file() + ":" + before.offset() + "-" + h.logPos());
                assertEquals(before, event.position(), "with every event present, each starts where the last ended");
            }
            before = event.nextPosition();
        }
        assertEquals(expected, actual, "every event of every file, once, with the server's positions");
        List<String> gtids = gtids(events);
        assertTrue(gtids.indexOf(gtidA) < gtids.indexOf(gtidB) && gtids.indexOf(gtidB) < gtids.indexOf(gtidC)
                && gtids.indexOf(gtidA) >= 0, gtids.toString());
    }

    @Test
    void withoutAnnotateRowsTheSourceLeavesThoseEventsOut() throws Exception {
        List<RawBinlogEvent> events = dumpToEnd(ResumePoint.file(new BinlogPosition("mysql-bin.000001", 4)));
        assertTrue(events.stream().noneMatch(e -> e.typeCode() == EventType.MARIADB_ANNOTATE_ROWS.code()));
        List<String> oracle = new ArrayList<>();
        for (String file : SandboxSupport.binlogFiles(db)) {
            SandboxSupport.showBinlogEvents(db, file).forEach(e -> oracle.add(e.start() + "-" + e.end()));
        }
        for (RawBinlogEvent event : events) {
            if (SandboxSupport.isReal(event)) {
                assertTrue(oracle.contains(event.position() + "-" + event.header().logPos()),
                        "the event after a left-out ANNOTATE_ROWS still knows where it starts: " + event);
            }
        }
        assertStartsWith(List.of(gtidA, gtidB, gtidC), gtids(events).subList(gtids(events).indexOf(gtidA),
                gtids(events).size()));
    }

    @Test
    void dumpFromAPositionInsideAFileStartsThere() throws Exception {
        BinlogPosition atB = SandboxSupport.gtidEventPosition(db, gtidB);
        List<RawBinlogEvent> events = dumpToEnd(ResumePoint.file(atB));
        assertEquals(atB, events.get(0).nextPosition(), "the artificial ROTATE names the requested position");
        assertEquals(0, events.get(1).header().logPos(), "the resent format description does not move the position");
        assertEquals(atB, events.get(1).nextPosition());
        assertStartsWith(List.of(gtidB, gtidC), gtids(events));
    }

    @Test
    void dumpFromAMariaDbGtidPositionSendsTheTransactionsAfterIt() throws Exception {
        List<RawBinlogEvent> events = dumpToEnd(ResumePoint.mariaDbGtids(MariaDbGtidPosition.parse(gtidA)));
        assertStartsWith(List.of(gtidB, gtidC), gtids(events));
        RawBinlogEvent gtidEventB = events.stream().filter(SandboxSupport::isMariaDbGtid).findFirst().orElseThrow();
        int index = events.indexOf(gtidEventB);
        assertEquals(SandboxSupport.gtidEventPosition(db, gtidB), events.get(index - 1).nextPosition(),
                "positions are tracked from the file the server chose");
        assertEquals(SandboxSupport.gtidEventPosition(db, gtidB), gtidEventB.position());
    }

    @Test
    void latestStartsAtTheEndAndSeesOnlyNewTransactions() throws Exception {
        ResumePoint latest;
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.repl(db))) {
            latest = StartPositionResolver.resolve(StartPosition.latest(), c, SandboxSupport.repl(db), REPLICA);
        }
        assertEquals(ResumePoint.file(new BinlogPosition(db.binlogStatus().file(), db.binlogStatus().position())), latest);
        try (MysqlConnection c = MysqlConnection.open(SandboxSupport.repl(db))) {
            BinlogDump dump = BinlogDump.start(c, REPLICA, latest, BinlogDump.Mode.BLOCKING, true);
            db.execute("INSERT INTO shop.t VALUES (100, 'new')");
            String newGtid = db.binlogStatus().gtidBinlogPos();
            RawBinlogEvent event;
            do {
                event = dump.next();
            } while (!SandboxSupport.isMariaDbGtid(event));
            assertEquals(newGtid, SandboxSupport.gtidOf(event).toString(), "the first transaction is the new one");
            dump.close();
        }
    }

    @Test
    void aTimestampResolvesToTheFirstTransactionCommittedAtOrAfterIt() throws Exception {
        MysqlConnectionConfig config = SandboxSupport.repl(db);
        try (MysqlConnection c = MysqlConnection.open(config)) {
            assertEquals(ResumePoint.file(SandboxSupport.gtidEventPosition(db, gtidB)),
                    StartPositionResolver.resolve(StartPosition.at(Instant.ofEpochSecond(afterA)), c, config, REPLICA),
                    "B is the first transaction at or after the second following A");
            assertEquals(ResumePoint.file(SandboxSupport.gtidEventPosition(db, gtidC)),
                    StartPositionResolver.resolve(StartPosition.at(Instant.ofEpochSecond(afterB)), c, config, REPLICA),
                    "C, in the third file");
            ResumePoint oldest = StartPositionResolver.resolve(StartPosition.at(Instant.ofEpochSecond(0)), c, config,
                    REPLICA);
            BinlogPosition firstGtid = SandboxSupport.showBinlogEvents(db, "mysql-bin.000001").stream()
                    .filter(e -> e.type().equals("Gtid")).findFirst().orElseThrow().start();
            assertEquals(ResumePoint.file(firstGtid), oldest, "1970: the first transaction of the oldest file");
            ResumePoint future = StartPositionResolver.resolve(
                    StartPosition.at(Instant.ofEpochSecond(afterB + 3600)), c, config, REPLICA);
            assertEquals(ResumePoint.file(new BinlogPosition(db.binlogStatus().file(), db.binlogStatus().position())),
                    future, "nothing committed yet at that time: the end of the binlog");
        }
    }
}
