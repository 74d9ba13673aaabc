package io.sluice.coordinator.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import io.sluice.common.position.BinlogPosition;
import io.sluice.coordinator.ZkPaths;
import io.sluice.testkit.ZooKeeperServer;

class ZkSchemaHistoryStoreIT {

    private static final ZkPaths PATHS = ZkPaths.under("/sluice-it");
    private static final AtomicInteger DESTINATIONS = new AtomicInteger();

    private static ZooKeeperServer server;
    private static CuratorFramework client;

    private String dest;
    private ZkSchemaHistoryStore store;

    @BeforeAll
    static void startServer() {
        server = ZooKeeperServer.start();
        client = server.newClient();
    }

    @AfterAll
    static void stopServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newDestination(TestInfo test) {
        dest = test.getTestMethod().orElseThrow().getName() + "-" + DESTINATIONS.incrementAndGet();
        store = new ZkSchemaHistoryStore(client, PATHS, dest, SchemaHistoryOptions.defaults());
    }

    @Test
    void appendsInOrderAcrossBuckets() throws Exception {
        SchemaHistoryWriter writer = store.claim(1);
        List<DdlRecord> appended = new ArrayList<>();
        for (int i = 1; i <= 1003; i++) {
            DdlRecord record = writer.append(point(i), "shop", "ALTER TABLE t" + i + " ADD COLUMN c INT",
                    i % 2 == 0 ? new byte[] {(byte) i} : null);
            assertEquals(i, record.sequence());
            appended.add(record);
        }
        assertEquals(appended, store.ddlAfter(0));
        assertEquals(appended.subList(998, 1003), store.ddlAfter(998));
        assertEquals(List.of(), store.ddlAfter(1003));
        assertEquals(new HistoryHead(1, 1003), store.head());
        assertEquals(2, childCount(PATHS.ddlRoot(dest)), "1003 records take two buckets of 1000");
    }

    @Test
    void ddlSurvivesAServerRestartAndANewSession() throws Exception {
        SchemaHistoryWriter writer = store.claim(1);
        writer.append(point(1), "shop", "CREATE TABLE a (id INT)", null);
        writer.append(point(2), "shop", "CREATE TABLE b (id INT)", "x".getBytes(StandardCharsets.UTF_8));
        List<DdlRecord> before = store.ddlAfter(0);

        server.restart();
        try (CuratorFramework fresh = server.newClient()) {
            ZkSchemaHistoryStore again = new ZkSchemaHistoryStore(fresh, PATHS, dest, SchemaHistoryOptions.defaults());
            assertEquals(before, again.ddlAfter(0));
            SchemaHistoryWriter next = again.claim(2);
            assertEquals(2, next.lastSequence());
            assertEquals(3, next.append(point(3), "shop", "DROP TABLE a", null).sequence());
            assertEquals(3, again.ddlAfter(0).size());
        }
        // The shared client reconnected after the restart; its old writer is fenced by the new claim.
        assertThrows(NotLeaderException.class, () -> writer.append(point(4), "shop", "DROP TABLE b", null));
        assertEquals(3, store.ddlAfter(0).size());
    }

    @Test
    void threeMegabyteSnapshotIsChunkedAndReadBackByteIdentical() throws Exception {
        SchemaHistoryWriter writer = store.claim(1);
        writer.append(point(1), "shop", "CREATE TABLE a (id INT)", null);
        byte[] payload = randomIsh(3 * 1024 * 1024, 11);
        SchemaSnapshot snapshot = new SchemaSnapshot(1, point(1), payload);

        String id = writer.writeSnapshot(snapshot);

        List<String> children = client.getChildren().forPath(PATHS.snapshot(dest, id));
        assertTrue(children.contains("meta"), children.toString());
        int chunks = children.size() - 1;
        assertTrue(chunks >= 2, "expected several chunks, got " + children);
        for (int i = 0; i < chunks; i++) {
            byte[] chunk = client.getData().forPath(PATHS.snapshotChunk(dest, id, i));
            assertTrue(chunk.length <= SchemaHistoryOptions.DEFAULT_CHUNK_SIZE_BYTES,
                    "chunk " + i + " has " + chunk.length + " bytes");
        }
        SnapshotLookup lookup = store.latestSnapshotAtOrBefore(1);
        assertEquals(id, lookup.id());
        assertArrayEquals(payload, lookup.snapshot().orElseThrow().payload());
        assertEquals(snapshot, lookup.snapshot().orElseThrow());
        assertTrue(lookup.skipped().isEmpty());
        assertTrue(store.latestSnapshotAtOrBefore(0).snapshot().isEmpty());
    }

    @Test
    void halfWrittenOrCorruptSnapshotsFallBackToTheLastCompleteOne() throws Exception {
        ZkSchemaHistoryStore small = new ZkSchemaHistoryStore(client, PATHS, dest,
                SchemaHistoryOptions.defaults().withChunkSizeBytes(4096));
        SchemaHistoryWriter writer = small.claim(1);
        for (int i = 1; i <= 3; i++) {
            writer.append(point(i), "shop", "CREATE TABLE t" + i + " (id INT)", null);
        }
        byte[] good = randomIsh(50_000, 1);
        String goodId = writer.writeSnapshot(new SchemaSnapshot(1, point(1), good));

        // A snapshot whose writer stopped after its chunks: no meta.
        String half = client.create().withMode(org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL)
                .forPath(PATHS.snapshotPrefix(dest, 2, 1));
        String halfId = half.substring(half.lastIndexOf('/') + 1);
        client.create().forPath(PATHS.snapshotChunk(dest, halfId, 0), new byte[] {1, 2, 3});

        // A complete snapshot whose second chunk was damaged afterwards.
        String badId = writer.writeSnapshot(new SchemaSnapshot(3, point(3), randomIsh(50_000, 2)));
        String damaged = PATHS.snapshotChunk(dest, badId, 1);
        byte[] chunk = client.getData().forPath(damaged);
        chunk[new Random(5).nextInt(chunk.length)] ^= 0x40;
        client.setData().forPath(damaged, chunk);

        SnapshotLookup lookup = small.latestSnapshotAtOrBefore(3);
        assertEquals(goodId, lookup.id());
        assertArrayEquals(good, lookup.snapshot().orElseThrow().payload());
        assertEquals(2, lookup.skipped().size(), lookup.skipped().toString());
        assertTrue(lookup.skipped().get(0).reason().contains("CRC32 mismatch in chunk " + damaged),
                lookup.skipped().get(0).reason());
        assertTrue(lookup.skipped().get(1).reason().contains("no meta node"), lookup.skipped().get(1).reason());
        assertEquals(PATHS.snapshot(dest, halfId), lookup.skipped().get(1).path());
    }

    @Test
    void staleLeaderIsRefusedAndWritesNothing() {
        SchemaHistoryWriter old = store.claim(1);
        old.append(point(1), "shop", "CREATE TABLE a (id INT)", null);
        SchemaHistoryWriter current = store.claim(2);

        NotLeaderException refused = assertThrows(NotLeaderException.class,
                () -> old.append(point(2), "shop", "DROP TABLE a", null));
        assertEquals(1, refused.writerEpoch());
        assertEquals(2, refused.currentEpoch());
        assertTrue(refused.getMessage().contains(dest) && refused.getMessage().contains(PATHS.schemaHead(dest))
                && refused.getMessage().contains("not the leader any more"), refused.getMessage());
        assertThrows(NotLeaderException.class, () -> old.writeSnapshot(new SchemaSnapshot(1, point(1), new byte[1])));
        assertThrows(NotLeaderException.class, old::clear);
        assertEquals(1, store.ddlAfter(0).size());
        assertTrue(store.latestSnapshotAtOrBefore(1).snapshot().isEmpty());

        assertEquals(2, current.append(point(2), "shop", "DROP TABLE a", null).sequence());
        assertThrows(NotLeaderException.class, () -> store.claim(1), "a lower epoch cannot claim");
        SchemaHistoryWriter sameEpochAgain = store.claim(2);
        assertThrows(NotLeaderException.class, () -> current.append(point(3), "shop", "DROP TABLE b", null),
                "a later claim of the same epoch fences the earlier writer too");
        assertEquals(3, sameEpochAgain.append(point(3), "shop", "DROP TABLE b", null).sequence());
    }

    @Test
    void staleLeaderCannotPublishASnapshotOrPrune() throws Exception {
        SchemaHistoryWriter first = store.claim(1);
        first.append(point(1), "shop", "CREATE TABLE a (id INT)", null);
        SchemaHistoryWriter second = store.claim(2);

        // The chunks go in unfenced, the meta is refused with the head check, and the chunks are removed again.
        assertThrows(NotLeaderException.class,
                () -> first.writeSnapshot(new SchemaSnapshot(1, point(1), randomIsh(10_000, 4))));
        assertEquals(0, childCount(PATHS.snapshots(dest)));

        second.writeSnapshot(new SchemaSnapshot(1, point(1), new byte[] {1}));
        store.claim(3);
        assertThrows(NotLeaderException.class, () -> second.prune(2));
        assertEquals(1, store.ddlAfter(0).size());
        assertEquals(1, childCount(PATHS.snapshots(dest)));
    }

    @Test
    void anAppendWhoseReplyWasLostIsNotDuplicatedWhenRepeated() {
        SchemaHistoryWriter writer = store.claim(1);
        writer.append(point(1), "shop", "CREATE TABLE a (id INT)", null);
        store.afterAppendCommitted = () -> {
            throw new org.apache.zookeeper.KeeperException.ConnectionLossException();
        };
        SchemaHistoryException lost = assertThrows(SchemaHistoryException.class,
                () -> writer.append(point(2), "shop", "CREATE TABLE b (id INT)", null));
        assertTrue(lost.getMessage().contains("outcome unknown") && lost.getMessage().contains(dest),
                lost.getMessage());
        store.afterAppendCommitted = null;

        DdlRecord repeated = writer.append(point(2), "shop", "CREATE TABLE b (id INT)", null);

        assertEquals(2, repeated.sequence());
        assertEquals(List.of("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)"),
                store.ddlAfter(0).stream().map(DdlRecord::statement).toList());
        assertEquals(3, writer.append(point(3), "shop", "DROP TABLE a", null).sequence());
        assertEquals(new HistoryHead(1, 3), store.head());
    }

    @Test
    void pruneRemovesExactlyTheRecordsBeforeTheKeptSequence() throws Exception {
        SchemaHistoryWriter writer = store.claim(1);
        for (int i = 1; i <= 10; i++) {
            writer.append(point(i), "shop", "ALTER TABLE t ADD COLUMN c" + i + " INT", null);
        }
        String older = writer.writeSnapshot(new SchemaSnapshot(3, point(3), new byte[] {3}));
        String base = writer.writeSnapshot(new SchemaSnapshot(6, point(6), new byte[] {6}));
        String newer = writer.writeSnapshot(new SchemaSnapshot(9, point(9), new byte[] {9}));
        List<DdlRecord> all = store.ddlAfter(0);

        IllegalArgumentException noBase = assertThrows(IllegalArgumentException.class, () -> writer.prune(6));
        assertTrue(noBase.getMessage().contains("covers DDL #5"), noBase.getMessage());
        assertEquals(10, store.ddlAfter(0).size(), "a refused prune deletes nothing");

        PruneResult result = writer.prune(7);

        assertEquals(new PruneResult(6, 1), result);
        assertEquals(all.subList(6, 10), store.ddlAfter(0));
        List<String> left = client.getChildren().forPath(PATHS.snapshots(dest));
        assertTrue(left.contains(base) && left.contains(newer) && !left.contains(older), left.toString());
        assertEquals(6, store.latestSnapshotAtOrBefore(8).snapshot().orElseThrow().coversSequence());
        assertEquals(new PruneResult(0, 0), writer.prune(7), "pruning again deletes nothing more");
    }

    @Test
    void clearDeletesEverythingButSequencesContinue() {
        SchemaHistoryWriter writer = store.claim(1);
        for (int i = 1; i <= 4; i++) {
            writer.append(point(i), "shop", "CREATE TABLE t" + i + " (id INT)", null);
        }
        writer.writeSnapshot(new SchemaSnapshot(2, point(2), new byte[] {2}));

        assertEquals(new PruneResult(4, 1), writer.clear());

        assertEquals(List.of(), store.ddlAfter(0));
        assertTrue(store.latestSnapshotAtOrBefore(Long.MAX_VALUE).snapshot().isEmpty());
        assertEquals(5, writer.append(point(5), "shop", "CREATE TABLE u (id INT)", null).sequence());
        assertEquals(5, store.claim(2).lastSequence());
    }

    @Test
    void refusesASnapshotAheadOfTheLogAndAnOversizedRecord() {
        SchemaHistoryWriter writer = store.claim(1);
        assertThrows(IllegalArgumentException.class,
                () -> writer.writeSnapshot(new SchemaSnapshot(1, point(1), new byte[1])));
        String huge = "ALTER TABLE t COMMENT '" + "x".repeat(SchemaHistoryOptions.DEFAULT_CHUNK_SIZE_BYTES) + "'";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> writer.append(point(1), "shop", huge, null));
        assertTrue(e.getMessage().contains("chunkSizeBytes"), e.getMessage());
        assertEquals(0, writer.lastSequence());
    }

    static SourcePoint point(long n) {
        return new SourcePoint(new BinlogPosition("mysql-bin.000001", 1000 + n * 100),
                n % 2 == 0 ? "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-" + n : null,
                Instant.ofEpochSecond(1_700_000_000L + n));
    }

    /** Text-like bytes from a 16-letter alphabet: compresses to about half, so 3 MB still needs several chunks. */
    static byte[] randomIsh(int length, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(16));
        }
        return bytes;
    }

    private static int childCount(String path) throws Exception {
        return client.getChildren().forPath(path).size();
    }
}
