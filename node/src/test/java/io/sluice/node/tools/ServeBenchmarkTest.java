package io.sluice.node.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.node.server.ClientServer;
import io.sluice.node.server.ClientServerConfig;
import io.sluice.node.store.DurabilityPolicy;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.EventLogConfig;
import io.sluice.node.store.StoreRecord;

/** The benchmark client and destination against the real server: every stored record arrives once, in order. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServeBenchmarkTest {
    private static final int RECORDS = 3_000;

    @TempDir
    Path dir;

    private EventLog log;
    private ServeDestination destination;
    private ClientServer server;
    /** Every stored payload, in sequence order. */
    private final List<ByteString> stored = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        log = EventLog.open(dir.resolve("log"), EventLogConfig.defaults().withDurability(DurabilityPolicy.os()));
        new ServeEntries(7).fill(log, RECORDS);
        EventLog.LogReader reader = log.reader(0);
        for (int i = 0; i < RECORDS; i++) {
            StoreRecord record = reader.next(0, TimeUnit.SECONDS);
            stored.add(ByteString.copyFrom(record.payload()));
        }
        destination = new ServeDestination(ServeBenchmark.DESTINATION, log);
        server = new ClientServer(ClientServerConfig.builder().host("127.0.0.1").port(0).build(),
                name -> name.equals(ServeBenchmark.DESTINATION) ? Optional.of(destination) : Optional.empty(),
                new MetricRegistry());
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
        log.close();
    }

    @Test
    void filledLogHoldsWholeTransactionsOfCanalEntries() throws Exception {
        assertEquals(RECORDS, log.nextSequence());
        EventLog.LogReader reader = log.reader(0);
        boolean inTransaction = false;
        for (int i = 0; i < RECORDS; i++) {
            StoreRecord record = reader.next(0, TimeUnit.SECONDS);
            EntryType type = Entry.parseFrom(record.payload()).getEntryType();
            assertEquals(!inTransaction, record.beginsTransaction(), "record " + i);
            if (record.beginsTransaction() && !record.endsTransaction()) {
                assertEquals(EntryType.TRANSACTIONBEGIN, type, "record " + i);
            }
            if (record.endsTransaction() && !record.beginsTransaction()) {
                assertEquals(EntryType.TRANSACTIONEND, type, "record " + i);
            }
            inTransaction = !record.endsTransaction();
        }
        assertTrue(!inTransaction, "the last record ends a transaction");
    }

    @Test
    void everyRecordArrivesOnceInOrderForEachClient() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<ByteString>>> clients = new ArrayList<>();
            for (String id : List.of("1", "2")) {
                clients.add(pool.submit(() -> {
                    List<ByteString> received = new ArrayList<>();
                    // A fetch size that does not divide the log: batches are cut at transaction ends.
                    ServeBenchmark.readEntries(server.port(), id, "", RECORDS, 97, received::add);
                    return received;
                }));
            }
            for (Future<List<ByteString>> client : clients) {
                List<ByteString> received = client.get(20, TimeUnit.SECONDS);
                assertEquals(RECORDS, received.size());
                for (int i = 0; i < RECORDS; i++) {
                    assertEquals(stored.get(i), received.get(i), "entry " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acknowledgedClientGetsNothingMoreAndItsCursorMoves() throws Exception {
        ServeClient.Timings timings = ServeBenchmark.readEntries(server.port(), "3", "", RECORDS, 1000, entry -> { });
        assertTrue(timings.gets >= RECORDS / 1000, "gets: " + timings.gets);
        try (ServeClient again = new ServeClient("127.0.0.1", server.port())) {
            again.login("bench");
            again.subscribe(ServeBenchmark.DESTINATION, "3", "");
            assertEquals(-1, again.get(1000, -1).id(), "everything was acknowledged");
        }
        try (ServeClient client = new ServeClient("127.0.0.1", server.port())) {
            client.login("bench");
            client.subscribe(ServeBenchmark.DESTINATION, "4", "");
            ServeClient.Batch first = client.get(10, -1);
            assertTrue(first.id() > 0 && !first.entries().isEmpty(), "a new client starts at the first record");
            assertEquals(stored.get(0), first.entries().get(0));
            client.ack(first.id());
            // Requests are answered in order: once this get is answered, the ack before it was applied.
            client.get(1, -1);
        }
        assertTrue(destination.cursor("4") > 0, "cursor of client 4: " + destination.cursor("4"));
    }
}
