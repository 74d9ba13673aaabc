package io.sluice.coordinator.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.coordinator.ZkPaths;
import io.sluice.testkit.Await;
import io.sluice.testkit.ZooKeeperServer;

class CursorStoreIT {

    private static final ZkPaths PATHS = ZkPaths.under("/cursors-it");
    private static ZooKeeperServer server;
    private static CuratorFramework client;

    @BeforeAll
    static void start() {
        server = ZooKeeperServer.start();
        client = server.newClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static ClientCursor cursor(long offset) {
        return new ClientCursor(new BinlogPosition("mysql-bin.000003", offset), "0-1-" + offset, 1_700_000_000_000L,
                1_700_000_000_500L);
    }

    @Test
    void savesLoadsListsAndDeletes() throws Exception {
        CursorStore store = new CursorStore(client, PATHS);
        assertTrue(store.load("crud", "1001").isEmpty());
        store.save("crud", "1001", cursor(4));
        store.save("crud", "1001", cursor(120));
        store.save("crud", "1002", cursor(7));
        assertEquals(Optional.of(cursor(120)), store.load("crud", "1001"));
        assertEquals(Map.of("1001", cursor(120), "1002", cursor(7)), store.list("crud"));
        String json = new String(client.getData().forPath(PATHS.cursor("crud", "1001")), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"version\":1,\"binlogFile\":\"mysql-bin.000003\",\"binlogOffset\":120,"), json);
        assertTrue(store.delete("crud", "1002"));
        assertFalse(store.delete("crud", "1002"));
        client.create().forPath(PATHS.cursor("crud", "bad"), "[]".getBytes(StandardCharsets.UTF_8));
        assertThrows(CorruptCursorException.class, () -> store.load("crud", "bad"));
        assertEquals(List.of("1001"), List.copyOf(store.list("crud").keySet()), "corrupt cursor skipped in list");
    }

    @Test
    void coalescesToAtMostOneWritePerIntervalAndLatestWins() throws Exception {
        CursorStore store = new CursorStore(client, PATHS);
        String path = PATHS.cursor("coalesce", "c1");
        long started = System.nanoTime();
        long offset = 0;
        try (CoalescingCursorWriter writer = new CoalescingCursorWriter(store, "coalesce", Duration.ofSeconds(1))) {
            // Acknowledge continuously for about 2.5 s: without coalescing that would be thousands of writes.
            while (System.nanoTime() - started < Duration.ofMillis(2500).toNanos()) {
                writer.accept("c1", cursor(++offset));
                writer.accept("c2", cursor(offset));
            }
            long elapsedMillis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Stat stat = client.checkExists().forPath(path);
            // version = writes - 1; at most one write per started second of the run
            long allowed = elapsedMillis / 1000 + 1;
            assertTrue(stat != null && stat.getVersion() + 1 <= allowed,
                    "writes of c1: " + (stat == null ? 0 : stat.getVersion() + 1) + " in " + elapsedMillis
                            + " ms; allowed " + allowed);
            assertTrue(stat.getVersion() + 1 >= 2, "the flusher wrote during the run");
        }
        assertEquals(Optional.of(cursor(offset)), store.load("coalesce", "c1"), "close flushed the latest cursor");
        assertEquals(Optional.of(cursor(offset)), store.load("coalesce", "c2"));
    }

    @Test
    void flushWritesPendingAtOnce() {
        CursorStore store = new CursorStore(client, PATHS);
        try (CoalescingCursorWriter writer = new CoalescingCursorWriter(store, "flush", Duration.ofHours(1))) {
            writer.accept("c1", cursor(1));
            assertTrue(Await.poll(Duration.ofSeconds(5), () -> store.load("flush", "c1").isPresent()),
                    "first cursor of a client is written at once");
            writer.accept("c1", cursor(2));
            writer.accept("c1", cursor(3));
            assertEquals(Optional.of(cursor(1)), store.load("flush", "c1"), "held back for an hour");
            assertEquals(1, writer.pendingCount());
            writer.flush();
            assertEquals(0, writer.pendingCount());
            assertEquals(Optional.of(cursor(3)), store.load("flush", "c1"));
            writer.accept("c1", cursor(4));
        }
        assertEquals(Optional.of(cursor(4)), store.load("flush", "c1"), "close flushed");
    }
}
