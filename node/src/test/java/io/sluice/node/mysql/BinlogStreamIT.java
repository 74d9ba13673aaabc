package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.EventType;
import io.sluice.testkit.Await;
import io.sluice.testkit.MariaDbSandbox;

/** The stream's promises against a real MariaDB: bounded read-ahead, resumption after loss, prompt close. */
class BinlogStreamIT {
    private static final Backoff FAST_BACKOFF = new ExponentialBackoff(Duration.ofMillis(20), Duration.ofMillis(500), 2);
    private static MariaDbSandbox db;
    private final List<BinlogStream> streams = new ArrayList<>();

    @BeforeAll
    static void startDb() {
        db = MariaDbSandbox.launch();
        db.execute("CREATE DATABASE shop", "CREATE TABLE shop.t (id INT PRIMARY KEY, v TEXT)",
                "CREATE USER 'shortlived'@'%' IDENTIFIED BY 'first-pw'",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'shortlived'@'%'");
    }

    @AfterAll
    static void stopDb() {
        db.close();
    }

    @AfterEach
    void closeStreams() {
        streams.forEach(BinlogStream::close);
    }

    private BinlogStream open(MysqlConnectionConfig connection, long queueBytes, long serverId) throws IOException {
        ReplicaSettings replica = ReplicaSettings.defaults(serverId)
                .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(5)).withAnnotateRows(true);
        BinlogStream stream = BinlogStream.open(new BinlogStreamConfig(connection, replica, queueBytes, FAST_BACKOFF),
                StartPosition.latest());
        streams.add(stream);
        return stream;
    }

    private static long currentSequence() {
        return SandboxSupport.sequenceOf(db.binlogStatus().gtidBinlogPos());
    }

    private static int nextId = 1;

    private static void insertRows(int count, int bytesEach) {
        String[] statements = new String[count];
        for (int i = 0; i < count; i++) {
            statements[i] = "INSERT INTO shop.t VALUES (" + nextId++ + ", REPEAT('x', " + bytesEach + "))";
        }
        db.execute(statements);
    }

    private static void awaitCommitted(TransactionConsumer consumer, long sequence) {
        assertTrue(Await.poll(TransactionConsumer.timeout(), () -> consumer.failure != null
                        || consumer.committedSequences().contains(sequence)),
                "consumer committed up to " + sequence + "; it has " + consumer.committedSequences());
        assertNull(consumer.failure, () -> "consumer failed: " + consumer.failure);
    }

    private static List<Long> range(long firstInclusive, long lastInclusive) {
        return LongStream.rangeClosed(firstInclusive, lastInclusive).boxed().toList();
    }

    /**
     * The source goes down while the consumer holds half of a transaction. After the restart the stream resumes at the
     * consumer's last complete transaction: every transaction is committed once, and the events kept are exactly the
     * server's own list of events from the start position on.
     */
    @Test
    void resumesAtTheLastCompleteTransactionAfterTheSourceRestarts() throws Exception {
        BinlogStream stream = open(SandboxSupport.repl(db), BinlogStreamConfig.DEFAULT_QUEUE_CAPACITY, 2001);
        BinlogPosition start = ((ResumePoint.AtFile) stream.startPoint()).position();
        long base = currentSequence();
        TransactionConsumer consumer = new TransactionConsumer(stream, TransactionConsumer.Resume.FILE);
        consumer.pauseAt(base + 5);
        Thread consumerThread = consumer.start();

        insertRows(5, 100);
        assertTrue(consumer.paused.await(20, TimeUnit.SECONDS), "consumer holds the GTID event of transaction 5");
        assertEquals(range(base + 1, base + 4), consumer.committedSequences());

        db.stop();
        assertTrue(Await.poll(Duration.ofSeconds(20),
                        () -> stream.stats().state() == BinlogStream.ReaderState.WAITING_FOR_CONSUMER),
                "the reader noticed the loss and waits for the consumer: " + stream.stats());
        consumer.resumeAfterPause.countDown();
        assertTrue(Await.poll(Duration.ofSeconds(20), () -> stream.stats().failedReconnects() >= 2),
                "with the source down, reconnect attempts fail and back off: " + stream.stats());
        db.start();
        insertRows(3, 100);

        awaitCommitted(consumer, base + 8);
        assertEquals(range(base + 1, base + 8), consumer.committedSequences(), "each transaction once, in order");
        assertEquals(1, consumer.restartsSeen);
        assertEquals(1, consumer.discardedTransactions, "the half-delivered transaction 5 was dropped, then resent");
        assertEquals(1, stream.stats().restarts());

        List<String> expected = new ArrayList<>();
        for (String file : SandboxSupport.binlogFiles(db)) {
            if (new BinlogPosition(file, 4).compareTo(new BinlogPosition(start.file(), 4)) < 0) {
                continue;
            }
            for (SandboxSupport.OracleEvent e : SandboxSupport.showBinlogEvents(db, file)) {
                if (!file.equals(start.file()) || e.pos() >= start.offset()) {
                    expected.add(file + ":" + e.pos() + "-" + e.end());
                }
            }
        }
        assertTrue(Await.poll(Duration.ofSeconds(10), () -> consumer.placedEvents().size() >= expected.size()),
                "consumer got every event: " + consumer.placedEvents().size() + " of " + expected.size());
        assertEquals(expected, consumer.placedEvents(), "no event lost or repeated, by position");

        stream.close();
        consumerThread.join(5_000);
    }

    /** A killed dump connection is resumed from a MariaDB GTID position as the resume point. */
    @Test
    void resumesFromAMariaDbGtidPositionAfterTheConnectionIsKilled() throws Exception {
        BinlogStream stream = open(SandboxSupport.repl(db), BinlogStreamConfig.DEFAULT_QUEUE_CAPACITY, 2002);
        long base = currentSequence();
        TransactionConsumer consumer = new TransactionConsumer(stream, TransactionConsumer.Resume.MARIADB_GTID);
        consumer.start();
        insertRows(3, 100);
        awaitCommitted(consumer, base + 3);

        killDumpThreads(db.replUser());
        assertTrue(Await.poll(Duration.ofSeconds(20), () -> stream.stats().restarts() == 1), stream.stats().toString());
        insertRows(2, 100);
        awaitCommitted(consumer, base + 5);
        assertEquals(range(base + 1, base + 5), consumer.committedSequences());
        assertTrue(stream.resumePoint() instanceof ResumePoint.AtMariaDbGtids, stream.resumePoint().toString());
        assertEquals(1, consumer.restartsSeen);
    }

    /** A slow consumer: the reader stops at the queue's bound instead of buffering the whole binlog. */
    @Test
    void aSlowConsumerHoldsTheReaderAtTheQueueBound() throws Exception {
        long capacity = BinlogStreamConfig.MIN_QUEUE_CAPACITY;
        BinlogStream stream = open(SandboxSupport.repl(db), capacity, 2003);
        long base = currentSequence();
        int transactions = 200;
        insertRows(transactions, 2000); // about 450 KB of events, seven times the bound

        assertTrue(Await.poll(Duration.ofSeconds(20), () -> stream.stats().readerWaitingForRoom()),
                "the reader waits for room: " + stream.stats());
        BinlogStream.Stats stalled = stream.stats();
        assertTrue(stalled.queuedBytes() <= capacity, stalled.toString());
        assertTrue(stalled.blockedPuts() >= 1, stalled.toString());

        List<Long> sequences = new ArrayList<>();
        long maxQueued = 0;
        while (sequences.size() < transactions) {
            StreamItem item = stream.poll(Duration.ofSeconds(10));
            assertInstanceOf(RawBinlogEvent.class, item, "events keep coming while the consumer drains");
            RawBinlogEvent event = (RawBinlogEvent) item;
            if (SandboxSupport.isMariaDbGtid(event)) {
                sequences.add(SandboxSupport.gtidOf(event).sequence());
            }
            maxQueued = Math.max(maxQueued, stream.stats().queuedBytes());
        }
        assertEquals(range(base + 1, base + transactions), sequences, "nothing lost while the reader waited");
        assertTrue(maxQueued <= capacity, "queued " + maxQueued + " of " + capacity);
        assertTrue(stream.stats().peakQueuedBytes() <= capacity, stream.stats().toString());
    }

    @Test
    void closeStopsAnIdleReaderAndABlockedOnePromptly() throws Exception {
        BinlogStream idle = open(SandboxSupport.repl(db), BinlogStreamConfig.DEFAULT_QUEUE_CAPACITY, 2004);
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> idle.stats().state() == BinlogStream.ReaderState.STREAMING));
        assertClosesWithin(idle, Duration.ofSeconds(2));
        assertThrows(BinlogStreamClosedException.class, idle::take);

        BinlogStream blocked = open(SandboxSupport.repl(db), BinlogStreamConfig.MIN_QUEUE_CAPACITY, 2005);
        insertRows(100, 2000);
        assertTrue(Await.poll(Duration.ofSeconds(20), () -> blocked.stats().readerWaitingForRoom()));
        assertClosesWithin(blocked, Duration.ofSeconds(2));
        assertEquals(BinlogStream.ReaderState.CLOSED, blocked.stats().state());
        assertTrue(Await.poll(Duration.ofSeconds(10), () -> dumpThreadIds(db.replUser()).isEmpty()),
                "the source sees no dump connection left");
    }

    /** Losing the connection is retried; credentials that stopped working are not, and end the stream. */
    @Test
    void aFailureReconnectingCannotCureEndsTheStream() throws Exception {
        BinlogStream stream = open(SandboxSupport.builder(db, "shortlived", "first-pw").build(),
                BinlogStreamConfig.DEFAULT_QUEUE_CAPACITY, 2006);
        db.execute("ALTER USER 'shortlived'@'%' IDENTIFIED BY 'second-pw'");
        killDumpThreads("shortlived");

        List<StreamItem> items = new ArrayList<>();
        BinlogStreamException end = assertThrows(BinlogStreamException.class, () -> {
            while (true) {
                StreamItem item = stream.poll(Duration.ofSeconds(20));
                assertTrue(item != null, "the stream ends within 20 s; got " + items.size() + " items");
                items.add(item);
            }
        });
        assertTrue(items.stream().anyMatch(i -> i instanceof StreamItem.Restart), "the kill caused a restart");
        MysqlServerException cause = assertInstanceOf(MysqlServerException.class, end.getCause());
        assertEquals(1045, cause.code());
        assertTrue(end.getMessage().contains("authentication of user 'shortlived'"), end.getMessage());
        assertEquals(BinlogStream.ReaderState.FAILED, stream.stats().state());
        assertThrows(BinlogStreamException.class, stream::take, "and stays failed");
    }

    /** An idle source sends heartbeats, so a read timeout shorter than the idle time does not break the stream. */
    @Test
    void heartbeatsKeepAnIdleStreamAlivePastTheReadTimeout() throws Exception {
        ReplicaSettings replica = ReplicaSettings.defaults(2007)
                .withHeartbeat(Duration.ofSeconds(1), Duration.ofMillis(2500));
        BinlogStream stream = BinlogStream.open(new BinlogStreamConfig(SandboxSupport.repl(db), replica,
                BinlogStreamConfig.DEFAULT_QUEUE_CAPACITY, FAST_BACKOFF), StartPosition.latest());
        streams.add(stream);
        int heartbeats = 0;
        long started = System.nanoTime();
        while (heartbeats < 4) {
            StreamItem item = stream.poll(Duration.ofSeconds(5));
            assertInstanceOf(RawBinlogEvent.class, item, "an event (a heartbeat) within 5 s");
            if (((RawBinlogEvent) item).typeCode() == EventType.HEARTBEAT.code()) {
                heartbeats++;
            }
        }
        long idleMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(idleMillis > 2500, "idle longer than the read timeout: " + idleMillis + " ms");
        assertEquals(0, stream.stats().restarts(), stream.stats().toString());
    }

    private static void assertClosesWithin(BinlogStream stream, Duration limit) {
        long started = System.nanoTime();
        stream.close();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < limit.toMillis(), "close() took " + tookMillis + " ms");
    }

    private static List<Long> dumpThreadIds(String user) {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                     + " WHERE COMMAND = 'Binlog Dump' AND USER = '" + user + "'")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static void killDumpThreads(String user) {
        List<Long> ids = dumpThreadIds(user);
        assertTrue(!ids.isEmpty(), "a dump thread of " + user + " is running");
        for (long id : ids) {
            db.execute("KILL " + id);
        }
    }
}
