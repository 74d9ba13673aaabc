package io.sluice.node.server;

import java.util.concurrent.atomic.AtomicInteger;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import io.sluice.node.metrics.MetricNames;

/** The server's connection metrics ({@code sluice.server.connections.*}). Thread-safe. */
final class ServerMetrics {
    private final MetricRegistry registry;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter accepted = new Counter();
    private final Counter rejected = new Counter();
    private final Gauge<Integer> openGauge = open::get;

    ServerMetrics(MetricRegistry registry) {
        this.registry = registry;
    }

    void register() {
        registry.register(MetricNames.server(MetricNames.CONNECTIONS_OPEN), openGauge);
        registry.register(MetricNames.server(MetricNames.CONNECTIONS_ACCEPTED), accepted);
        registry.register(MetricNames.server(MetricNames.CONNECTIONS_REJECTED), rejected);
    }

    void unregister() {
        registry.remove(MetricNames.server(MetricNames.CONNECTIONS_OPEN));
        registry.remove(MetricNames.server(MetricNames.CONNECTIONS_ACCEPTED));
        registry.remove(MetricNames.server(MetricNames.CONNECTIONS_REJECTED));
    }

    /** A connection was accepted; returns how many are open now, this one included. */
    int opened() {
        accepted.inc();
        return open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    void rejected() {
        rejected.inc();
    }

    int open() {
        return open.get();
    }

    long rejectedCount() {
        return rejected.getCount();
    }

    long acceptedCount() {
        return accepted.getCount();
    }
}
