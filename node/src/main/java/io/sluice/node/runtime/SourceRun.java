package io.sluice.node.runtime;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.config.DestinationSpec;
import io.sluice.common.position.BinlogPosition;
import io.sluice.coordinator.schema.SchemaHistoryStore;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.entry.EntryBuilder;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.node.metrics.DestinationMetrics;
import io.sluice.node.mysql.BinlogStream;
import io.sluice.node.mysql.BinlogStreamConfig;
import io.sluice.node.mysql.MysqlConnection;
import io.sluice.node.mysql.MysqlConnectionConfig;
import io.sluice.node.mysql.ReplicaSettings;
import io.sluice.node.mysql.ResumePoint;
import io.sluice.node.mysql.StartPosition;
import io.sluice.node.mysql.StartPositionResolver;
import io.sluice.node.pipeline.ChangePipeline;
import io.sluice.node.pipeline.PipelineCursor;
import io.sluice.node.pipeline.PipelineException;
import io.sluice.node.pipeline.SchemaTracker;
import io.sluice.node.schema.SourceSchemaLoader;
import io.sluice.node.schema.TableName;
import io.sluice.node.source.LiveEventSource;
import io.sluice.node.source.SourceMetrics;
import io.sluice.node.store.EventLog;

/**
 * One run of a destination's source stream: connect, rebuild the schema of the start position, stream into the
 * store until stopped or failed. A new run is built for every (re)start, so nothing of a failed run lingers.
 */
final class SourceRun {
    private static final Logger log = LoggerFactory.getLogger(SourceRun.class);

    private final DestinationSpec spec;
    private final long epoch;
    private final EventLog store;
    private final SchemaHistoryStore schemaHistory;
    private final Function<String, String> env;
    private final Clock clock;
    private final DestinationMetrics metrics;
    private final SourceMetrics sourceMetrics;
    private volatile ChangePipeline pipeline;
    private volatile boolean stopRequested;
    private volatile MeteredEventSource metered;

    SourceRun(DestinationSpec spec, long epoch, EventLog store, SchemaHistoryStore schemaHistory,
            Function<String, String> env, Clock clock, DestinationMetrics metrics, SourceMetrics sourceMetrics) {
        this.spec = spec;
        this.epoch = epoch;
        this.store = store;
        this.schemaHistory = schemaHistory;
        this.env = env;
        this.clock = clock;
        this.metrics = metrics;
        this.sourceMetrics = sourceMetrics;
    }

    /** Streams from {@code plan} until {@link #stop()} or a failure. */
    void run(ResumePlan plan) throws IOException, PipelineException, InterruptedException {
        MysqlConnectionConfig connection = DestinationSettings.connection(spec, env);
        ReplicaSettings replica = DestinationSettings.replica(spec);
        DestinationFilter filter = DestinationSettings.filter(spec.filter());
        try (MysqlConnection admin = MysqlConnection.open(connection)) {
            ResumePoint from;
            BinlogPosition schemaAt;
            String executed = plan.executedGtids();
            if (plan.origin() == ResumePlan.Origin.CONFIGURED) {
                StartPosition configured = DestinationSettings.start(spec.start());
                from = StartPositionResolver.resolve(configured, admin, connection, replica);
                // A GTID start has no file position; the first schema snapshot is today's schema anyway.
                schemaAt = from instanceof ResumePoint.AtFile f ? f.position()
                        : ((ResumePoint.AtFile) StartPositionResolver.resolve(StartPosition.latest(), admin,
                                connection, replica)).position();
                if (from instanceof ResumePoint.AtMysqlGtids g) {
                    executed = g.executed().toString();
                } else if (from instanceof ResumePoint.AtMariaDbGtids g) {
                    executed = g.position().toString();
                }
            } else {
                from = ResumePoint.file(plan.position());
                schemaAt = plan.position();
            }
            log.info("[dest={}] starting the source stream at {} ({})", spec.name(), from, plan);
            SchemaTracker tracker = SchemaTracker.start(schemaHistory, epoch,
                    (TableName t) -> filter.tables().accepts(t.schema(), t.name()), new SourceSchemaLoader(admin),
                    schemaAt, clock, SchemaTracker.Options.defaults());
            BinlogEventDecoder decoder = new BinlogEventDecoder(tracker.hints());
            tracker.onChange(decoder::invalidateLayouts);
            EntryBuilder builder = new EntryBuilder(DestinationSettings.entries(spec.entries()), tracker.tables(),
                    executed.isEmpty() ? null : executed);
            try (LiveEventSource live = new LiveEventSource(
                    BinlogStream.open(BinlogStreamConfig.of(connection, replica), from), decoder, sourceMetrics)) {
                MeteredEventSource source = new MeteredEventSource(live, metrics);
                metered = source;
                StoreSink sink = new StoreSink(store, (entry, size) -> metrics.onEntries(1));
                ChangePipeline p = new ChangePipeline(spec.name(), source, tracker, builder, filter, sink,
                        new PipelineCursor(schemaAt, null));
                pipeline = p;
                if (stopRequested) {
                    return;
                }
                PipelineCursor end = p.run();
                log.info("[dest={}] source stream ended at {}", spec.name(), end);
            }
        }
    }

    /** Asks the run to stop at the next transaction boundary; any thread. */
    void stop() {
        stopRequested = true;
        ChangePipeline p = pipeline;
        if (p != null) {
            p.stop();
        }
    }

    /** The position of the last event read, as an operator types it, or null before the first. */
    String position() {
        MeteredEventSource source = metered;
        return source == null ? null : source.lastPosition();
    }
}
