package io.sluice.coordinator.canal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.coordinator.ZkPaths;
import io.sluice.testkit.Await;
import io.sluice.testkit.ZooKeeperServer;

class CanalDiscoveryIT {

    private static final ZkPaths PATHS = new ZkPaths("/sluice-canal-it", "/canal-it");
    private static ZooKeeperServer server;
    private static CuratorFramework reader;

    @BeforeAll
    static void start() {
        server = ZooKeeperServer.start();
        reader = server.newClient();
    }

    @AfterAll
    static void stop() {
        reader.close();
        server.close();
    }

    @Test
    void publishesCanalsNodesAsEphemerals() throws Exception {
        try (CuratorFramework client = server.newClient();
             CanalDiscovery discovery = new CanalDiscovery(client, PATHS, "10.0.0.1:11111", 7)) {
            discovery.start();
            discovery.standBy("example");
            discovery.activate("example");
            assertEquals("{\"active\":true,\"address\":\"10.0.0.1:11111\",\"cid\":7}", read(PATHS.canalRunning("example")));
            assertEquals(List.of("10.0.0.1:11111"), reader.getChildren().forPath(PATHS.canalDestinationCluster("example")));
            assertEquals(List.of("10.0.0.1:11111"), reader.getChildren().forPath(PATHS.canalCluster()));
            Stat stat = reader.checkExists().forPath(PATHS.canalRunning("example"));
            assertEquals(client.getZookeeperClient().getZooKeeper().getSessionId(), stat.getEphemeralOwner());
            discovery.deactivate("example");
            assertNull(reader.checkExists().forPath(PATHS.canalRunning("example")));
            discovery.withdraw("example");
            assertEquals(List.of(), reader.getChildren().forPath(PATHS.canalDestinationCluster("example")));
        }
        assertEquals(List.of(), reader.getChildren().forPath(PATHS.canalCluster()), "closing withdrew the server");
    }

    @Test
    void aNewLeaderTakesTheRunningNodeOverWhenTheOldSessionEnds() throws Exception {
        CuratorFramework old = server.newClient();
        try (CuratorFramework next = server.newClient();
             CanalDiscovery nextDiscovery = new CanalDiscovery(next, PATHS, "10.0.0.2:11111", 2)) {
            new CanalDiscovery(old, PATHS, "10.0.0.1:11111", 1).activate("failover");
            nextDiscovery.activate("failover");
            old.close(); // the old leader's session ends and its ephemeral goes
            long nextSession = next.getZookeeperClient().getZooKeeper().getSessionId();
            assertTrue(Await.poll(Duration.ofSeconds(10), () -> ownedBy(PATHS.canalRunning("failover"), nextSession)),
                    "running node re-created by the new leader");
            assertEquals("{\"active\":true,\"address\":\"10.0.0.2:11111\",\"cid\":2}", read(PATHS.canalRunning("failover")));
        }
    }

    @Test
    void refusesAddressesCanalCannotParse() {
        assertThrows(IllegalArgumentException.class, () -> CanalDiscovery.runningJson("::1:11111", 1));
        assertThrows(IllegalArgumentException.class, () -> CanalDiscovery.runningJson("host", 1));
    }

    private static boolean ownedBy(String path, long session) {
        try {
            Stat stat = reader.checkExists().forPath(path);
            return stat != null && stat.getEphemeralOwner() == session;
        } catch (Exception e) {
            return false;
        }
    }

    private static String read(String path) throws Exception {
        return new String(reader.getData().forPath(path), StandardCharsets.UTF_8);
    }
}
