package io.sluice.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.prometheus.metrics.model.snapshots.Labels;

class PrometheusNameTest {
    @Test
    void destinationMetricsCarryTheDestinationAsALabel() {
        assertEquals(Optional.of(new PrometheusName("sluice_destination_source_delay_ms",
                        Labels.of("destination", "example"), "sluice.destination.<destination>.source.delay.ms")),
                PrometheusName.of(MetricNames.destination("example", MetricNames.SOURCE_DELAY_MS)));
    }

    @Test
    void clientMetricsCarryDestinationAndClient() {
        assertEquals(Optional.of(new PrometheusName("sluice_client_get_latency",
                        Labels.of("destination", "example", "client", "1001"),
                        "sluice.client.<destination>.<client>.get.latency")),
                PrometheusName.of(MetricNames.client("example", "1001", MetricNames.GET_LATENCY)));
    }

    @Test
    void serverMetricsHaveNoLabels() {
        assertEquals(Optional.of(new PrometheusName("sluice_server_connections_open", Labels.EMPTY,
                        "sluice.server.connections.open")),
                PrometheusName.of(MetricNames.server(MetricNames.CONNECTIONS_OPEN)));
    }

    @Test
    void charactersOutsidePrometheusNamesBecomeUnderscores() {
        assertEquals("sluice_server_queue_wait_time",
                PrometheusName.of("sluice.server.queue-wait.time").orElseThrow().name());
    }

    @Test
    void otherNamesAreLeftToTheBridge() {
        assertTrue(PrometheusName.of("jvm.memory.heap.used").isEmpty());
        assertTrue(PrometheusName.of("sluice.source.example.events").isEmpty());
        assertTrue(PrometheusName.of("sluice.destination.example").isEmpty());
        assertTrue(PrometheusName.of("sluice.destination..events").isEmpty());
        assertTrue(PrometheusName.of("sluice.client.example.events").isEmpty());
        assertTrue(PrometheusName.of("sluice.server.").isEmpty());
    }
}
