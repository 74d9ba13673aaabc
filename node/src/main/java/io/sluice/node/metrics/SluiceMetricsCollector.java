package io.sluice.node.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;

/**
 * Exports the metrics named by {@link MetricNames} with their destination and client as labels. The Dropwizard
 * bridge cannot do this: it makes one Prometheus metric per Dropwizard metric, so two destinations with the same
 * metric would give two metrics of one name, which the Prometheus model refuses for the whole scrape. Here all
 * Dropwizard metrics of one Prometheus name become data points of one metric.
 *
 * <p>The registry is read at every scrape, so metrics registered later are exported without a restart.
 * Thread-safe: a scrape only reads the registry.
 */
final class SluiceMetricsCollector implements MultiCollector {
    private static final Logger log = LoggerFactory.getLogger(SluiceMetricsCollector.class);
    /** The quantiles the Dropwizard bridge exports too, so that every summary of the node has the same ones. */
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    /** Timers measure in nanoseconds; Prometheus convention is seconds. */
    private static final double SECONDS_PER_NANO = 1.0 / TimeUnit.SECONDS.toNanos(1);

    private final MetricRegistry registry;

    SluiceMetricsCollector(MetricRegistry registry) {
        this.registry = registry;
    }

    private enum Kind { COUNTER, GAUGE, SUMMARY }

    /** The data points gathered for one Prometheus name. */
    private record Family(Kind kind, String help, List<DataPointSnapshot> points) {
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new TreeMap<>();
        for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
            Optional<PrometheusName> name = PrometheusName.of(entry.getKey());
            if (name.isEmpty()) {
                continue;
            }
            try {
                add(families, entry.getKey(), name.get(), entry.getValue());
            } catch (RuntimeException e) {
                // one broken gauge must not take every other metric of the node out of the scrape
                log.warn("metric {} skipped in the Prometheus export: {}", entry.getKey(), e.toString());
            }
        }
        MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
        families.forEach((name, family) -> snapshots.metricSnapshot(snapshot(name, family)));
        return snapshots.build();
    }

    private static void add(Map<String, Family> families, String dotted, PrometheusName name, Metric metric) {
        Kind kind;
        String type;
        DataPointSnapshot point;
        Labels labels = name.labels();
        if (metric instanceof Counter c) {
            kind = Kind.COUNTER;
            type = "Counter";
            point = counter(c.getCount(), labels);
        } else if (metric instanceof Meter m) {
            kind = Kind.COUNTER;
            type = "Meter";
            point = counter(m.getCount(), labels);
        } else if (metric instanceof Gauge<?> g) {
            if (!(g.getValue() instanceof Number n)) {
                return; // text or object gauges have no Prometheus form
            }
            kind = Kind.GAUGE;
            type = "Gauge";
            point = GaugeDataPointSnapshot.builder().value(n.doubleValue()).labels(labels).build();
        } else if (metric instanceof Timer t) {
            kind = Kind.SUMMARY;
            type = "Timer (seconds)";
            point = summary(t.getSnapshot(), t.getCount(), SECONDS_PER_NANO, labels);
        } else if (metric instanceof Histogram h) {
            kind = Kind.SUMMARY;
            type = "Histogram";
            point = summary(h.getSnapshot(), h.getCount(), 1.0, labels);
        } else {
            return;
        }
        Family family = families.computeIfAbsent(name.name(), n -> new Family(kind,
                "Dropwizard " + type + " " + name.pattern(), new ArrayList<>()));
        if (family.kind() != kind) {
            throw new IllegalStateException("it is a " + kind + " but " + name.name() + " is already a "
                    + family.kind() + " (" + family.help() + ")");
        }
        family.points().add(point);
    }

    private static CounterDataPointSnapshot counter(long count, Labels labels) {
        return CounterDataPointSnapshot.builder().value(count).labels(labels).build();
    }

    private static SummaryDataPointSnapshot summary(Snapshot snapshot, long count, double factor, Labels labels) {
        List<Quantile> quantiles = new ArrayList<>(QUANTILES.length);
        for (double q : QUANTILES) {
            quantiles.add(new Quantile(q, snapshot.getValue(q) * factor));
        }
        return SummaryDataPointSnapshot.builder()
                .quantiles(Quantiles.of(quantiles))
                .count(count)
                .labels(labels)
                .build();
    }

    private static MetricSnapshot snapshot(String name, Family family) {
        return switch (family.kind()) {
            case COUNTER -> {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(family.help());
                family.points().forEach(p -> b.dataPoint((CounterDataPointSnapshot) p));
                yield b.build();
            }
            case GAUGE -> {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(family.help());
                family.points().forEach(p -> b.dataPoint((GaugeDataPointSnapshot) p));
                yield b.build();
            }
            case SUMMARY -> {
                SummarySnapshot.Builder b = SummarySnapshot.builder().name(name).help(family.help());
                family.points().forEach(p -> b.dataPoint((SummaryDataPointSnapshot) p));
                yield b.build();
            }
        };
    }
}
