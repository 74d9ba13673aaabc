package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

class ZooKeeperServerIT {

    @Test
    void keepsDataAcrossStopAndRestartOnTheSamePort() throws Exception {
        try (ZooKeeperServer server = ZooKeeperServer.start(); CuratorFramework client = server.newClient()) {
            int port = server.port();
            assertTrue(server.connectString().endsWith(":" + port), server.connectString());
            client.create().forPath("/kept", "v".getBytes(StandardCharsets.UTF_8));

            server.stop();
            assertTrue(Await.poll(Duration.ofSeconds(10), () -> !client.getZookeeperClient().isConnected()),
                    "client did not notice the stopped server");
            server.restart();

            assertEquals(port, server.port());
            assertTrue(client.blockUntilConnected(15, TimeUnit.SECONDS), "client did not reconnect");
            assertArrayEquals("v".getBytes(StandardCharsets.UTF_8), client.getData().forPath("/kept"));
        }
    }

    @Test
    void connectFailsWithAClearMessageWhenNoServerAnswers() {
        ZooKeeperServer server = ZooKeeperServer.start();
        String connectString = server.connectString();
        server.close();

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> CuratorClients.connect(connectString, Duration.ofSeconds(1)));
        assertTrue(error.getMessage().contains(connectString), error.getMessage());
    }
}
