package io.sluice.node.server;

import java.util.LinkedHashMap;
import java.util.Map;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

import io.sluice.node.metrics.MetricNames;

/**
 * The metrics of one client id of one destination, registered in the destination's registry under
 * {@code sluice.client.<dest>.<clientId>.*} while the client has a connection. Thread-safe.
 */
final class ClientMetrics {
    private final MetricRegistry registry;
    private final Map<String, Metric> registered = new LinkedHashMap<>();
    final Timer getLatency = new Timer();
    final Timer ackLatency = new Timer();
    final Meter entries = new Meter();

    private ClientMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    /** Registers the client's metrics, replacing any left by an earlier registration under the same names. */
    static ClientMetrics register(MetricRegistry registry, String destination, String clientId, ClientState state) {
        ClientMetrics metrics = new ClientMetrics(registry);
        metrics.add(MetricNames.client(destination, clientId, MetricNames.LAG_ENTRIES),
                (Gauge<Long>) state::lagEntries);
        metrics.add(MetricNames.client(destination, clientId, MetricNames.LAG_MS),
                (Gauge<Long>) () -> state.lagMillis(System.currentTimeMillis()));
        metrics.add(MetricNames.client(destination, clientId, MetricNames.OUTSTANDING_BATCHES),
                (Gauge<Integer>) state::outstandingBatches);
        metrics.add(MetricNames.client(destination, clientId, MetricNames.GET_LATENCY), metrics.getLatency);
        metrics.add(MetricNames.client(destination, clientId, MetricNames.ACK_LATENCY), metrics.ackLatency);
        metrics.add(MetricNames.client(destination, clientId, MetricNames.CLIENT_ENTRIES), metrics.entries);
        return metrics;
    }

    private void add(String name, Metric metric) {
        synchronized (registry) {
            registry.remove(name);
            registry.register(name, metric);
        }
        registered.put(name, metric);
    }

    /** Removes the metrics, but only those still ours (a newer registration may have replaced them). */
    void unregister() {
        synchronized (registry) {
            registered.forEach((name, metric) -> {
                if (registry.getMetrics().get(name) == metric) {
                    registry.remove(name);
                }
            });
        }
    }
}
