package io.sluice.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alibaba.otter.canal.protocol.exception.CanalClientException;

import io.sluice.testkit.MariaDbSandbox;
import io.sluice.testkit.ZooKeeperServer;

/**
 * The node as canal users meet it: a node process in front of a MariaDB, the official canal client consuming
 * 100 000 row changes of mixed types in transactions of 1 to 300 rows, with rollbacks, while the node is killed
 * with SIGKILL half-way and started again. Every row must arrive, in commit order, with canal's value strings; after
 * the restart the client may see again only a contiguous run of rows ending where its acknowledged rows end.
 */
class NodeCanalClientIT {
    private static final int ROWS = 100_000;
    private static final Duration DEADLINE = Duration.ofMinutes(4);

    private static MariaDbSandbox db;
    private static ZooKeeperServer zk;

    @BeforeAll
    static void start() {
        db = MariaDbSandbox.launch();
        zk = ZooKeeperServer.start();
        db.execute("CREATE DATABASE shop", OrderWorkload.CREATE_TABLE, "CREATE DATABASE crm",
                "CREATE TABLE crm.notes (id INT PRIMARY KEY, body VARCHAR(20))");
    }

    @AfterAll
    static void stop() {
        if (zk != null) {
            zk.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyRowArrivesOnceInCommitOrderAcrossASigkill(@TempDir Path dir) throws Exception {
        String destinations = NodeProcess.destination("example", db, "shop\\..*");
        OrderWorkload workload = new OrderWorkload(20261126L);
        try (NodeProcess node = new NodeProcess(dir, zk.connectString(), db.replPassword(), destinations);
                CanalConsumer consumer = new CanalConsumer(node.clientAddress(), "example", "shop\\..*",
                        CanalConsumer.DEFAULT_CLIENT_ID, 7)) {
            node.start(List.of("example"));
            consumer.connect(Duration.ofSeconds(30));

            AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try (Connection c = db.connection()) {
                    workload.write(c, ROWS);
                } catch (Throwable t) {
                    writerFailure.set(t);
                }
            }, "workload-writer");
            writer.start();

            long deadline = System.nanoTime() + DEADLINE.toNanos();
            boolean killed = false;
            while (consumer.accepted().size() < ROWS || writer.isAlive()) {
                assertTrue(System.nanoTime() < deadline, "not all rows arrived within " + DEADLINE + ": "
                        + consumer.accepted().size() + " of " + workload.size() + " written\n" + node.tail());
                if (writerFailure.get() != null) {
                    throw new AssertionError("the workload writer failed", writerFailure.get());
                }
                if (!killed && consumer.accepted().size() >= ROWS * 2 / 5) {
                    node.kill();
                    killed = true;
                    node.start(List.of("example"));
                    consumer.close();
                    consumer.connect(Duration.ofSeconds(30));
                }
                try {
                    consumer.step();
                } catch (CanalClientException e) {
                    consumer.close();
                    consumer.connect(Duration.ofSeconds(30));
                }
                if (!writer.isAlive() && consumer.accepted().size() >= workload.size()) {
                    break;
                }
            }
            writer.join(10_000);
            assertTrue(killed, "the node was killed half-way");

            List<OrderWorkload.Change> expected = workload.changes();
            List<CanalConsumer.Row> got = consumer.accepted();
            assertEquals(expected.size(), got.size(), "row changes received");
            for (int i = 0; i < expected.size(); i++) {
                OrderWorkload.Change e = expected.get(i);
                CanalConsumer.Row g = got.get(i);
                assertEquals(e.kind() + " " + e.id() + " " + e.values(), g.kind() + " " + g.id() + " " + g.values(),
                        "row change " + i + " (" + g.identity() + ")");
            }
            assertTrue(consumer.rollbacks() > 0, "rollbacks were exercised");
            System.out.printf("%d row changes in %d batches, %d rollbacks, %d repeated after the restart%n",
                    got.size(), consumer.batches(), consumer.rollbacks(), consumer.repeats());
        }
    }
}
