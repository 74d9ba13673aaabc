package io.sluice.node.tools;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.codahale.metrics.MetricRegistry;

import io.sluice.node.server.ServedDestination;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.StoreRecord;

/**
 * A destination over an open {@link EventLog}, leader term 1, with acknowledged cursors kept in memory: a new client
 * starts at the log's first record. Enough for the server to serve a benchmark; nothing is written to ZooKeeper.
 * Thread-safe.
 */
final class ServeDestination implements ServedDestination {
    private final String name;
    private final EventLog log;
    private final MetricRegistry metrics = new MetricRegistry();
    /** Client id → one past its last acknowledged record. */
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();

    ServeDestination(String name, EventLog log) {
        this.name = name;
        this.log = log;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long epoch() {
        return 1;
    }

    @Override
    public EventLog log() {
        return log;
    }

    @Override
    public long resumeSequence(String clientId) throws IOException {
        Long cursor = cursors.get(clientId);
        return cursor != null ? cursor : log.firstSequence();
    }

    @Override
    public void acknowledge(String clientId, StoreRecord lastRecord) {
        cursors.merge(clientId, lastRecord.sequence() + 1, Math::max);
    }

    /** One past the last record {@code clientId} acknowledged, or -1 if it acknowledged none. */
    long cursor(String clientId) {
        return cursors.getOrDefault(clientId, -1L);
    }

    @Override
    public MetricRegistry metrics() {
        return metrics;
    }
}
