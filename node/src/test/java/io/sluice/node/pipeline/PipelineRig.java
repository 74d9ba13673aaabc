package io.sluice.node.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.protocol.Entry;
import io.sluice.coordinator.schema.SchemaHistoryStore;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.entry.EntryBuilder;
import io.sluice.node.entry.EntryOptions;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.node.mysql.BinlogStream;
import io.sluice.node.mysql.BinlogStreamConfig;
import io.sluice.node.mysql.ExponentialBackoff;
import io.sluice.node.mysql.MysqlConnection;
import io.sluice.node.mysql.MysqlConnectionConfig;
import io.sluice.node.mysql.ReplicaSettings;
import io.sluice.node.mysql.ResumePoint;
import io.sluice.node.mysql.TlsConfig;
import io.sluice.node.schema.SourceSchemaLoader;
import io.sluice.node.schema.TableName;
import io.sluice.node.source.LiveEventSource;
import io.sluice.testkit.MariaDbSandbox;

/**
 * Wires one run of a destination against a sandbox the way a node does: tracker first (it claims the stored
 * history and builds the definitions of the start position), then a decoder taking the tracker's hints, the live
 * source, the entry builder taking the tracker's definitions, and the pipeline with a list sink. The pipeline runs
 * on its own thread; {@link #join} waits for it with a bound.
 */
final class PipelineRig implements AutoCloseable {
    private static final AtomicLong SERVER_IDS = new AtomicLong(4100);

    final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());
    final ChangePipeline pipeline;
    private final MysqlConnection admin;
    private final LiveEventSource source;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile PipelineCursor result;

    /**
     * @param stopWhen asked after each entry with the entry and the count so far; true stops the pipeline (at the
     *                 end of the transaction)
     */
    PipelineRig(MariaDbSandbox db, SchemaHistoryStore store, long epoch, DestinationFilter filter,
            PipelineCursor start, int snapshotEvery, BiPredicate<Entry, Integer> stopWhen) throws Exception {
        admin = MysqlConnection.open(MysqlConnectionConfig.builder(db.host(), db.port()).user(db.adminUser())
                .password(db.adminPassword()).tls(TlsConfig.DISABLED).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(20)).build());
        SchemaTracker tracker = SchemaTracker.start(store, epoch,
                (TableName t) -> filter.tables().accepts(t.schema(), t.name()), new SourceSchemaLoader(admin),
                start.position(), Clock.systemUTC(), new SchemaTracker.Options(snapshotEvery, Duration.ofSeconds(10)));
        BinlogEventDecoder decoder = new BinlogEventDecoder(tracker.hints());
        tracker.onChange(decoder::invalidateLayouts);
        BinlogStream stream = BinlogStream.open(streamConfig(db), ResumePoint.file(start.position()));
        source = new LiveEventSource(stream, decoder);
        EntryBuilder builder = new EntryBuilder(EntryOptions.defaults(), tracker.tables());
        ChangePipeline[] self = new ChangePipeline[1];
        pipeline = new ChangePipeline(store.destination(), source, tracker, builder, filter, (entry, position) -> {
            entries.add(entry);
            if (stopWhen.test(entry, entries.size())) {
                self[0].stop();
            }
        }, start);
        self[0] = pipeline;
        thread = new Thread(() -> {
            try {
                result = pipeline.run();
            } catch (Throwable t) {
                failure = t;
            }
        }, "pipeline-" + store.destination() + "-" + epoch);
        thread.start();
    }

    static PipelineCursor at(BinlogPosition position) {
        return new PipelineCursor(position, null);
    }

    private static BinlogStreamConfig streamConfig(MariaDbSandbox db) {
        MysqlConnectionConfig connection = MysqlConnectionConfig.builder(db.host(), db.port())
                .user(db.replUser()).password(db.replPassword()).tls(TlsConfig.DISABLED)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(20)).build();
        ReplicaSettings replica = ReplicaSettings.defaults(SERVER_IDS.incrementAndGet())
                .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(5));
        return BinlogStreamConfig.of(connection, replica)
                .withBackoff(new ExponentialBackoff(Duration.ofMillis(20), Duration.ofMillis(300), 2));
    }

    /** Waits for the pipeline to end and returns its cursor; fails with the pipeline's own error. */
    PipelineCursor join(Duration timeout) throws Exception {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the pipeline did not stop within " + timeout + "; cursor "
                    + pipeline.cursor() + ", " + entries.size() + " entries");
        }
        if (failure != null) {
            throw new AssertionError("the pipeline failed: " + failure, failure);
        }
        return result;
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void close() throws Exception {
        pipeline.stop();
        thread.join(10_000);
        source.close();
        admin.close();
    }
}
