package io.sluice.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

class PrometheusExportTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final PrometheusExport export = new PrometheusExport(registry);

    private PrometheusText scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.writeText(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyDestinationMetricHasItsNameAndType() throws IOException {
        new DestinationMetrics(registry, "example", java.time.Clock.systemUTC(), () -> 1, () -> 2);

        PrometheusText text = scrape();

        for (String counter : new String[] {"events", "rows", "bytes", "entries"}) {
            assertEquals("counter", text.type("sluice_destination_" + counter + "_total"), counter);
        }
        for (String gauge : new String[] {"source_delay_ms", "source_binlog_file", "source_binlog_offset",
                "store_bytes", "store_head_sequence", "running"}) {
            assertEquals("gauge", text.type("sluice_destination_" + gauge), gauge);
        }
        assertEquals(10, text.samples().size(), text.text());
    }

    @Test
    void timersAreSummariesInSecondsWithEveryQuantile() throws IOException {
        for (int ms = 1; ms <= 100; ms++) {
            registry.timer(MetricNames.client("example", "1001", MetricNames.ACK_LATENCY))
                    .update(ms, TimeUnit.MILLISECONDS);
        }

        PrometheusText text = scrape();

        Map<String, String> labels = Map.of("destination", "example", "client", "1001");
        assertEquals(100.0, text.value("sluice_client_ack_latency_count", labels));
        double previous = 0;
        for (String q : new String[] {"0.5", "0.75", "0.95", "0.98", "0.99", "0.999"}) {
            Map<String, String> withQuantile = new java.util.HashMap<>(labels);
            withQuantile.put("quantile", q);
            double value = text.value("sluice_client_ack_latency", withQuantile);
            assertTrue(value >= previous && value <= 0.1, q + " → " + value);
            previous = value;
        }
        assertEquals(0.1, previous, 1e-9);
    }

    @Test
    void nonNumericAndFailingGaugesAreLeftOutAndTheRestStays() throws IOException {
        registry.register(MetricNames.server("version"), (Gauge<String>) () -> "1.0");
        registry.register(MetricNames.server("broken"), (Gauge<Long>) () -> {
            throw new IllegalStateException("store closed");
        });
        registry.counter(MetricNames.server(MetricNames.CONNECTIONS_REJECTED)).inc(4);

        PrometheusText text = scrape();

        assertFalse(text.hasFamily("sluice_server_version"));
        assertFalse(text.hasFamily("sluice_server_broken"));
        assertEquals(4.0, text.value("sluice_server_connections_rejected_total", Map.of()));
    }

    @Test
    void aNameUsedWithTwoTypesKeepsTheFirstAndTheScrapeSucceeds() throws IOException {
        registry.meter(MetricNames.destination("a", "mixed")).mark(2);
        registry.register(MetricNames.destination("b", "mixed"), (Gauge<Integer>) () -> 9);

        PrometheusText text = scrape();

        assertEquals("counter", text.type("sluice_destination_mixed_total"));
        assertEquals(2.0, text.value("sluice_destination_mixed_total", Map.of("destination", "a")));
        assertTrue(text.find("sluice_destination_mixed", Map.of("destination", "b")).isEmpty());
    }

    @Test
    void theContentTypeIsTextFormat004() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", PrometheusExport.CONTENT_TYPE);
    }
}
