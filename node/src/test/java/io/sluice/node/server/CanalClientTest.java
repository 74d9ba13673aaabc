package io.sluice.node.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alibaba.otter.canal.client.CanalConnector;
import com.alibaba.otter.canal.client.CanalConnectors;
import com.alibaba.otter.canal.client.impl.SimpleCanalConnector;
import com.alibaba.otter.canal.protocol.ClientIdentity;
import com.alibaba.otter.canal.protocol.Message;
import com.alibaba.otter.canal.protocol.exception.CanalClientException;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;

import io.sluice.node.metrics.MetricNames;
import io.sluice.testkit.Await;

/** canal's own client (canal.client 1.1.8) against a real server on a real socket. */
class CanalClientTest {
    @TempDir
    Path dir;

    private TestDestination destination;
    private ClientServer server;
    private final MetricRegistry serverMetrics = new MetricRegistry();
    private final List<CanalConnector> connectors = new ArrayList<>();
    /** Every entry appended, in order. */
    private final List<byte[]> appended = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        destination = new TestDestination("example", dir.resolve("log"));
    }

    private void startServer(ClientServerConfig.Builder config) throws Exception {
        server = new ClientServer(config.host("127.0.0.1").port(0).build(),
                name -> name.equals("example") ? Optional.of(destination) : Optional.empty(), serverMetrics);
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (CanalConnector connector : connectors) {
            try {
                connector.disconnect();
            } catch (CanalClientException ignored) {
                // already broken by the test
            }
        }
        if (server != null) {
            server.close();
        }
        destination.close();
    }

    private SimpleCanalConnector connector(String user, String password) {
        SimpleCanalConnector connector = (SimpleCanalConnector) CanalConnectors.newSingleConnector(
                new InetSocketAddress("127.0.0.1", server.port()), "example", user, password);
        connector.setLazyParseEntry(true);
        connector.setSoTimeout(20_000);
        connectors.add(connector);
        return connector;
    }

    private SimpleCanalConnector connector(short clientId) throws Exception {
        SimpleCanalConnector connector = connector("", "");
        Field identity = SimpleCanalConnector.class.getDeclaredField("clientIdentity");
        identity.setAccessible(true);
        identity.set(connector, new ClientIdentity("example", clientId));
        return connector;
    }

    private void append(List<byte[]> transaction) throws Exception {
        destination.appendTransaction(transaction);
        appended.addAll(transaction);
    }

    private static List<byte[]> raw(Message message) {
        List<byte[]> bytes = new ArrayList<>();
        for (ByteString entry : message.getRawEntries()) {
            bytes.add(entry.toByteArray());
        }
        return bytes;
    }

    private static void assertSameEntries(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "entry count");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "entry " + i);
        }
    }

    @Test
    void getDeliversStoredEntriesByteIdenticalAndInOrderAndAckMovesTheCursor() throws Exception {
        startServer(ClientServerConfig.builder());
        append(TestEntries.transaction(100, "shop", "orders", "a", "b"));
        append(TestEntries.transaction(200, "crm", "customer", "c"));
        SimpleCanalConnector client = connector("any", "thing");
        client.connect();
        client.subscribe();

        Message message = client.get(100);
        assertTrue(message.getId() > 0, "batch id " + message.getId());
        assertSameEntries(appended, raw(message));
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> Long.valueOf(7).equals(destination.cursor("1001"))),
                "get acknowledges: cursor after the last record, got " + destination.cursor("1001"));

        Message empty = client.getWithoutAck(100);
        assertEquals(-1, empty.getId(), "nothing more: canal's empty batch");
        assertTrue(empty.getRawEntries().isEmpty());
    }

    @Test
    void batchesEndAtTransactionBoundariesAndAckInOrder() throws Exception {
        startServer(ClientServerConfig.builder());
        append(TestEntries.transaction(100, "shop", "orders", "a"));      // 3 entries
        append(TestEntries.transaction(200, "shop", "orders", "b", "c")); // 4 entries
        SimpleCanalConnector client = connector("", "");
        client.connect();
        client.subscribe();

        Message first = client.getWithoutAck(5);
        assertSameEntries(appended.subList(0, 3), raw(first));
        Message second = client.getWithoutAck(5);
        assertSameEntries(appended.subList(3, 7), raw(second));
        assertNotEquals(first.getId(), second.getId());
        client.ack(first.getId());
        client.ack(second.getId());
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> Long.valueOf(7).equals(destination.cursor("1001"))));
        assertEquals(List.of("1001@2", "1001@6"), destination.acknowledgements);
    }

    @Test
    void rollbackOfOneBatchAndOfAllRedeliversInOrder() throws Exception {
        startServer(ClientServerConfig.builder());
        append(TestEntries.transaction(100, "shop", "orders", "a"));
        append(TestEntries.transaction(200, "shop", "orders", "b"));
        append(TestEntries.transaction(300, "shop", "orders", "c"));
        SimpleCanalConnector client = connector("", "");
        client.connect();
        client.subscribe();

        Message one = client.getWithoutAck(3);
        Message two = client.getWithoutAck(3);
        client.rollback(two.getId());
        Message twoAgain = client.getWithoutAck(3);
        assertSameEntries(raw(two), raw(twoAgain));
        assertNotEquals(two.getId(), twoAgain.getId(), "a redelivered batch gets a new id");

        client.rollback();
        Message oneAgain = client.getWithoutAck(3);
        assertSameEntries(raw(one), raw(oneAgain));
        client.ack(oneAgain.getId());
        Message rest = client.getWithoutAck(100);
        assertSameEntries(appended.subList(3, 9), raw(rest));
        client.ack(rest.getId());
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> Long.valueOf(9).equals(destination.cursor("1001"))));
    }

    @Test
    void reconnectResumesAfterTheAcknowledgedCursorWithTheUnackedBatchAgain() throws Exception {
        startServer(ClientServerConfig.builder());
        append(TestEntries.transaction(100, "shop", "orders", "a"));
        append(TestEntries.transaction(200, "shop", "orders", "b"));
        SimpleCanalConnector client = connector("", "");
        client.connect();
        client.subscribe();
        Message acked = client.getWithoutAck(3);
        client.ack(acked.getId());
        Message unacked = client.getWithoutAck(3);
        client.disconnect();
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> server.openConnections() == 0), "connection closed");

        SimpleCanalConnector again = connector("", "");
        again.connect();
        again.subscribe();
        Message redelivered = again.getWithoutAck(100);
        assertSameEntries(raw(unacked), raw(redelivered));
        assertEquals(-1, again.getWithoutAck(100).getId());
    }

    @Test
    void subscribeFilterNarrowsPerClientAndPositionsAreIndependent() throws Exception {
        startServer(ClientServerConfig.builder());
        append(TestEntries.transaction(100, "shop", "orders", "a"));
        append(TestEntries.transaction(200, "crm", "customer", "b"));
        SimpleCanalConnector shop = connector((short) 1001);
        SimpleCanalConnector crm = connector((short) 1002);
        shop.connect();
        shop.subscribe("shop\\..*");
        crm.connect();
        crm.subscribe("crm\\.customer");

        Message shopBatch = shop.getWithoutAck(100);
        // begin, insert, end of shop; begin and end (no rows) of crm, as canal keeps transaction entries
        assertSameEntries(List.of(appended.get(0), appended.get(1), appended.get(2), appended.get(3),
                appended.get(5)), raw(shopBatch));
        shop.ack(shopBatch.getId());

        Message crmFirst = crm.getWithoutAck(2);
        assertSameEntries(List.of(appended.get(0), appended.get(2)), raw(crmFirst));
        Message crmSecond = crm.getWithoutAck(100);
        assertSameEntries(appended.subList(3, 6), raw(crmSecond));
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> Long.valueOf(6).equals(destination.cursor("1001"))));
        assertEquals(null, destination.cursor("1002"), "client 1002 acknowledged nothing");
        crm.ack(crmFirst.getId());
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> Long.valueOf(3).equals(destination.cursor("1002"))));
    }

    @Test
    void usersConfiguredAcceptTheRightPasswordAndRefuseAWrongOne() throws Exception {
        startServer(ClientServerConfig.builder().user("canal", "s3cret"));
        append(TestEntries.transaction(100, "shop", "orders", "a"));
        SimpleCanalConnector good = connector("canal", "s3cret");
        good.connect();
        good.subscribe();
        assertSameEntries(appended, raw(good.get(10)));

        SimpleCanalConnector bad = connector("canal", "wrong");
        CanalClientException refused = assertThrows(CanalClientException.class, bad::connect);
        assertTrue(String.valueOf(messages(refused)).contains("auth failed for user:canal"), messages(refused));
        SimpleCanalConnector stranger = connector("other", "s3cret");
        assertThrows(CanalClientException.class, stranger::connect);
        assertTrue(Await.poll(Duration.ofSeconds(5),
                () -> counter(MetricNames.CONNECTIONS_REJECTED) >= 2), "rejections counted");
    }

    @Test
    void unknownDestinationAndGetBeforeSubscribeAreRefusedWithCanalErrors() throws Exception {
        startServer(ClientServerConfig.builder());
        SimpleCanalConnector client = (SimpleCanalConnector) CanalConnectors.newSingleConnector(
                new InetSocketAddress("127.0.0.1", server.port()), "nowhere", "", "");
        connectors.add(client);
        client.connect();
        CanalClientException unknown = assertThrows(CanalClientException.class, client::subscribe);
        assertTrue(messages(unknown).contains("destination:nowhere is not served by this node"), messages(unknown));

        SimpleCanalConnector early = connector("", "");
        early.connect();
        CanalClientException notSubscribed = assertThrows(CanalClientException.class, () -> early.getWithoutAck(1));
        assertTrue(messages(notSubscribed).contains("should subscribe first"), messages(notSubscribed));
        early.subscribe();
        assertEquals(-1, early.getWithoutAck(1).getId(), "the connection still works");
    }

    @Test
    void ackOfAnUnknownBatchIsACanalErrorAndAckOutOfOrderIsRefused() throws Exception {
        startServer(ClientServerConfig.builder());
        append(TestEntries.transaction(100, "shop", "orders", "a"));
        append(TestEntries.transaction(200, "shop", "orders", "b"));
        SimpleCanalConnector client = connector("", "");
        client.connect();
        client.subscribe();
        client.getWithoutAck(3);
        Message second = client.getWithoutAck(3);
        client.ack(second.getId());
        CanalClientException error = assertThrows(CanalClientException.class, () -> client.getWithoutAck(3));
        assertTrue(messages(error).contains("is not the firstly"), messages(error));
        assertTrue(destination.acknowledgements.isEmpty(), "nothing acknowledged");

        SimpleCanalConnector again = connector("", "");
        again.connect();
        again.subscribe();
        Message redelivered = again.getWithoutAck(100);
        assertSameEntries(appended, raw(redelivered));
        again.ack(BatchIds.of(1, 12345));
        CanalClientException unknown = assertThrows(CanalClientException.class, () -> again.getWithoutAck(3));
        assertTrue(messages(unknown).contains("batchId:" + BatchIds.of(1, 12345) + " is not exist"),
                messages(unknown));
    }

    @Test
    void ackOfABatchFromAnotherTermIsRefusedNamingBothTerms() throws Exception {
        startServer(ClientServerConfig.builder());
        append(TestEntries.transaction(100, "shop", "orders", "a"));
        SimpleCanalConnector client = connector("", "");
        client.connect();
        client.subscribe();
        Message batch = client.getWithoutAck(10);
        destination.epoch = 2;
        client.ack(batch.getId());
        CanalClientException error = assertThrows(CanalClientException.class, () -> client.getWithoutAck(3));
        assertTrue(messages(error).contains("was handed out by leader term 1; this node's term is 2; roll back and "
                + "get again"), messages(error));
        assertTrue(destination.acknowledgements.isEmpty());
    }

    @Test
    void tailingGetWithTimeoutWakesWhenRecordsAreAppended() throws Exception {
        startServer(ClientServerConfig.builder());
        SimpleCanalConnector client = connector("", "");
        client.connect();
        client.subscribe();
        List<byte[]> transaction = TestEntries.transaction(100, "shop", "orders", "a");
        Thread appender = new Thread(() -> {
            try {
                // Appended while the get waits; the get asks for exactly this many entries.
                Await.poll(Duration.ofSeconds(5), () -> server.openConnections() == 1);
                Thread.sleep(200);
                destination.appendTransaction(transaction);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long started = System.nanoTime();
        appender.start();
        Message message = client.getWithoutAck(3, 15L, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        appender.join();
        assertSameEntries(transaction, raw(message));
        assertTrue(tookMillis < 5_000, "woke after " + tookMillis + " ms, not at the 15 s timeout");

        long before = System.nanoTime();
        Message timedOut = client.getWithoutAck(3, 300L, TimeUnit.MILLISECONDS);
        assertEquals(-1, timedOut.getId());
        assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(250), "waited for the timeout");
    }

    @Test
    void clientMetricsAreRegisteredWhileConnectedAndRemovedAfter() throws Exception {
        startServer(ClientServerConfig.builder());
        append(TestEntries.transaction(100, "shop", "orders", "a"));
        SimpleCanalConnector client = connector("", "");
        client.connect();
        client.subscribe();
        String lag = MetricNames.client("example", "1001", MetricNames.LAG_ENTRIES);
        String outstanding = MetricNames.client("example", "1001", MetricNames.OUTSTANDING_BATCHES);
        assertEquals(3L, gauge(lag));
        Message batch = client.getWithoutAck(10);
        assertEquals(1, gauge(outstanding));
        client.ack(batch.getId());
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> Long.valueOf(0).equals(gauge(lag))));
        assertEquals(1, destination.metrics().timer(MetricNames.client("example", "1001",
                MetricNames.GET_LATENCY)).getCount());
        client.disconnect();
        assertTrue(Await.poll(Duration.ofSeconds(5), () -> !destination.metrics().getGauges().containsKey(lag)),
                "metrics removed with the last connection");
    }

    private Object gauge(String name) {
        Gauge<?> gauge = destination.metrics().getGauges().get(name);
        return gauge == null ? null : gauge.getValue();
    }

    private long counter(String metric) {
        return serverMetrics.counter(MetricNames.server(metric)).getCount();
    }

    private static String messages(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append(" | ");
        }
        return text.toString();
    }
}
