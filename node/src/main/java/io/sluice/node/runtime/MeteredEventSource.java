package io.sluice.node.runtime;

import java.io.IOException;

import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.metrics.DestinationMetrics;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.EventSource;

/** Counts what a source hands out in a destination's metrics: events, bytes, rows, the last position and time. */
final class MeteredEventSource implements EventSource {
    private final EventSource source;
    private final DestinationMetrics metrics;
    private volatile String lastPosition;

    MeteredEventSource(EventSource source, DestinationMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
    }

    @Override
    public DecodedEvent next() throws IOException, InterruptedException {
        DecodedEvent e = source.next();
        if (e == null) {
            return null;
        }
        EventHeader h = e.event().header();
        // Artificial events (fake rotates, heartbeats) carry no commit time; counting them would fake the delay.
        if (!h.artificial() && h.timestamp() > 0) {
            metrics.onEvent(e.position().isInner() ? 0 : h.eventSize(), h.timestamp() * 1000L, e.position().file(),
                    e.position().offset());
            lastPosition = e.position().toString();
        }
        if (e.event() instanceof RowsEvent r) {
            metrics.onRows(r.rowCount());
        }
        return e;
    }

    String lastPosition() {
        return lastPosition;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
