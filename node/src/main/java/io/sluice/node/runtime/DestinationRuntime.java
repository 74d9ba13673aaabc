package io.sluice.node.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.MetricRegistry;

import io.sluice.common.config.DestinationSpec;
import io.sluice.coordinator.ZkPaths;
import io.sluice.coordinator.cursor.ClientCursor;
import io.sluice.coordinator.cursor.CoalescingCursorWriter;
import io.sluice.coordinator.cursor.CursorStore;
import io.sluice.coordinator.schema.SchemaHistoryOptions;
import io.sluice.coordinator.schema.ZkSchemaHistoryStore;
import io.sluice.node.metrics.DestinationHealth;
import io.sluice.node.metrics.DestinationMetrics;
import io.sluice.node.server.ServedDestination;
import io.sluice.node.source.SourceMetrics;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.FlushScheduler;
import io.sluice.node.store.PositionNotRetainedException;
import io.sluice.node.store.RetentionResult;
import io.sluice.node.store.StoreRecord;

/**
 * One destination led by this node: its store, its source stream (run by a {@link SourceRun} on a thread of its
 * own, restarted with a capped backoff after a failure), its clients' cursors, and its metrics. It is what the
 * client server serves ({@link ServedDestination}).
 *
 * <p>Client cursors are kept in source terms in ZooKeeper (see {@link CursorStore}); the store is only this node's
 * copy of the stream, so another node can take over with its own store and the same cursors.
 */
public final class DestinationRuntime implements ServedDestination, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DestinationRuntime.class);
    private static final Duration RETRY_MIN = Duration.ofMillis(500);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);

    private final DestinationSpec spec;
    private final long epoch;
    private final EventLog store;
    private final CursorStore cursors;
    private final CoalescingCursorWriter cursorWriter;
    private final ZkSchemaHistoryStore schemaHistory;
    private final MetricRegistry registry;
    private final DestinationMetrics metrics;
    private final SourceMetrics sourceMetrics;
    private final Function<String, String> env;
    private final Clock clock;
    /** The newest acknowledgement per client in this process; ZooKeeper may lag by the coalescing interval. */
    private final Map<String, ClientCursor> acknowledged = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile SourceRun run;
    private volatile String state = "STARTING";
    private volatile String lastError;

    /**
     * Opens the destination's store (recovering it) and prepares the run; {@link #start()} starts streaming.
     *
     * @param storeDir this destination's store directory on this node
     * @param flushes  the node's thread for interval flushes, shared by all its stores
     * @param epoch    this node's leadership term for the destination
     */
    public DestinationRuntime(DestinationSpec spec, Path storeDir, FlushScheduler flushes, CuratorFramework curator,
            ZkPaths paths, long epoch, MetricRegistry registry, Function<String, String> env, Clock clock)
            throws IOException {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.epoch = epoch;
        this.registry = Objects.requireNonNull(registry, "registry");
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = EventLog.open(storeDir, DestinationSettings.store(spec.store()), flushes);
        store.lastRecovery().ifPresent(r -> log.info("[dest={}] store recovered: {}", spec.name(), r));
        this.cursors = new CursorStore(curator, paths);
        this.cursorWriter = new CoalescingCursorWriter(cursors, spec.name(),
                CoalescingCursorWriter.DEFAULT_MIN_INTERVAL);
        this.schemaHistory = new ZkSchemaHistoryStore(curator, paths, spec.name(), SchemaHistoryOptions.defaults());
        this.metrics = new DestinationMetrics(registry, spec.name(), clock, store::sizeInBytes,
                store::nextSequence);
        this.sourceMetrics = new SourceMetrics(registry, "sluice.source." + spec.name());
        this.thread = new Thread(this::runLoop, "destination-" + spec.name());
    }

    public void start() {
        thread.start();
    }

    private void runLoop() {
        Duration wait = RETRY_MIN;
        try {
            while (!stopping) {
                try {
                    SourceRun current = new SourceRun(spec, epoch, store, schemaHistory, env, clock, metrics,
                            sourceMetrics);
                    run = current;
                    if (stopping) {
                        break;
                    }
                    state = "RUNNING";
                    metrics.setRunning(true);
                    current.run(ResumePlanner.plan(spec.name(), store, knownCursors()));
                    wait = RETRY_MIN;
                    lastError = null;
                } catch (InterruptedException e) {
                    if (!stopping) {
                        fail(e);
                    }
                } catch (Exception | LinkageError e) {
                    fail(e);
                } finally {
                    metrics.setRunning(false);
                    run = null;
                }
                if (!stopping) {
                    log.warn("[dest={}] source stream stopped; retrying in {} ms", spec.name(), wait.toMillis());
                    if (stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    wait = wait.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait.multipliedBy(2);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state = "STOPPED";
        }
    }

    private void fail(Throwable e) {
        state = DestinationHealth.FAILED;
        lastError = e.getMessage() == null ? e.toString() : e.getMessage();
        log.error("[dest={}] {}", spec.name(), lastError, log.isDebugEnabled() ? e : null);
    }

    private List<ClientCursor> knownCursors() throws IOException {
        Map<String, ClientCursor> all = new ConcurrentHashMap<>(cursors.list(spec.name()));
        all.putAll(acknowledged);
        return new ArrayList<>(all.values());
    }

    // ---------------------------------------------------------------------------------------------------------
    // ServedDestination

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public EventLog log() {
        return store;
    }

    @Override
    public long resumeSequence(String clientId) throws IOException {
        Optional<ClientCursor> cursor = Optional.ofNullable(acknowledged.get(clientId));
        if (cursor.isEmpty()) {
            cursor = cursors.load(spec.name(), clientId);
        }
        if (cursor.isEmpty()) {
            return store.firstSequence();
        }
        return sequenceAfter(cursor.get());
    }

    private long sequenceAfter(ClientCursor cursor) throws IOException {
        return CursorLookup.firstAfter(spec.name(), store, cursor.position());
    }

    @Override
    public void acknowledge(String clientId, StoreRecord lastRecord) {
        ClientCursor cursor = new ClientCursor(lastRecord.binlogPosition(), lastRecord.gtidSet(),
                lastRecord.commitTimeMillis(), clock.millis());
        acknowledged.put(clientId, cursor);
        cursorWriter.accept(clientId, cursor);
    }

    @Override
    public MetricRegistry metrics() {
        return registry;
    }

    /**
     * Applies the store's retention limits, protecting every record after the lowest cursor of the destination's
     * registered clients (those with a cursor in ZooKeeper or acknowledged here). Called periodically by the node.
     */
    public RetentionResult applyRetention() throws IOException {
        long protectedFrom = Long.MAX_VALUE;
        for (ClientCursor cursor : knownCursors()) {
            try {
                protectedFrom = Math.min(protectedFrom, sequenceAfter(cursor));
            } catch (PositionNotRetainedException e) {
                // already gone: this client cannot be protected any more
            }
        }
        RetentionResult result = store.applyRetention(protectedFrom);
        if (result.deletedAny()) {
            log.info("[dest={}] retention: {}", spec.name(), result);
        }
        return result;
    }

    /** What /health shows for this destination. */
    public DestinationHealth health(int clients) {
        SourceRun current = run;
        String position = current == null ? "" : current.position();
        return new DestinationHealth(spec.name(), state, position, metrics.sourceDelayMillis(),
                store.nextSequence(), lastError, clients);
    }

    /**
     * Stops at the next transaction boundary, flushes the store and the cursors. Bounded by {@code timeout}; what is
     * not done by then is left to recovery.
     */
    @Override
    public void close() {
        stopping = true;
        stopped.countDown();
        SourceRun current = run;
        if (current != null) {
            current.stop();
        }
        try {
            thread.join(5_000);
            if (thread.isAlive()) {
                log.warn("[dest={}] the source stream did not stop within 5 s; closing the store under it",
                        spec.name());
                thread.interrupt();
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            cursorWriter.close();
        } catch (RuntimeException e) {
            log.warn("[dest={}] cursors not flushed: {}", spec.name(), e.getMessage());
        }
        try {
            store.flush();
            store.close();
        } catch (IOException e) {
            log.warn("[dest={}] store not closed cleanly: {}", spec.name(), e.getMessage());
        }
        metrics.close();
        log.info("[dest={}] stopped", spec.name());
    }
}
