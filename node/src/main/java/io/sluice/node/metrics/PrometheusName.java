package io.sluice.node.metrics;

import java.util.Optional;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;

/**
 * The Prometheus name and labels of one of the node's own metrics, read off its {@link MetricNames} name: the
 * destination and client id move from the dotted name into labels, so that one Prometheus metric carries every
 * destination.
 *
 * <pre>
 * sluice.destination.example.source.delay.ms  →  sluice_destination_source_delay_ms{destination="example"}
 * sluice.client.example.1001.get.latency      →  sluice_client_get_latency{destination="example",client="1001"}
 * sluice.server.connections.open              →  sluice_server_connections_open
 * </pre>
 *
 * @param name    the metric's name without type suffixes ({@code _total} is added by the text format for counters)
 * @param labels  {@code destination} and {@code client} where the name has them
 * @param pattern the dotted name with the label values replaced by placeholders, e.g.
 *                {@code sluice.destination.<destination>.events}, for help texts
 */
public record PrometheusName(String name, Labels labels, String pattern) {
    public static final String DESTINATION_LABEL = "destination";
    public static final String CLIENT_LABEL = "client";

    public PrometheusName {
        if (name == null || !PrometheusNaming.isValidLegacyMetricName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Prometheus metric name");
        }
        if (labels == null) {
            throw new IllegalArgumentException("labels of " + name + " must not be null");
        }
        if (pattern == null) {
            throw new IllegalArgumentException("pattern of " + name + " must not be null");
        }
    }

    /**
     * The Prometheus form of a dotted name shaped as {@link MetricNames} builds them, or empty for any other name
     * (including a {@code sluice.destination.} name with no metric after the destination), which is then exported
     * as the Dropwizard bridge spells it.
     */
    public static Optional<PrometheusName> of(String dotted) {
        if (dotted.startsWith(MetricNames.DESTINATION_PREFIX)) {
            String[] parts = split(dotted.substring(MetricNames.DESTINATION_PREFIX.length()), 2);
            return parts == null ? Optional.empty()
                    : Optional.of(new PrometheusName(join("sluice_destination_", parts[1]),
                            Labels.of(DESTINATION_LABEL, parts[0]),
                            MetricNames.DESTINATION_PREFIX + "<destination>." + parts[1]));
        }
        if (dotted.startsWith(MetricNames.CLIENT_PREFIX)) {
            String[] parts = split(dotted.substring(MetricNames.CLIENT_PREFIX.length()), 3);
            return parts == null ? Optional.empty()
                    : Optional.of(new PrometheusName(join("sluice_client_", parts[2]),
                            Labels.of(DESTINATION_LABEL, parts[0], CLIENT_LABEL, parts[1]),
                            MetricNames.CLIENT_PREFIX + "<destination>.<client>." + parts[2]));
        }
        if (dotted.startsWith(MetricNames.SERVER_PREFIX)) {
            String metric = dotted.substring(MetricNames.SERVER_PREFIX.length());
            return metric.isEmpty() ? Optional.empty()
                    : Optional.of(new PrometheusName(join("sluice_server_", metric), Labels.EMPTY, dotted));
        }
        return Optional.empty();
    }

    /** Splits off {@code count - 1} leading segments; the last part keeps its dots. Null if a part is empty. */
    private static String[] split(String rest, int count) {
        String[] parts = rest.split("\\.", count);
        if (parts.length != count) {
            return null;
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
        }
        return parts;
    }

    private static String join(String prefix, String metric) {
        StringBuilder name = new StringBuilder(prefix.length() + metric.length()).append(prefix);
        for (int i = 0; i < metric.length(); i++) {
            char c = metric.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            name.append(legal ? c : '_');
        }
        // strips suffixes the text format reserves (_total, _count, _sum, ...) so that a counter is not _total_total
        return PrometheusNaming.sanitizeMetricName(name.toString());
    }
}
