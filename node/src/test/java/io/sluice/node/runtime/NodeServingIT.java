package io.sluice.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alibaba.otter.canal.client.CanalConnector;
import com.alibaba.otter.canal.client.CanalConnectors;
import com.alibaba.otter.canal.protocol.Message;

import io.sluice.coordinator.ZkPaths;
import io.sluice.coordinator.cursor.ClientCursor;
import io.sluice.coordinator.cursor.CursorStore;
import io.sluice.node.cli.Sluicectl;
import io.sluice.testkit.Await;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.MariaDbSandbox;
import io.sluice.testkit.ZooKeeperServer;

/**
 * A node process serving canal clients: two client ids with different filters keep independent cursors in ZooKeeper;
 * SIGTERM exits 0 with the cursors flushed, so nothing comes again after the restart; the exported metrics match
 * what was written; canal's cluster connector finds the node through ZooKeeper; destinations applied or deleted with
 * sluicectl start and stop while the node runs, a wrong source password showing as FAILED in /health; a lost
 * ZooKeeper session stops serving until a new one; a configuration error names file and key and exits 2.
 */
class NodeServingIT {
    private static MariaDbSandbox db;
    private static ZooKeeperServer zk;

    @BeforeAll
    static void start() {
        db = MariaDbSandbox.launch();
        zk = ZooKeeperServer.start();
        db.execute("CREATE DATABASE shop", "CREATE TABLE shop.items (id INT PRIMARY KEY, name VARCHAR(32))",
                "CREATE DATABASE crm", "CREATE TABLE crm.notes (id INT PRIMARY KEY, body VARCHAR(32))");
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

    private static void insert(String table, int from, int to, int perTransaction) throws Exception {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                for (int id = from; id < to; id++) {
                    ps.setInt(1, id);
                    ps.setString(2, table + "-" + id);
                    ps.executeUpdate();
                    if ((id - from + 1) % perTransaction == 0 || id == to - 1) {
                        c.commit();
                    }
                }
            }
        }
    }

    @Test
    void twoClientsKeepTheirOwnCursorsAcrossACleanRestart(@TempDir Path dir) throws Exception {
        String destinations = NodeProcess.destination("example", db, null);
        int crmFirstRun;
        try (NodeProcess node = new NodeProcess(dir, zk.connectString(), db.replPassword(), destinations);
                CuratorFramework curator = zk.newClient()) {
            node.start(List.of("example"));
            insert("shop.items", 0, 300, 10);
            insert("crm.notes", 0, 200, 20);

            try (CanalConsumer shop = new CanalConsumer(node.clientAddress(), "example", "shop\\..*", (short) 1001, 0);
                    CanalConsumer crm = new CanalConsumer(node.clientAddress(), "example", "crm\\..*", (short) 1002,
                            0)) {
                shop.connect(Duration.ofSeconds(20));
                crm.connect(Duration.ofSeconds(20));
                shop.drainUntil(300, Duration.ofSeconds(30));
                crm.drainUntil(100, Duration.ofSeconds(30));
                assertTrue(shop.accepted().stream().allMatch(r -> r.identity() != null && r.kind().equals("INSERT")));
                assertEquals(List.of("0", "299"), List.of(shop.accepted().get(0).values().get("id"),
                        shop.accepted().get(299).values().get("id")), "shop's rows in order");
                crmFirstRun = crm.accepted().size();
                assertTrue(crmFirstRun < 200, "crm took only part of its rows: " + crmFirstRun);

                String metrics = node.metrics();
                assertEquals(500.0, sample(metrics, "sluice_destination_rows_total", "example"),
                        "rows the destination read\n" + metrics);
                assertEquals(1.0, sample(metrics, "sluice_destination_running", "example"));
                assertTrue(sample(metrics, "sluice_destination_entries_total", "example") >= 25 + 10,
                        "an entry per rows event at least");
                assertTrue(node.health().contains("\"clients\":2"), node.health());
            }

            long started = System.nanoTime();
            assertEquals(0, node.terminate(Duration.ofSeconds(15)), "SIGTERM ends the node with exit code 0");
            long stopMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(stopMillis < 10_000, "stopped within 10 s, took " + stopMillis + " ms");
            System.out.printf("SIGTERM to exit: %d ms%n", stopMillis);

            CursorStore cursors = new CursorStore(curator, new ZkPaths());
            Map<String, ClientCursor> stored = cursors.list("example");
            assertEquals(List.of("1001", "1002"), List.copyOf(stored.keySet()), "a cursor per client id");
            assertNotEquals(stored.get("1001").position(), stored.get("1002").position(),
                    "independent cursors");

            node.start(List.of("example"));
            insert("shop.items", 300, 350, 10);
            try (CanalConsumer shop = new CanalConsumer(node.clientAddress(), "example", "shop\\..*", (short) 1001, 0);
                    CanalConsumer crm = new CanalConsumer(node.clientAddress(), "example", "crm\\..*", (short) 1002,
                            0)) {
                crm.connect(Duration.ofSeconds(20));
                crm.drainUntil(200 - crmFirstRun, Duration.ofSeconds(30));
                assertEquals(Integer.toString(crmFirstRun), crm.accepted().get(0).values().get("id"),
                        "crm continues right after its acknowledged rows: a clean stop flushed its cursor");
                assertEquals(0, crm.repeats());
                assertEquals(200 - crmFirstRun, crm.accepted().size());
                shop.connect(Duration.ofSeconds(20));
                shop.drainUntil(50, Duration.ofSeconds(30));
                assertEquals("300", shop.accepted().get(0).values().get("id"), "shop continues at its cursor");
                assertEquals(50, shop.accepted().size());
            }
        }
    }

    @Test
    void canalsClusterConnectorFindsTheNodeThroughZooKeeper(@TempDir Path dir) throws Exception {
        String destinations = NodeProcess.destination("found", db, "shop\\..*");
        try (NodeProcess node = new NodeProcess(dir, zk.connectString(), db.replPassword(), destinations)) {
            node.start(List.of("found"));
            insert("shop.items", 2000, 2007, 7);
            CanalConnector connector = CanalConnectors.newClusterConnector(zk.connectString(), "found",
                    NodeProcess.CANAL_USER, NodeProcess.CANAL_PASSWORD);
            try {
                connector.connect();
                connector.subscribe("shop\\..*");
                List<CanalConsumer.Row> rows = new ArrayList<>();
                assertTrue(Await.poll(Duration.ofSeconds(20), () -> {
                    Message m = connector.getWithoutAck(100, 200L, TimeUnit.MILLISECONDS);
                    rows.addAll(CanalConsumer.rows(m));
                    if (m.getId() != -1) {
                        connector.ack(m.getId());
                    }
                    return rows.size() >= 7;
                }), "rows through the cluster connector: " + rows.size());
                assertEquals("2000", rows.get(0).values().get("id"));
                assertEquals(7, rows.size());
            } finally {
                connector.disconnect();
            }
        }
    }

    @Test
    void aLostZooKeeperSessionStopsServingUntilANewOne(@TempDir Path dir) throws Exception {
        String destinations = NodeProcess.destination("lost", db, "shop\\..*");
        try (ZooKeeperServer ownZk = ZooKeeperServer.start();
                NodeProcess node = new NodeProcess(dir, ownZk.connectString(), db.replPassword(), destinations)) {
            node.start(List.of("lost"));
            ownZk.stop();
            assertTrue(Await.poll(Duration.ofSeconds(30),
                    () -> node.health() != null && node.health().contains("\"destinations\":[]")),
                    "the node stops serving once its session is lost: " + node.health());
            ownZk.restart();
            assertTrue(Await.poll(Duration.ofSeconds(30),
                    () -> node.health() != null && node.health().contains("\"state\":\"RUNNING\"")),
                    "and serves again in a new session: " + node.health() + "\n" + node.tail());
            insert("shop.items", 1000, 1010, 5);
            try (CanalConsumer shop = new CanalConsumer(node.clientAddress(), "lost", "shop\\..*", (short) 1001,
                    0)) {
                shop.connect(Duration.ofSeconds(20));
                shop.drainUntil(10, Duration.ofSeconds(30));
                assertEquals("1000", shop.accepted().get(0).values().get("id"));
            }
        }
    }

    @Test
    void destinationsAppliedWithSluicectlComeAndGoWhileTheNodeRuns(@TempDir Path dir) throws Exception {
        try (NodeProcess node = new NodeProcess(dir, zk.connectString(), db.replPassword(),
                NodeProcess.destination("steady", db, "shop\\..*"))) {
            node.start(List.of("steady"));
            Path applied = dir.resolve("more.yaml");
            Files.writeString(applied, "destinations:\n" + NodeProcess.destination("notes", db, "crm\\..*").indent(2)
                    + """
                      - name: denied
                        source: {host: 127.0.0.1, port: %d, user: %s, password: wrong-password}
                        start: latest
                    """.formatted(db.port(), db.replUser()));
            assertEquals(0, sluicectl("destination", "apply", "-f", applied.toString()));

            assertTrue(Await.poll(Duration.ofSeconds(30), () -> {
                String health = node.health();
                return health != null && health.matches("(?s).*\\{\"name\":\"notes\",\"state\":\"RUNNING\".*")
                        && health.matches("(?s).*\\{\"name\":\"denied\",\"state\":\"FAILED\".*");
            }), "the applied destinations start; the one with a wrong password fails: " + node.health());
            assertTrue(node.health().contains("Access denied"), "the failure names the cause: " + node.health());

            insert("crm.notes", 5000, 5004, 4);
            try (CanalConsumer notes = new CanalConsumer(node.clientAddress(), "notes", "", (short) 1001, 0)) {
                notes.connect(Duration.ofSeconds(20));
                notes.drainUntil(4, Duration.ofSeconds(30));
                assertEquals("5000", notes.accepted().get(0).values().get("id"));
            }

            assertEquals(0, sluicectl("destination", "delete", "notes"));
            assertEquals(0, sluicectl("destination", "delete", "denied"));
            assertTrue(Await.poll(Duration.ofSeconds(30), () -> {
                String health = node.health();
                return health != null && !health.contains("\"notes\"") && !health.contains("\"denied\"")
                        && health.contains("\"steady\"");
            }), "deleted destinations stop, the others stay: " + node.health());
        }
    }

    private static int sluicectl(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--zookeeper";
        all[1] = zk.connectString();
        System.arraycopy(args, 0, all, 2, args.length);
        StringWriter out = new StringWriter();
        int code = Sluicectl.run(all, new PrintWriter(out, true), new PrintWriter(out, true));
        if (code != 0) {
            System.out.println("sluicectl " + String.join(" ", args) + ": " + out);
        }
        return code;
    }

    @Test
    void aConfigurationErrorNamesFileAndKeyAndExitsWith2(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                nodeId: node-1
                bindHost: 127.0.0.1
                clientPort: 11111
                adminPort: 11112
                dataDir: %s
                clientPortt: 5
                """.formatted(dir.resolve("data")));
        try (JvmProcess process = JvmProcess.builder("io.sluice.node.runtime.NodeMain")
                .args("--config", config.toString()).start()) {
            assertEquals(2, process.waitFor(Duration.ofSeconds(30)));
            String output = process.output();
            assertTrue(output.contains("bad.yaml") && output.contains("clientPortt"), output);
            assertTrue(!output.contains("\tat "), "no stack trace: " + output);
        }
    }

    /** The value of {@code name{destination="dest"}} in a Prometheus text scrape. */
    private static double sample(String scrape, String name, String destination) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{destination=\"" + Pattern.quote(destination)
                + "\"} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        if (!m.find()) {
            throw new AssertionError(name + " for " + destination + " is not in the scrape:\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }
}
