package io.sluice.node.metrics;

import java.io.IOException;
import java.io.OutputStream;

import com.codahale.metrics.MetricRegistry;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The node's Dropwizard metrics in Prometheus form. Names built by {@link MetricNames} become labelled metrics
 * (see {@link PrometheusName}); every other name (JVM, source, ...) goes through the Prometheus Dropwizard bridge
 * and is spelled as the bridge spells it ({@code sluice.source.example.decode-errors} →
 * {@code sluice_source_example_decode_errors_total}).
 *
 * <p>Meters and counters become counters ({@code _total}), numeric gauges gauges, histograms and timers summaries
 * with quantiles 0.5 to 0.999 and a count (timers in seconds). Metrics registered in the Dropwizard registry at
 * any time appear at the next scrape. Thread-safe.
 */
public final class PrometheusExport {
    /** The content type of {@link #writeText}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public PrometheusExport(MetricRegistry metrics) {
        if (metrics == null) {
            throw new IllegalArgumentException("a Dropwizard MetricRegistry is required");
        }
        registry.register(new SluiceMetricsCollector(metrics));
        DropwizardExports.builder()
                .dropwizardRegistry(metrics)
                .metricFilter((name, metric) -> PrometheusName.of(name).isEmpty())
                .register(registry);
    }

    /** The Prometheus registry the export fills, for adding collectors of other kinds. */
    public PrometheusRegistry prometheusRegistry() {
        return registry;
    }

    public MetricSnapshots scrape() {
        return registry.scrape();
    }

    /** Writes a scrape in the text format of {@link #CONTENT_TYPE}. */
    public void writeText(OutputStream out) throws IOException {
        writer.write(out, scrape());
    }
}
