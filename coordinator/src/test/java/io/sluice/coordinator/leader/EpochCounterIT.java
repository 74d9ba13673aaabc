package io.sluice.coordinator.leader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.coordinator.ZkPaths;
import io.sluice.testkit.ZooKeeperServer;

class EpochCounterIT {

    private static final ZkPaths PATHS = ZkPaths.under("/epoch-it");
    private static ZooKeeperServer server;

    @BeforeAll
    static void start() {
        server = ZooKeeperServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void startsAtOneAndCounts() {
        try (CuratorFramework client = server.newClient()) {
            EpochCounter counter = new EpochCounter(client, PATHS);
            assertEquals(0, counter.current("count"));
            assertEquals(1, counter.next("count"));
            assertEquals(2, counter.next("count"));
            assertEquals(2, counter.current("count"));
            assertEquals(1, counter.next("other"));
        }
    }

    @Test
    void twoClientsRacingGetDistinctEpochs() throws Exception {
        int perClient = 25;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (CuratorFramework a = server.newClient(); CuratorFramework b = server.newClient()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (CuratorFramework client : List.of(a, b)) {
                EpochCounter counter = new EpochCounter(client, PATHS);
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> epochs = new ArrayList<>();
                    for (int i = 0; i < perClient; i++) {
                        epochs.add(counter.next("race"));
                    }
                    return epochs;
                }));
            }
            go.countDown();
            Set<Long> all = new TreeSet<>();
            int total = 0;
            for (Future<List<Long>> result : results) {
                all.addAll(result.get());
                total += result.get().size();
            }
            assertEquals(2 * perClient, total);
            assertEquals(2 * perClient, all.size(), "every epoch handed out once: " + all);
            assertEquals(1L, ((TreeSet<Long>) all).first());
            assertEquals(2L * perClient, ((TreeSet<Long>) all).last());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesToPassTheLimitOrReadJunk() throws Exception {
        try (CuratorFramework client = server.newClient()) {
            EpochCounter counter = new EpochCounter(client, PATHS);
            client.create().creatingParentsIfNeeded().forPath(PATHS.leaderEpoch("full"),
                    Long.toString(EpochCounter.LIMIT - 2).getBytes(StandardCharsets.US_ASCII));
            assertEquals(EpochCounter.LIMIT - 1, counter.next("full"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> counter.next("full"));
            assertTrue(e.getMessage().contains("must stay below 2^23"), e.getMessage());
            client.create().creatingParentsIfNeeded().forPath(PATHS.leaderEpoch("junk"),
                    "x".getBytes(StandardCharsets.US_ASCII));
            e = assertThrows(IllegalStateException.class, () -> counter.next("junk"));
            assertTrue(e.getMessage().startsWith("/epoch-it/destinations/junk/leader/epoch holds 'x'"), e.getMessage());
        }
    }
}
