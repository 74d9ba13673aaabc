package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZooKeeperEnsembleIT {

    private static final Duration ELECTION_WAIT = Duration.ofSeconds(30);
    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(15);

    private static ZooKeeperEnsemble ensemble;
    private static CuratorFramework client;

    @BeforeAll
    static void startEnsemble() {
        ensemble = ZooKeeperEnsemble.start();
        client = ensemble.newClient();
    }

    @AfterAll
    static void stopEnsemble() {
        if (client != null) {
            client.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void servesWritesAndReadsWithTheLeaderStoppedAndAfterItsRestart() throws Exception {
        int leader = awaitLeader();
        client.create().creatingParentsIfNeeded().forPath("/stop/before", bytes("1"));

        ensemble.stop(leader);
        // Losing the leader forces an election; the client's retry policy carries the write through it.
        client.create().forPath("/stop/during", bytes("2"));
        assertArrayEquals(bytes("2"), client.getData().forPath("/stop/during"));
        int newLeader = awaitLeader();
        assertNotEquals(leader, newLeader);

        ensemble.restart(leader);
        client.setData().forPath("/stop/during", bytes("3"));
        // A client bound to the restarted server alone sees what was written while it was down.
        try (CuratorFramework direct = CuratorClients.connect(ensemble.connectString(leader))) {
            assertTrue(Await.poll(CATCH_UP_WAIT, () -> Arrays.equals(bytes("3"), read(direct, "/stop/during"))),
                    "restarted server did not catch up");
            assertArrayEquals(bytes("1"), direct.getData().forPath("/stop/before"));
        }
    }

    @Test
    void servesWritesWithAFollowerKilledAndAfterItsRestart() throws Exception {
        int follower = (awaitLeader() + 1) % ensemble.size();

        ensemble.kill(follower);
        client.create().creatingParentsIfNeeded().forPath("/kill/during", bytes("a"));
        assertArrayEquals(bytes("a"), client.getData().forPath("/kill/during"));

        ensemble.restart(follower);
        try (CuratorFramework direct = CuratorClients.connect(ensemble.connectString(follower))) {
            assertTrue(Await.poll(CATCH_UP_WAIT, () -> Arrays.equals(bytes("a"), read(direct, "/kill/during"))),
                    "restarted follower did not catch up");
        }
    }

    @Test
    void rejectsAServerIndexOutsideTheEnsemble() {
        assertEquals(3, ensemble.size());
        assertThrows(IndexOutOfBoundsException.class, () -> ensemble.stop(3));
        assertThrows(IndexOutOfBoundsException.class, () -> ensemble.connectString(-1));
    }

    private static int awaitLeader() {
        assertTrue(Await.poll(ELECTION_WAIT, () -> ensemble.leaderIndex().isPresent()),
                "no leader elected within " + ELECTION_WAIT.toSeconds() + " s");
        return ensemble.leaderIndex().orElseThrow();
    }

    /** The node's data, or null while the node is missing or the server is not reachable yet. */
    private static byte[] read(CuratorFramework from, String path) {
        try {
            return from.getData().forPath(path);
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
