package io.sluice.node.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.sluice.testkit.Await;
import io.sluice.testkit.FreePort;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.MariaDbSandbox;

/**
 * A sluice node in a child JVM, started with {@code NodeMain --config FILE} the way {@code scripts/sluice-node} does,
 * on fixed ports so that a restart comes back on the same address. Secrets reach it through environment variables,
 * as the configuration references them.
 */
final class NodeProcess implements AutoCloseable {
    static final String CANAL_USER = "canal";
    static final String CANAL_PASSWORD = "canal-secret";

    private final Path config;
    private final Path output;
    private final String replPassword;
    private final int clientPort = FreePort.pick();
    private final int adminPort = FreePort.pick();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private JvmProcess process;

    /**
     * @param destinations the YAML of the {@code destinations:} list, indented by two spaces per level from column 0
     *                     (each item starting with "- name: ..."); passwords as ${REPL_PASSWORD}
     */
    NodeProcess(Path dir, String zookeeperConnect, String replPassword, String destinations) {
        this.replPassword = replPassword;
        this.config = dir.resolve("node.yaml");
        this.output = dir.resolve("node.log");
        StringBuilder yaml = new StringBuilder()
                .append("nodeId: node-1\n")
                .append("bindHost: 127.0.0.1\n")
                .append("clientPort: ").append(clientPort).append('\n')
                .append("adminPort: ").append(adminPort).append('\n')
                .append("dataDir: ").append(dir.resolve("data")).append('\n')
                .append("zookeeper:\n")
                .append("  connect: ").append(zookeeperConnect).append('\n')
                .append("  sessionTimeoutMs: 6000\n")
                .append("users:\n")
                .append("  - {name: ").append(CANAL_USER).append(", password: \"${CANAL_PASSWORD}\"}\n")
                .append("destinations:\n");
        destinations.lines().forEach(line -> yaml.append("  ").append(line).append('\n'));
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One item of the {@code destinations:} list: a destination streaming {@code db} from its present position, with
     * the replication password as an environment reference, and an optional table include filter (a regex as
     * canal writes it, e.g. {@code shop\\..*}; null for none).
     */
    static String destination(String name, MariaDbSandbox db, String include) {
        String yaml = "- name: " + name + "\n"
                + "  source: {host: 127.0.0.1, port: " + db.port() + ", user: " + db.replUser()
                + ", password: \"${REPL_PASSWORD}\"}\n"
                + "  start: latest\n";
        return include == null ? yaml : yaml + "  filter: {include: '" + include + "'}\n";
    }

    /** Starts the node and waits until /health reports every destination RUNNING. */
    void start(List<String> destinations) {
        process = JvmProcess.builder("io.sluice.node.runtime.NodeMain")
                .jvmArgs("-Xmx512m")
                .args("--config", config.toString())
                .env("CANAL_PASSWORD", CANAL_PASSWORD)
                .env("REPL_PASSWORD", replPassword)
                .outputFile(output)
                .start();
        boolean up = Await.poll(Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the node exited: " + tail());
            }
            String health = health();
            return health != null && destinations.stream().allMatch(
                    d -> health.contains("\"name\":\"" + d + "\"") && health.contains("\"state\":\"RUNNING\""));
        });
        if (!up) {
            throw new AssertionError("the node did not report its destinations running within 60 s; /health: "
                    + health() + "\n" + tail());
        }
    }

    void kill() {
        process.kill();
        process.waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM; returns the exit code. */
    int terminate(Duration timeout) {
        process.terminate();
        return process.waitFor(timeout);
    }

    InetSocketAddress clientAddress() {
        return new InetSocketAddress("127.0.0.1", clientPort);
    }

    String health() {
        return get("/health");
    }

    String metrics() {
        return get("/metrics");
    }

    private String get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(output);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
