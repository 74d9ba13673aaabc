package io.sluice.node.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventType;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.XidEvent;
import io.sluice.node.mysql.BinlogStream;
import io.sluice.node.mysql.BinlogStreamClosedException;
import io.sluice.node.mysql.ResumePoint;
import io.sluice.testkit.Await;
import io.sluice.testkit.BinlogStatus;
import io.sluice.testkit.MariaDbSandbox;

/**
 * {@link LiveEventSource} hands out every row exactly once, in commit order, while the source is stopped and started
 * again under a running writer and consumer.
 *
 * <p>The writer commits {@value #TRANSACTIONS} numbered transactions: most insert one row; every fifth inserts three,
 * in three statements (three rows events) when its number ends in 0, in one statement (one rows event of three rows)
 * when it ends in 5. The source is stopped twice ({@link #INTERRUPTIONS}): once while the consumer holds the first
 * rows event of a transaction, once right after it was handed the commit of one. Each time the writer holds before
 * a given transaction until the source is down, so that this transaction fails; the consumer is released (it takes
 * the stream's restart marker and the reader retries against the stopped source); the source starts again (on a new
 * binlog file); the writer retries the failed transaction and goes on. Every step waits for a condition with a bound;
 * nothing sleeps.
 */
class LiveEventSourceReconnectIT {
    private static final int TRANSACTIONS = 300;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Where the consumer pauses while the source is stopped, and the writer's transaction that meets the stopped
     * source.
     *
     * @param transaction the consumer pauses in (or right after) this transaction
     * @param afterCommit false: after its first rows event; true: after its XID
     * @param failing     the writer holds before this transaction, whose first attempt then fails
     */
    private record Interruption(int transaction, boolean afterCommit, int failing) {
        /** The last row id the consumer holds when it pauses. */
        int lastRowBefore() {
            return afterCommit ? firstRowOf(transaction + 1) - 1 : firstRowOf(transaction);
        }
    }

    private static final List<Interruption> INTERRUPTIONS = List.of(
            new Interruption(110, false, 150), // inside a transaction of three statements, ~100 consumed
            new Interruption(200, true, 250)); // between transactions

    private static MariaDbSandbox db;

    @BeforeAll
    static void startDb() {
        db = MariaDbSandbox.launch();
        db.execute("CREATE DATABASE r", "CREATE TABLE r.t (id INT PRIMARY KEY, txn INT NOT NULL, v VARCHAR(40))",
                "CREATE TABLE r.done (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void stopDb() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyCommittedRowArrivesOnceInCommitOrderAcrossSourceRestarts() throws Exception {
        BinlogStatus before = db.binlogStatus();
        BinlogPosition start = new BinlogPosition(before.file(), before.position());
        BinlogStream stream = BinlogStream.open(SandboxSources.streamConfig(db, 3201), ResumePoint.file(start));
        Consumer consumer = new Consumer(new LiveEventSource(stream, new BinlogEventDecoder()));
        Writer writer = new Writer();
        Thread consumerThread = start(consumer, "consumer");
        Thread writerThread = start(writer, "writer");
        try {
            for (int i = 0; i < INTERRUPTIONS.size(); i++) {
                Interruption at = INTERRUPTIONS.get(i);
                await(consumer.paused.get(i), "the consumer pauses at " + at, consumer, writer);
                await(writer.holding.get(i), "the writer holds before transaction " + at.failing(), consumer, writer);

                long failedReconnects = stream.stats().failedReconnects();
                db.stop();
                assertTrue(Await.poll(STEP_TIMEOUT,
                        () -> stream.stats().state() == BinlogStream.ReaderState.WAITING_FOR_CONSUMER),
                        () -> "the reader noticed the loss and waits for the consumer: " + stream.stats());
                writer.sourceStopped.get(i).countDown();
                await(writer.failed.get(i), "transaction " + at.failing() + " fails on the stopped source", consumer,
                        writer);
                consumer.release.get(i).countDown();
                assertTrue(Await.poll(STEP_TIMEOUT, () -> stream.stats().failedReconnects() > failedReconnects),
                        () -> "the reader retries while the source is down: " + stream.stats());
                db.start();
            }

            await(consumer.done, "the consumer reads up to the writer's sentinel row", consumer, writer);
            writerThread.join(STEP_TIMEOUT.toMillis());
            assertNull(writer.failure, () -> "the writer failed: " + writer.failure);
            assertNull(consumer.failure, () -> "the consumer failed: " + consumer.failure);

            List<Integer> committed = List.copyOf(writer.committedIds);
            assertEquals(IntStream.rangeClosed(1, firstRowOf(TRANSACTIONS + 1) - 1).boxed().toList(), committed,
                    "the writer committed every row once, in id order");
            assertSameList(committed, List.copyOf(consumer.ids), "every committed row arrives exactly once, in commit"
                    + " order");
            assertEquals(INTERRUPTIONS.size(), writer.retried, "the writer retried each failed transaction");
            assertEquals(INTERRUPTIONS.size(), stream.stats().restarts(), () -> stream.stats().toString());

            // Each restart fell exactly where the consumer paused: the rows up to there came before it, the rest after.
            List<Integer> expectedRestarts = committed.stream()
                    .map(id -> (int) INTERRUPTIONS.stream().filter(at -> id > at.lastRowBefore()).count()).toList();
            assertSameList(expectedRestarts, List.copyOf(consumer.restartsAtReceipt),
                    "restarts the stream had had when each row arrived");

            List<String> serverEvents = serverEventsUpTo(start, consumer.sentinelAt);
            assertSameList(serverEvents, List.copyOf(consumer.realEvents),
                    "every event of the binlog files handed out once, as SHOW BINLOG EVENTS lists them");
            // One per file: the first file's as the dump resent it when the stream opened, the later ones as the
            // files hold them; the copy a dump resends when it resumes after a restart is not handed out again.
            assertEquals(serverEvents.stream().map(e -> e.substring(0, e.indexOf(':'))).distinct().toList(),
                    List.copyOf(consumer.formatDescriptions), "one FORMAT_DESCRIPTION per binlog file");
        } finally {
            IntStream.range(0, INTERRUPTIONS.size()).forEach(i -> {
                consumer.release.get(i).countDown();
                writer.sourceStopped.get(i).countDown();
            });
            consumer.source.close();
            writerThread.interrupt();
            consumerThread.join(STEP_TIMEOUT.toMillis());
            writerThread.join(STEP_TIMEOUT.toMillis());
            if (!db.isRunning()) {
                db.start();
            }
        }
    }

    /** Rows of transaction {@code txn}: three for every fifth, one otherwise. */
    private static int rowsOf(int txn) {
        return txn % 5 == 0 ? 3 : 1;
    }

    /** The id of the first row of transaction {@code txn}: ids are numbered from 1 in commit order. */
    private static int firstRowOf(int txn) {
        return 1 + IntStream.range(1, txn).map(LiveEventSourceReconnectIT::rowsOf).sum();
    }

    /** Every event the server lists from {@code start} on, up to and including the one at {@code last}. */
    private static List<String> serverEventsUpTo(BinlogPosition start, String last) throws SQLException {
        List<String> events = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String file : SandboxSources.binaryLogs(s)) {
                if (file.compareTo(start.file()) < 0) {
                    continue;
                }
                try (ResultSet rows = s.executeQuery("SHOW BINLOG EVENTS IN '" + file + "'")) {
                    while (rows.next()) {
                        if (!file.equals(start.file()) || rows.getLong("Pos") >= start.offset()) {
                            String event = file + ":" + rows.getLong("Pos") + "-" + rows.getLong("End_log_pos");
                            events.add(event);
                            if (event.equals(last)) {
                                return events;
                            }
                        }
                    }
                }
            }
        }
        throw new AssertionError("the server lists no event " + last);
    }

    /** Equal lists; on a difference, says where the first one is instead of printing both whole. */
    private static <T> void assertSameList(List<T> expected, List<T> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new AssertionError(what + ": first difference at index " + i + ": expected "
                        + expected.subList(i, Math.min(n, i + 8)) + "... but was "
                        + actual.subList(i, Math.min(actual.size(), i + 8)) + "... (after "
                        + expected.subList(Math.max(0, i - 3), i) + "; sizes " + expected.size() + " and "
                        + actual.size() + ")");
            }
        }
        assertEquals(expected.size(), actual.size(), () -> what + ": same prefix, different lengths; the longer ends "
                + (expected.size() > n ? "expected with " + expected.subList(n, Math.min(expected.size(), n + 8))
                : "actual with " + actual.subList(n, Math.min(actual.size(), n + 8))));
    }

    private static Thread start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static List<CountDownLatch> latches() {
        return INTERRUPTIONS.stream().map(i -> new CountDownLatch(1)).toList();
    }

    private static void await(CountDownLatch latch, String what, Consumer consumer, Writer writer)
            throws InterruptedException {
        assertTrue(latch.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), () -> "within "
                + STEP_TIMEOUT.toSeconds() + " s: " + what + "; the consumer has " + consumer.ids.size() + " rows"
                + (consumer.failure == null ? "" : " and failed: " + consumer.failure) + "; the writer committed "
                + writer.committedIds.size() + " rows" + (writer.failure == null ? "" : " and failed: "
                + writer.failure));
    }

    /** Reads rows through the source, pausing at each interruption, until the sentinel row. */
    private static final class Consumer implements Runnable {
        final LiveEventSource source;
        final List<Integer> ids = new CopyOnWriteArrayList<>();
        /** Per row received: how many restarts the stream had had by then. */
        final List<Integer> restartsAtReceipt = new CopyOnWriteArrayList<>();
        /** Events of the binlog files handed out (not those the dump made up, nor heartbeats): file:start-end. */
        final List<String> realEvents = new CopyOnWriteArrayList<>();
        /** The file of each FORMAT_DESCRIPTION handed out, the one a dump resends on (re)connecting included. */
        final List<String> formatDescriptions = new CopyOnWriteArrayList<>();
        final List<CountDownLatch> paused = latches();
        final List<CountDownLatch> release = latches();
        final CountDownLatch done = new CountDownLatch(1);
        volatile String sentinelAt;
        volatile Throwable failure;
        private int interruption;
        private int transaction;

        Consumer(LiveEventSource source) {
            this.source = source;
        }

        @Override
        public void run() {
            try {
                while (true) {
                    DecodedEvent decoded = source.next();
                    EventHeader header = decoded.event().header();
                    if (header.logPos() != 0 && !header.artificial()
                            && header.typeCode() != EventType.HEARTBEAT.code()) {
                        realEvents.add(decoded.position() + "-" + header.logPos());
                    }
                    if (header.typeCode() == EventType.FORMAT_DESCRIPTION.code()) {
                        formatDescriptions.add(decoded.position().file());
                    }
                    if (decoded.event() instanceof RowsEvent rows && rows.table().schema().equals("r")) {
                        if (rows.table().table().equals("done")) {
                            sentinelAt = decoded.position() + "-" + header.logPos();
                            done.countDown();
                            return;
                        }
                        int txn = Integer.parseInt(rows.rows().get(0).after().text(1));
                        boolean first = txn != transaction;
                        transaction = txn;
                        for (RowsEvent.RowChange change : rows.rows()) {
                            ids.add(Integer.parseInt(change.after().text(0)));
                            restartsAtReceipt.add(source.stream().stats().restarts());
                        }
                        pauseIf(first, false);
                    } else if (decoded.event() instanceof XidEvent) {
                        pauseIf(true, true);
                    }
                }
            } catch (BinlogStreamClosedException e) {
                // closed by the test
            } catch (Throwable t) {
                failure = t;
            }
        }

        private void pauseIf(boolean firstOfTransactionOrCommit, boolean commit) throws InterruptedException {
            if (interruption >= INTERRUPTIONS.size() || !firstOfTransactionOrCommit) {
                return;
            }
            Interruption at = INTERRUPTIONS.get(interruption);
            if (at.transaction() == transaction && at.afterCommit() == commit) {
                paused.get(interruption).countDown();
                if (!release.get(interruption).await(2 * STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the test never released the consumer paused at " + at);
                }
                interruption++;
            }
        }
    }

    /** Commits the numbered transactions; before each interruption's failing one, holds until the source is down. */
    private static final class Writer implements Runnable {
        final List<Integer> committedIds = new CopyOnWriteArrayList<>();
        final List<CountDownLatch> holding = latches();
        final List<CountDownLatch> sourceStopped = latches();
        final List<CountDownLatch> failed = latches();
        volatile int retried;
        volatile Throwable failure;
        private Connection connection;

        @Override
        public void run() {
            try {
                connection = db.connection("r");
                for (int txn = 1; txn <= TRANSACTIONS; txn++) {
                    int interruption = interruptionFailing(txn);
                    if (interruption >= 0) {
                        holding.get(interruption).countDown();
                        if (!sourceStopped.get(interruption).await(2 * STEP_TIMEOUT.toMillis(),
                                TimeUnit.MILLISECONDS)) {
                            throw new AssertionError("the test never stopped the source");
                        }
                    }
                    List<Integer> ids = IntStream.range(firstRowOf(txn), firstRowOf(txn + 1)).boxed().toList();
                    commitWithRetry(txn, ids, interruption);
                    committedIds.addAll(ids);
                }
                commitWithRetry(0, List.of(), -1);
            } catch (Throwable t) {
                failure = t;
            } finally {
                closeQuietly();
            }
        }

        private static int interruptionFailing(int txn) {
            for (int i = 0; i < INTERRUPTIONS.size(); i++) {
                if (INTERRUPTIONS.get(i).failing() == txn) {
                    return i;
                }
            }
            return -1;
        }

        /** Commits; if that fails, reconnects and commits again, unless the failed commit had reached the server. */
        private void commitWithRetry(int txn, List<Integer> ids, int interruption) {
            try {
                commit(txn, ids);
                return;
            } catch (SQLException e) {
                if (interruption < 0) {
                    throw new AssertionError("transaction " + txn + " failed though the source was not stopped", e);
                }
                failed.get(interruption).countDown();
            }
            retried++;
            Duration limit = STEP_TIMEOUT.multipliedBy(2);
            if (!Await.poll(limit, () -> reconnectAndCommit(txn, ids))) {
                throw new AssertionError("transaction " + txn + " could not be committed within " + limit.toSeconds()
                        + " s of its failure");
            }
        }

        private boolean reconnectAndCommit(int txn, List<Integer> ids) {
            closeQuietly();
            try {
                connection = db.connection("r");
                if (txn > 0 && countRowsOf(txn) == ids.size()) {
                    return true; // the failed commit had reached the server after all
                }
                commit(txn, ids);
                return true;
            } catch (SQLException e) {
                return false; // the source is still down
            }
        }

        /** Transaction {@code txn} with its rows; transaction 0 is the sentinel row. */
        private void commit(int txn, List<Integer> ids) throws SQLException {
            connection.setAutoCommit(false);
            if (txn == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO done VALUES (1)")) {
                    insert.executeUpdate();
                }
            } else if (txn % 10 == 5) {
                List<String> tuples = ids.stream().map(id -> "(?, ?, ?)").toList();
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO t VALUES " + String.join(", ", tuples))) {
                    int p = 1;
                    for (int id : ids) {
                        insert.setInt(p++, id);
                        insert.setInt(p++, txn);
                        insert.setString(p++, "row " + id + " of transaction " + txn);
                    }
                    insert.executeUpdate();
                }
            } else {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                    for (int id : ids) {
                        insert.setInt(1, id);
                        insert.setInt(2, txn);
                        insert.setString(3, "row " + id + " of transaction " + txn);
                        insert.executeUpdate();
                    }
                }
            }
            connection.commit();
        }

        private int countRowsOf(int txn) throws SQLException {
            try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM t WHERE txn = ?")) {
                count.setInt(1, txn);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        }

        private void closeQuietly() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // already broken
                }
                connection = null;
            }
        }
    }
}
