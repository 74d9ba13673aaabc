package io.sluice.node.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.codahale.metrics.MetricRegistry;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.store.DurabilityPolicy;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.EventLogConfig;
import io.sluice.node.store.PositionNotRetainedException;
import io.sluice.node.store.StoreRecord;

/** A destination over a real {@link EventLog} with cursors in memory. Appends come from the test thread only. */
final class TestDestination implements ServedDestination {
    private final String name;
    private final EventLog log;
    private final MetricRegistry metrics = new MetricRegistry();
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();
    final List<String> acknowledgements = new CopyOnWriteArrayList<>();
    volatile long epoch = 1;
    volatile long retainedFrom;
    private long offset = 4;

    TestDestination(String name, Path dir) throws IOException {
        this.name = name;
        this.log = EventLog.open(dir, EventLogConfig.defaults().withDurability(DurabilityPolicy.os()));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public EventLog log() {
        return log;
    }

    @Override
    public long resumeSequence(String clientId) throws IOException {
        long sequence = cursors.getOrDefault(clientId, 0L);
        if (sequence < retainedFrom) {
            throw new PositionNotRetainedException("client " + clientId + ": sequence " + sequence
                    + " no longer retained (oldest " + retainedFrom + ")");
        }
        return sequence;
    }

    @Override
    public void acknowledge(String clientId, StoreRecord lastRecord) {
        if (!lastRecord.endsTransaction()) {
            throw new AssertionError("acknowledged a record that ends no transaction: " + lastRecord);
        }
        cursors.put(clientId, lastRecord.sequence() + 1);
        acknowledgements.add(clientId + "@" + lastRecord.sequence());
    }

    /** The acknowledged cursor: one past the last acknowledged record, or null. */
    Long cursor(String clientId) {
        return cursors.get(clientId);
    }

    @Override
    public MetricRegistry metrics() {
        return metrics;
    }

    /** Appends a transaction: one record per entry, the first flagged begin, the last end. */
    void appendTransaction(List<byte[]> entries) throws IOException {
        for (int i = 0; i < entries.size(); i++) {
            int flags = (i == 0 ? StoreRecord.TX_BEGIN : 0) | (i == entries.size() - 1 ? StoreRecord.TX_END : 0);
            log.append(flags, 1_700_000_000_000L + offset, new BinlogPosition("mysql-bin.000001", offset), "",
                    ByteBuffer.wrap(entries.get(i)));
            offset += 100;
        }
    }

    void close() throws IOException {
        log.close();
    }
}
