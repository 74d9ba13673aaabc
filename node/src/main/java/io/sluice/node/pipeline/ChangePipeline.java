package io.sluice.node.pipeline;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EventType;
import io.sluice.node.binlog.BinlogEvent;
import io.sluice.node.binlog.GtidEvent;
import io.sluice.node.binlog.IntVarEvent;
import io.sluice.node.binlog.MariaDbGtidEvent;
import io.sluice.node.binlog.QueryEvent;
import io.sluice.node.binlog.RandEvent;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.RowsQueryEvent;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.binlog.UserVarEvent;
import io.sluice.node.entry.EntryBuilder;
import io.sluice.node.filter.ChangeOrigin;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.node.schema.SchemaChange;
import io.sluice.node.schema.TableName;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.EventSource;
import io.sluice.node.source.TransactionBoundaries;

/**
 * One destination's change pipeline, in order: {@link EventSource} → {@link SchemaTracker} (DDL and TABLE_MAP) →
 * table filter → {@link EntryBuilder} → column and event-type filters → {@link EntrySink}.
 *
 * <p>{@link #run()} works on the caller's thread until the source ends, {@link #stop()} is called, or an error
 * stops the destination. It keeps a cursor: the position right after the last transaction all of whose entries
 * the sink accepted. A pipeline started again at that cursor (with a {@link SchemaTracker} rebuilt for it) hands
 * out exactly the entries that follow, none lost and none repeated, because the pipeline stops only between
 * transactions: a stop requested inside a transaction takes effect when the transaction ends.
 *
 * <p>The decoder that feeds the source must take its column hints from the tracker
 * ({@code new BinlogEventDecoder(tracker.hints())}); the entry builder its definitions
 * ({@code new EntryBuilder(options, tracker.tables())}).
 *
 * <p>Thread-safety: {@link #run()} once, on one thread; {@link #stop()} and {@link #cursor()} from any thread.
 */
public final class ChangePipeline {
    private static final Logger log = LoggerFactory.getLogger(ChangePipeline.class);

    private enum State { LATENT, RUNNING, STOPPED }

    private final String destination;
    private final EventSource source;
    private final SchemaTracker tracker;
    private final EntryBuilder builder;
    private final EntryFilter filter;
    private final EntrySink sink;
    private final TransactionBoundaries boundaries = new TransactionBoundaries();
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    /** Guards {@link #waiting} and {@link #runner}, so that stop() interrupts only a wait between transactions. */
    private final Object lock = new Object();
    private Thread runner;
    private boolean waiting;
    private volatile boolean stopRequested;
    private volatile PipelineCursor cursor;
    private volatile long entriesHandedOut;
    /** True when the last event handled ended a transaction or stood between transactions. */
    private boolean atBoundary = true;
    /** The position after the last event outside a transaction payload; inner events end where their payload does. */
    private BinlogPosition afterOuter;
    /** The index of the current event in its transaction, counting every event from the one that opened it. */
    private int eventIndex;

    /**
     * @param start where the source starts: the start position or the cursor of the previous run
     */
    public ChangePipeline(String destination, EventSource source, SchemaTracker tracker, EntryBuilder builder,
            DestinationFilter filter, EntrySink sink, PipelineCursor start) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.source = Objects.requireNonNull(source, "source");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.builder = Objects.requireNonNull(builder, "builder");
        this.filter = new EntryFilter(filter);
        this.sink = Objects.requireNonNull(sink, "sink");
        this.cursor = Objects.requireNonNull(start, "start");
    }

    /** The position after the last transaction handed to the sink completely. Thread-safe. */
    public PipelineCursor cursor() {
        return cursor;
    }

    /** Entries handed to the sink so far. Thread-safe. */
    public long entriesHandedOut() {
        return entriesHandedOut;
    }

    /**
     * Asks the pipeline to stop at the next transaction boundary: at once when it waits for the source between
     * transactions, else when the current transaction ends. May be called from any thread, also from the sink.
     */
    public void stop() {
        stopRequested = true;
        synchronized (lock) {
            if (waiting && runner != null) {
                runner.interrupt();
            }
        }
    }

    /**
     * Runs until the source ends, {@link #stop()} takes effect, or an error stops the destination. Does not close
     * the source.
     *
     * @return the cursor
     * @throws PipelineException    when the schema history cannot follow the source, or the sink failed
     * @throws IOException          when the source failed
     * @throws InterruptedException when the thread was interrupted other than by {@link #stop()}
     */
    public PipelineCursor run() throws PipelineException, IOException, InterruptedException {
        if (!state.compareAndSet(State.LATENT, State.RUNNING)) {
            throw new IllegalStateException("[dest=" + destination + "] a pipeline runs once; build a new one to "
                    + "restart from its cursor");
        }
        synchronized (lock) {
            runner = Thread.currentThread();
        }
        log.info("[dest={}] pipeline starts at {}", destination, cursor);
        try {
            while (!(stopRequested && atBoundary)) {
                DecodedEvent event;
                try {
                    event = next();
                } catch (InterruptedException e) {
                    if (stopRequested && atBoundary) {
                        break;
                    }
                    throw e;
                }
                if (event == null) {
                    log.info("[dest={}] the source has no more events", destination);
                    break;
                }
                handle(event);
            }
            log.info("[dest={}] pipeline stops at {} after {} entries", destination, cursor, entriesHandedOut);
            return cursor;
        } finally {
            synchronized (lock) {
                runner = null;
            }
            state.set(State.STOPPED);
        }
    }

    /**
     * The next event. Between transactions the wait may be interrupted by {@link #stop()}; stop() sets its flag
     * before taking the lock, so either this method sees the flag under the lock or stop() sees the wait.
     */
    private DecodedEvent next() throws IOException, InterruptedException {
        synchronized (lock) {
            if (stopRequested && atBoundary) {
                throw new InterruptedException("stop requested");
            }
            waiting = atBoundary;
        }
        try {
            return source.next();
        } finally {
            synchronized (lock) {
                waiting = false;
            }
            if (stopRequested) {
                Thread.interrupted(); // stop() may have interrupted after the event arrived; the flag suffices
            }
        }
    }

    private void handle(DecodedEvent e) throws PipelineException, IOException {
        BinlogEvent event = e.event();
        if (!e.position().isInner()) {
            afterOuter = SchemaTracker.nextPosition(e);
        }
        if (atBoundary) {
            eventIndex = 0;
        } else {
            eventIndex++;
        }
        boolean ends = boundaries.observe(event);
        if (event instanceof TableMapEvent) {
            tracker.onTableMap(e);
        } else if (event instanceof RowsEvent r) {
            if (filter.keepsRows(r.table().schema(), r.table().table())) {
                emit(builder.entries(e), e, ChangeOrigin.ROWS);
            }
        } else if (EntryBuilder.needsDdlKind(event)) {
            SchemaChange change = tracker.onQuery(e, boundaries.gtid());
            EventType kind = EventType.valueOf(change.kind().name());
            if (filter.keepsStatement(change, kind)) {
                List<TableName> names = change.tables().stream().map(SchemaChange.TableChange::name).toList();
                hand(builder.ddl(e, kind, names), e);
            }
        } else {
            emit(builder.entries(e), e, event instanceof RowsQueryEvent ? ChangeOrigin.STATEMENT_TEXT : null);
        }
        if (ends) {
            PipelineCursor after = new PipelineCursor(afterOuter, boundaries.gtid());
            try {
                sink.transactionEnded(after);
            } catch (Exception ex) {
                throw new PipelineException("[dest=" + destination + "] the sink refused the end of the transaction "
                        + "before " + after + ": " + ex.getMessage() + "; the cursor stays at " + cursor, ex);
            }
            cursor = after;
            atBoundary = true;
        } else if (opensTransaction(event)) {
            atBoundary = false;
        }
    }

    private void emit(List<Entry> entries, DecodedEvent e, ChangeOrigin origin) throws PipelineException {
        for (Entry entry : entries) {
            Entry kept = filter.apply(entry, origin);
            if (kept != null) {
                hand(kept, e);
            }
        }
    }

    private void hand(Entry entry, DecodedEvent e) throws PipelineException {
        try {
            sink.accept(ChangeIdentity.stamp(entry, e.position(), eventIndex), e.position());
        } catch (Exception ex) {
            throw new PipelineException("[dest=" + destination + "] the sink refused the entry of " + e.position()
                    + ": " + ex.getMessage() + "; the cursor stays at " + cursor, ex);
        }
        entriesHandedOut++;
    }

    /** Events that belong to a transaction; others (ROTATE, FORMAT_DESCRIPTION, heartbeats...) stand between. */
    private static boolean opensTransaction(BinlogEvent event) {
        return event instanceof GtidEvent || event instanceof MariaDbGtidEvent || event instanceof QueryEvent
                || event instanceof TableMapEvent || event instanceof RowsEvent || event instanceof RowsQueryEvent
                || event instanceof IntVarEvent || event instanceof UserVarEvent || event instanceof RandEvent;
    }
}
