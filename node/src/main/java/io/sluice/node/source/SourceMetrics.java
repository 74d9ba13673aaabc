package io.sluice.node.source;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

import io.sluice.node.binlog.BinlogChecksumException;
import io.sluice.node.binlog.BinlogFormatException;
import io.sluice.node.binlog.RowsEvent;

/**
 * What an event source counts, registered under a prefix (e.g. {@code sluice.source.<destination>}): events and
 * row changes decoded, and the errors that stopped decoding, checksum mismatches apart, so that an alert can
 * tell a corrupt or unreadable binlog from a pipeline that is merely slow. Thread-safe.
 */
public final class SourceMetrics {
    private final Meter events;
    private final Meter rows;
    private final Counter decodeErrors;
    private final Counter checksumErrors;

    public SourceMetrics(MetricRegistry registry, String prefix) {
        this.events = registry.meter(MetricRegistry.name(prefix, "events"));
        this.rows = registry.meter(MetricRegistry.name(prefix, "rows"));
        this.decodeErrors = registry.counter(MetricRegistry.name(prefix, "decode-errors"));
        this.checksumErrors = registry.counter(MetricRegistry.name(prefix, "checksum-errors"));
    }

    /** Metrics kept in a registry of their own, for tools that report nothing. */
    public static SourceMetrics unregistered() {
        return new SourceMetrics(new MetricRegistry(), "source");
    }

    void decoded(DecodedEvent event) {
        events.mark();
        if (event.event() instanceof RowsEvent r) {
            rows.mark(r.rowCount());
        }
    }

    /** Counts a decoding failure and returns it, for {@code throw metrics.failed(e)}. */
    BinlogFormatException failed(BinlogFormatException e) {
        (e instanceof BinlogChecksumException ? checksumErrors : decodeErrors).inc();
        return e;
    }

    public long events() {
        return events.getCount();
    }

    public long rows() {
        return rows.getCount();
    }

    public long decodeErrors() {
        return decodeErrors.getCount();
    }

    public long checksumErrors() {
        return checksumErrors.getCount();
    }
}
