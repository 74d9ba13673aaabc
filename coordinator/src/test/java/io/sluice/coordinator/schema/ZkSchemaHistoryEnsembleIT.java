package io.sluice.coordinator.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

import io.sluice.coordinator.ZkPaths;
import io.sluice.testkit.Await;
import io.sluice.testkit.CuratorClients;
import io.sluice.testkit.ZooKeeperEnsemble;

class ZkSchemaHistoryEnsembleIT {

    private static final Duration ELECTION_WAIT = Duration.ofSeconds(30);
    private static final ZkPaths PATHS = ZkPaths.under("/sluice-it");

    @Test
    void servesReadsAndWritesWithOneOfThreeServersStopped() {
        try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3);
             CuratorFramework client = ensemble.newClient()) {
            ZkSchemaHistoryStore store = new ZkSchemaHistoryStore(client, PATHS, "ensemble",
                    SchemaHistoryOptions.defaults().withChunkSizeBytes(64 * 1024));
            SchemaHistoryWriter writer = store.claim(1);
            writer.append(ZkSchemaHistoryStoreIT.point(1), "shop", "CREATE TABLE a (id INT)", null);

            assertTrue(Await.poll(ELECTION_WAIT, () -> ensemble.leaderIndex().isPresent()), "no leader elected");
            int leader = ensemble.leaderIndex().orElseThrow();
            ensemble.stop(leader); // the hardest one to lose: the remaining two elect a new leader

            writer.append(ZkSchemaHistoryStoreIT.point(2), "shop", "CREATE TABLE b (id INT)", null);
            byte[] payload = ZkSchemaHistoryStoreIT.randomIsh(300_000, 3);
            writer.writeSnapshot(new SchemaSnapshot(2, ZkSchemaHistoryStoreIT.point(2), payload));
            assertEquals(2, store.ddlAfter(0).size());
            assertArrayEquals(payload, store.latestSnapshotAtOrBefore(2).snapshot().orElseThrow().payload());

            // A node that becomes leader now, through a surviving server, rebuilds from the same history.
            int survivor = (leader + 1) % ensemble.size();
            try (CuratorFramework other = CuratorClients.connect(ensemble.connectString(survivor))) {
                ZkSchemaHistoryStore theirs = new ZkSchemaHistoryStore(other, PATHS, "ensemble",
                        SchemaHistoryOptions.defaults());
                SchemaHistoryWriter next = theirs.claim(2);
                assertEquals(2, next.lastSequence());
                assertEquals(List.of("CREATE TABLE a (id INT)", "CREATE TABLE b (id INT)"),
                        theirs.ddlAfter(0).stream().map(DdlRecord::statement).toList());
                assertArrayEquals(payload, theirs.latestSnapshotAtOrBefore(2).snapshot().orElseThrow().payload());
            }
        }
    }
}
