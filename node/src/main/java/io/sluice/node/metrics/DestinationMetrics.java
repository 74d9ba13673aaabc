package io.sluice.node.metrics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;

/**
 * One destination's metrics, registered under {@link MetricNames#destination} names while the destination runs on
 * this node. The destination runtime reports to it; the gauges are read at scrape time.
 *
 * <p>Before the first event the source gauges (delay, binlog file, offset) read -1. The delay is measured against
 * the commit time of the last event read, so it also grows while the source writes nothing.
 *
 * <p>Thread-safe: one thread reports events while scrapes read the gauges; the file number and offset read by a
 * scrape always belong to the same event. {@link #close()} unregisters everything; a destination that comes back
 * to this node registers a new instance.
 */
public final class DestinationMetrics implements AutoCloseable {
    /** The last event read: one immutable value, so that file, offset and time are never mixed across events. */
    private record LastEvent(long commitTimeMillis, String binlogFile, long fileNumber, long offset) {
    }

    private static final LastEvent NONE = new LastEvent(-1, null, -1, -1);

    private final MetricRegistry registry;
    private final String destination;
    private final Clock clock;
    private final List<String> names = new ArrayList<>();
    private final Meter events;
    private final Meter rows;
    private final Meter bytes;
    private final Meter entries;
    private volatile LastEvent last = NONE;
    private volatile boolean running;

    /**
     * Registers the destination's metrics.
     *
     * @param storeBytes        the store's size on disk, read at scrape time
     * @param storeHeadSequence the store's next sequence, read at scrape time
     * @throws IllegalArgumentException if the destination name is not a valid label, or metrics of this
     *                                  destination are still registered (close the previous instance first)
     */
    public DestinationMetrics(MetricRegistry registry, String destination, Clock clock, LongSupplier storeBytes,
            LongSupplier storeHeadSequence) {
        if (registry == null || clock == null || storeBytes == null || storeHeadSequence == null) {
            throw new IllegalArgumentException("destination " + destination
                    + ": registry, clock and store suppliers are required");
        }
        this.registry = registry;
        this.destination = MetricNames.checkLabel(destination);
        this.clock = clock;
        try {
            events = register(MetricNames.EVENTS, new Meter());
            rows = register(MetricNames.ROWS, new Meter());
            bytes = register(MetricNames.BYTES, new Meter());
            entries = register(MetricNames.ENTRIES, new Meter());
            register(MetricNames.SOURCE_DELAY_MS, (Gauge<Long>) this::sourceDelayMillis);
            register(MetricNames.SOURCE_BINLOG_FILE, (Gauge<Long>) () -> last.fileNumber());
            register(MetricNames.SOURCE_BINLOG_OFFSET, (Gauge<Long>) () -> last.offset());
            register(MetricNames.STORE_BYTES, (Gauge<Long>) storeBytes::getAsLong);
            register(MetricNames.STORE_HEAD_SEQUENCE, (Gauge<Long>) storeHeadSequence::getAsLong);
            register(MetricNames.RUNNING, (Gauge<Integer>) () -> running ? 1 : 0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends Metric> T register(String metric, T value) {
        String name = MetricNames.destination(destination, metric);
        try {
            registry.register(name, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("destination " + destination + ": metric " + name
                    + " is already registered; close the destination's previous DestinationMetrics first", e);
        }
        synchronized (names) {
            names.add(name);
        }
        return value;
    }

    public String destination() {
        return destination;
    }

    /**
     * One binlog event read from the source.
     *
     * @param bytes            the event's size in the binlog
     * @param commitTimeMillis the event's timestamp (the source's commit time), epoch milliseconds
     * @param binlogFile       the binlog file it was read from, e.g. {@code mysql-bin.000042}
     * @param offset           its offset in that file
     */
    public void onEvent(long bytes, long commitTimeMillis, String binlogFile, long offset) {
        events.mark();
        this.bytes.mark(bytes);
        LastEvent previous = last;
        // the file changes once per rotation: parse its number then, not for every event
        long fileNumber = binlogFile.equals(previous.binlogFile()) ? previous.fileNumber()
                : binlogFileNumber(binlogFile);
        last = new LastEvent(commitTimeMillis, binlogFile, fileNumber, offset);
    }

    /** Row images turned into entries. */
    public void onRows(int rows) {
        this.rows.mark(rows);
    }

    /** Entries appended to the store. */
    public void onEntries(int entries) {
        this.entries.mark(entries);
    }

    public void setRunning(boolean running) {
        this.running = running;
    }

    /** Now minus the last event's commit time, -1 before the first event. */
    public long sourceDelayMillis() {
        LastEvent e = last;
        if (e == NONE) {
            return -1;
        }
        // the source's clock may run ahead of ours; a negative delay would only confuse alerts
        return Math.max(0, clock.millis() - e.commitTimeMillis());
    }

    /**
     * The numeric suffix of a binlog file name ({@code mysql-bin.000042} → 42), or -1 when the name has none: a
     * metric is no reason to stop streaming.
     */
    static long binlogFileNumber(String binlogFile) {
        int dot = binlogFile.lastIndexOf('.');
        if (dot < 0) {
            return -1;
        }
        String suffix = binlogFile.substring(dot + 1);
        if (suffix.isEmpty() || suffix.length() > 18) {
            return -1;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (suffix.charAt(i) < '0' || suffix.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(suffix);
    }

    /** Unregisters every metric of the destination. Idempotent. */
    @Override
    public void close() {
        synchronized (names) {
            names.forEach(registry::remove);
            names.clear();
        }
    }
}
