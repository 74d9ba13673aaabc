package io.sluice.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class AdminServerTest {
    private static final Map<String, String> EXAMPLE = Map.of("destination", "example");
    private static final Map<String, String> CLIENT = Map.of("destination", "example", "client", "1001");

    private final MetricRegistry registry = new MetricRegistry();
    private final AtomicReference<NodeHealth> health = new AtomicReference<>(serving());
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private AdminServer server;

    @BeforeEach
    void start() throws IOException {
        server = new AdminServer("127.0.0.1", 0, new PrometheusExport(registry), health::get);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static NodeHealth serving() {
        return new NodeHealth("node-1", NodeHealth.State.SERVING, List.of(
                new DestinationHealth("example", "RUNNING", "mysql-bin.000042:1234", 250, 9001, null, 2),
                new DestinationHealth("other", "STARTING", null, -1, 0, null, 0)));
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private PrometheusText scrape() throws Exception {
        HttpResponse<String> response = send("GET", "/metrics");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                response.headers().firstValue("Content-Type").orElseThrow());
        return PrometheusText.parse(response.body());
    }

    @Test
    void bindsAnEphemeralPort() {
        assertTrue(server.port() > 0, "port " + server.port());
        assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
    }

    @Test
    void exportsDestinationClientServerAndOtherMetrics() throws Exception {
        registry.meter(MetricNames.destination("example", MetricNames.EVENTS)).mark(42);
        registry.meter(MetricNames.destination("other", MetricNames.EVENTS)).mark(7);
        registry.register(MetricNames.destination("example", MetricNames.SOURCE_DELAY_MS), (Gauge<Long>) () -> 1500L);
        registry.timer(MetricNames.client("example", "1001", MetricNames.GET_LATENCY))
                .update(5, TimeUnit.MILLISECONDS);
        registry.meter(MetricNames.client("example", "1001", MetricNames.CLIENT_ENTRIES)).mark(10);
        registry.register(MetricNames.client("example", "1001", MetricNames.LAG_ENTRIES), (Gauge<Integer>) () -> 12);
        registry.counter(MetricNames.server(MetricNames.CONNECTIONS_ACCEPTED)).inc(3);
        registry.register(MetricNames.server(MetricNames.CONNECTIONS_OPEN), (Gauge<Integer>) () -> 2);
        registry.counter("sluice.source.example.decode-errors").inc();
        registry.register("jvm.threads.count", (Gauge<Integer>) () -> 5);
        registry.register("jvm.name", (Gauge<String>) () -> "not a number");
        registry.histogram("sluice.server.batch.size").update(100);

        PrometheusText text = scrape();

        assertTrue(text.text().contains("sluice_destination_events_total{destination=\"example\"} 42.0\n"),
                text.text());
        assertEquals("counter", text.type("sluice_destination_events_total"));
        assertEquals(7.0, text.value("sluice_destination_events_total", Map.of("destination", "other")));
        assertEquals("gauge", text.type("sluice_destination_source_delay_ms"));
        assertEquals(1500.0, text.value("sluice_destination_source_delay_ms", EXAMPLE));

        assertEquals("summary", text.type("sluice_client_get_latency"));
        assertEquals(0.005, text.value("sluice_client_get_latency", with(CLIENT, "quantile", "0.5")), 1e-9);
        assertEquals(0.005, text.value("sluice_client_get_latency", with(CLIENT, "quantile", "0.999")), 1e-9);
        assertEquals(1.0, text.value("sluice_client_get_latency_count", CLIENT));
        assertEquals(10.0, text.value("sluice_client_entries_total", CLIENT));
        assertEquals(12.0, text.value("sluice_client_lag_entries", CLIENT));

        assertEquals(3.0, text.value("sluice_server_connections_accepted_total", Map.of()));
        assertEquals(2.0, text.value("sluice_server_connections_open", Map.of()));
        assertEquals(100.0, text.value("sluice_server_batch_size", Map.of("quantile", "0.99")));
        assertEquals(1.0, text.value("sluice_server_batch_size_count", Map.of()));

        assertEquals(1.0, text.value("sluice_source_example_decode_errors_total", Map.of()));
        assertEquals(5.0, text.value("jvm_threads_count", Map.of()));
        assertFalse(text.text().contains("jvm_name"), text.text());
    }

    @Test
    void metricRegisteredAfterStartAppearsAtTheNextScrape() throws Exception {
        assertFalse(scrape().hasFamily("sluice_destination_rows_total"));

        registry.meter(MetricNames.destination("late", MetricNames.ROWS)).mark(3);

        assertEquals(3.0, scrape().value("sluice_destination_rows_total", Map.of("destination", "late")));
    }

    @Test
    void exportsDestinationMetricsUnderTheirNames() throws Exception {
        try (DestinationMetrics metrics = new DestinationMetrics(registry, "example", java.time.Clock.systemUTC(),
                () -> 4096, () -> 77)) {
            metrics.onEvent(120, System.currentTimeMillis(), "mysql-bin.000042", 1234);
            metrics.setRunning(true);

            PrometheusText text = scrape();

            assertEquals(1.0, text.value("sluice_destination_events_total", EXAMPLE));
            assertEquals(120.0, text.value("sluice_destination_bytes_total", EXAMPLE));
            assertEquals(0.0, text.value("sluice_destination_rows_total", EXAMPLE));
            assertEquals(0.0, text.value("sluice_destination_entries_total", EXAMPLE));
            assertEquals(42.0, text.value("sluice_destination_source_binlog_file", EXAMPLE));
            assertEquals(1234.0, text.value("sluice_destination_source_binlog_offset", EXAMPLE));
            assertEquals(4096.0, text.value("sluice_destination_store_bytes", EXAMPLE));
            assertEquals(77.0, text.value("sluice_destination_store_head_sequence", EXAMPLE));
            assertEquals(1.0, text.value("sluice_destination_running", EXAMPLE));
            assertTrue(text.value("sluice_destination_source_delay_ms", EXAMPLE) >= 0);
        }
        assertFalse(scrape().hasFamily("sluice_destination_events_total"));
    }

    @Test
    void healthIs200WithJsonWhenServing() throws Exception {
        HttpResponse<String> response = send("GET", "/health");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode json = new ObjectMapper().readTree(response.body());
        assertEquals("node-1", json.get("nodeId").asText());
        assertEquals("SERVING", json.get("state").asText());
        assertTrue(json.get("healthy").asBoolean());
        assertEquals(2, json.get("destinations").size());
        JsonNode example = json.get("destinations").get(0);
        assertEquals(List.of("name", "state", "sourcePosition", "sourceDelayMs", "storeHeadSequence", "lastError",
                "clients"), fieldNames(example));
        assertEquals("example", example.get("name").asText());
        assertEquals("RUNNING", example.get("state").asText());
        assertEquals("mysql-bin.000042:1234", example.get("sourcePosition").asText());
        assertEquals(250, example.get("sourceDelayMs").asLong());
        assertEquals(9001, example.get("storeHeadSequence").asLong());
        assertTrue(example.get("lastError").isNull());
        assertEquals(2, example.get("clients").asInt());
        assertTrue(json.get("destinations").get(1).get("sourcePosition").isNull());
    }

    @Test
    void healthIs503WhenADestinationFailed() throws Exception {
        health.set(new NodeHealth("node-1", NodeHealth.State.SERVING, List.of(
                new DestinationHealth("example", "FAILED", "mysql-bin.000042:1234", 250, 9001,
                        "schema history: cannot read statement", 0))));

        HttpResponse<String> response = send("GET", "/health");

        assertEquals(503, response.statusCode(), response.body());
        JsonNode json = new ObjectMapper().readTree(response.body());
        assertFalse(json.get("healthy").asBoolean());
        assertEquals("schema history: cannot read statement",
                json.get("destinations").get(0).get("lastError").asText());
    }

    @Test
    void healthIs503WhileTheNodeIsNotServing() throws Exception {
        health.set(new NodeHealth("node-1", NodeHealth.State.STARTING, List.of()));
        assertEquals(503, send("GET", "/health").statusCode());

        health.set(new NodeHealth("node-1", NodeHealth.State.STOPPING, List.of()));
        assertEquals(503, send("GET", "/health").statusCode());

        health.set(new NodeHealth("node-1", NodeHealth.State.SERVING, List.of()));
        assertEquals(200, send("GET", "/health").statusCode());
    }

    @Test
    void healthIs500WhenItCannotBeTold() throws Exception {
        health.set(null);

        HttpResponse<String> response = send("GET", "/health");

        assertEquals(500, response.statusCode());
        assertTrue(response.body().startsWith("health unavailable"), response.body());
    }

    @Test
    void otherPathsAre404() throws Exception {
        assertEquals(404, send("GET", "/").statusCode());
        assertEquals(404, send("GET", "/metrics/x").statusCode());
        assertEquals(404, send("POST", "/nothing").statusCode());
    }

    @Test
    void otherMethodsAre405() throws Exception {
        HttpResponse<String> post = send("POST", "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
        assertEquals(405, send("DELETE", "/health").statusCode());
        assertEquals(405, send("PUT", "/health").statusCode());
    }

    @Test
    void startsOnlyOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class, server::start);
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
    }

    @Test
    void closeStopsListening() throws Exception {
        int port = server.port();
        server.close();
        server.close();

        assertThrows(ConnectException.class, () -> new java.net.Socket("127.0.0.1", port).close());
    }

    @Test
    void aTakenPortIsReportedWithTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
                AdminServer second = new AdminServer("127.0.0.1", taken.getLocalPort(),
                        new PrometheusExport(registry), health::get)) {
            IOException e = assertThrows(IOException.class, second::start);
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(name, value);
        return all;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
