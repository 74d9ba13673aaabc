package io.sluice.node.pipeline;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.position.BinlogPosition;
import io.sluice.coordinator.schema.DdlRecord;
import io.sluice.coordinator.schema.SchemaHistoryStore;
import io.sluice.coordinator.schema.SchemaHistoryWriter;
import io.sluice.coordinator.schema.SnapshotLookup;
import io.sluice.coordinator.schema.SourcePoint;
import io.sluice.node.binlog.ColumnHints;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.QueryEvent;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.entry.TableDefinitionLookup;
import io.sluice.node.schema.SchemaChange;
import io.sluice.node.schema.SchemaCodec;
import io.sluice.node.schema.SchemaHints;
import io.sluice.node.schema.SchemaHistory;
import io.sluice.node.schema.SchemaHistoryException;
import io.sluice.node.schema.SchemaSnapshot;
import io.sluice.node.schema.SourceSchemaLoader;
import io.sluice.node.schema.TableDefinition;
import io.sluice.node.schema.TableMapCheck;
import io.sluice.node.schema.TableName;
import io.sluice.node.source.DecodedEvent;

/**
 * Owns the schema history of one destination and keeps its shared copy in the {@link SchemaHistoryStore}.
 *
 * <p><b>Start.</b> {@link #start} claims the stored history for the leadership epoch, then:
 * <ul>
 *   <li>with no snapshot stored (first start): loads the selected tables from the source at the start position
 *       ({@link SourceSchemaLoader}) and stores them as the first snapshot, positioned at the start position;</li>
 *   <li>otherwise: rebuilds the definitions of the cursor's moment from the store alone, never from the source's
 *       present schema: the newest snapshot positioned at or before the cursor, plus every stored DDL record
 *       positioned before the cursor. Records at or after the cursor are kept aside: the binlog will show them
 *       again, and they are applied then, without being appended a second time.</li>
 * </ul>
 *
 * <p><b>Positions.</b> A DDL record carries the position where its QUERY event starts, with the transaction's GTID
 * and the event's timestamp. A snapshot carries the position its definitions hold from: the start position for the
 * first one, the position right after the DDL event (or TABLE_MAP) it follows for later ones. A cursor is always a
 * position between events, so "record before the cursor" and "snapshot at or before the cursor" are exact.
 *
 * <p><b>DDL.</b> {@link #onQuery} applies each statement. When the definitions changed (also for a table the
 * filter excludes, and for database statements, whose charsets later tables inherit) it appends a record; every
 * {@link Options#snapshotEvery()}-th record also writes a snapshot. A statement the parser cannot read for a
 * selected table stops the destination with {@link PipelineException}, whose message is the history's.
 *
 * <p><b>TABLE_MAP.</b> {@link #onTableMap} compares a selected table's TABLE_MAP with its definition
 * ({@link TableMapCheck}). A disagreement <em>at the head</em> of the binlog, meaning the event was written no
 * more than {@link Options#headWindow()} before now by this tracker's clock, is resolved by reading the table from
 * the source, provided the source's present definition agrees with the TABLE_MAP; the refresh is logged and stored
 * as a snapshot. Anywhere else (behind the head, or the source disagrees too) the destination stops with
 * {@link TableMapCheck.Mismatch#describe}: the source's present schema cannot stand in for a past one.
 *
 * <p>Not thread-safe: one pipeline thread calls {@link #onQuery} and {@link #onTableMap}. {@link #hints()} and
 * {@link #tables()} may be read from the decoder on that thread; they read the history's immutable snapshots.
 */
public final class SchemaTracker {
    private static final Logger log = LoggerFactory.getLogger(SchemaTracker.class);

    /**
     * @param snapshotEvery a snapshot after every so many DDL records, so a rebuild applies fewer than that many
     * @param headWindow    how old an event may be and still count as at the head of the binlog
     */
    public record Options(int snapshotEvery, Duration headWindow) {
        public static final int DEFAULT_SNAPSHOT_EVERY = 50;
        public static final Duration DEFAULT_HEAD_WINDOW = Duration.ofSeconds(10);

        public Options {
            if (snapshotEvery < 1) {
                throw new IllegalArgumentException("snapshotEvery must be >= 1, got " + snapshotEvery);
            }
            Objects.requireNonNull(headWindow, "headWindow");
            if (headWindow.isNegative()) {
                throw new IllegalArgumentException("headWindow must not be negative, got " + headWindow);
            }
        }

        /** A snapshot every 50 DDL records; the head is the last 10 seconds. */
        public static Options defaults() {
            return new Options(DEFAULT_SNAPSHOT_EVERY, DEFAULT_HEAD_WINDOW);
        }
    }

    private final String destination;
    private final SchemaHistoryWriter writer;
    private final SchemaHistory history;
    private final SchemaHints hints;
    private final SourceSchemaLoader source;
    private final Predicate<TableName> selected;
    private final Clock clock;
    private final Options options;
    /** Stored records at or after the start position, oldest first: the binlog shows them again. */
    private final ArrayDeque<DdlRecord> ahead;
    private Runnable onChange = () -> { };

    private SchemaTracker(SchemaHistoryStore store, SchemaHistoryWriter writer, SchemaHistory history,
            ArrayDeque<DdlRecord> ahead, SourceSchemaLoader source, Predicate<TableName> selected, Clock clock,
            Options options) {
        this.destination = store.destination();
        this.writer = writer;
        this.history = history;
        this.hints = new SchemaHints(history);
        this.ahead = ahead;
        this.source = source;
        this.selected = selected;
        this.clock = clock;
        this.options = options;
    }

    /**
     * Claims the stored history and builds the definitions of position {@code at}: loaded from the source on the
     * first start, rebuilt from the store on every later one.
     *
     * @param store    the destination's shared history
     * @param epoch    the leadership epoch (fences older writers)
     * @param selected the destination's table filter
     * @param source   reads definitions from the source: the first snapshot, and refreshes at the head
     * @param at       the start position (first start) or the cursor
     * @throws PipelineException when the stored history has nothing at or before {@code at}, or a stored record
     *                           cannot be applied
     * @throws IOException       when the source cannot be read on a first start
     */
    public static SchemaTracker start(SchemaHistoryStore store, long epoch, Predicate<TableName> selected,
            SourceSchemaLoader source, BinlogPosition at, Clock clock, Options options)
            throws IOException, PipelineException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(selected, "selected");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(options, "options");
        SchemaHistoryWriter writer = store.claim(epoch);
        long lastSequence = store.head().lastSequence();
        SnapshotLookup newest = store.latestSnapshotAtOrBefore(lastSequence);
        if (newest.snapshot().isEmpty()) {
            if (!store.ddlAfter(0).isEmpty()) {
                throw new PipelineException("[dest=" + store.destination() + "] the stored schema history has DDL "
                        + "records but no snapshot to apply them to; reset the destination's schema history");
            }
            SchemaSnapshot initial = source.load(selected);
            writer.writeSnapshot(new io.sluice.coordinator.schema.SchemaSnapshot(writer.lastSequence(),
                    SourcePoint.of(at, clock.instant()), SchemaCodec.encode(initial)));
            log.info("[dest={}] first start at {}: loaded {} table definitions from the source and stored them as "
                    + "the first schema snapshot", store.destination(), at, initial.tables().size());
            return new SchemaTracker(store, writer, new SchemaHistory(initial, selected), new ArrayDeque<>(), source,
                    selected, clock, options);
        }
        io.sluice.coordinator.schema.SchemaSnapshot base = newest.snapshot().get();
        while (base.position().binlog().compareTo(at) > 0) {
            if (base.coversSequence() == 0) {
                throw noBase(store, at, base);
            }
            SnapshotLookup older = store.latestSnapshotAtOrBefore(base.coversSequence() - 1);
            if (older.snapshot().isEmpty()) {
                throw noBase(store, at, base);
            }
            base = older.snapshot().get();
        }
        SchemaHistory history = new SchemaHistory(SchemaCodec.decode(base.payload()), selected);
        ArrayDeque<DdlRecord> ahead = new ArrayDeque<>();
        int applied = 0;
        for (DdlRecord r : store.ddlAfter(base.coversSequence())) {
            if (ahead.isEmpty() && r.position().binlog().compareTo(at) < 0) {
                try {
                    history.apply(r.statement(), r.schema());
                } catch (SchemaHistoryException e) {
                    throw new PipelineException("[dest=" + store.destination() + "] stored DDL record " + r.sequence()
                            + " at " + r.position() + " cannot be applied while rebuilding the schema for " + at
                            + ": " + e.getMessage(), e);
                }
                applied++;
            } else {
                ahead.add(r);
            }
        }
        log.info("[dest={}] rebuilt the schema history for {} from the store: snapshot covering DDL {} at {}, then {} "
                + "DDL records; {} stored records lie ahead", store.destination(), at, base.coversSequence(),
                base.position().binlog(), applied, ahead.size());
        return new SchemaTracker(store, writer, history, ahead, source, selected, clock, options);
    }

    private static PipelineException noBase(SchemaHistoryStore store, BinlogPosition at,
            io.sluice.coordinator.schema.SchemaSnapshot oldest) {
        return new PipelineException("[dest=" + store.destination() + "] no stored schema snapshot holds at or before "
                + at + " (the oldest found is at " + oldest.position().binlog() + "); the cursor is older than the "
                + "schema history, so the definitions of its moment are unknown. Fix: start the destination at a "
                + "position at or after " + oldest.position().binlog());
    }

    /** Called after every change of the definitions, e.g. to make the decoder forget its cached layouts. */
    public void onChange(Runnable listener) {
        this.onChange = Objects.requireNonNull(listener, "listener");
    }

    /** What the rows decoder lacks in a TABLE_MAP, from the history. */
    public ColumnHints.Source hints() {
        return hints;
    }

    /** The definitions for the entry builder, as of the event being converted. */
    public TableDefinitionLookup tables() {
        return (schema, table) -> history.table(schema, table).orElse(null);
    }

    /** The definitions now. */
    public SchemaSnapshot snapshot() {
        return history.snapshot();
    }

    /** Whether the destination's filter selects the table. */
    public boolean isSelected(TableName name) {
        return selected.test(name);
    }

    /**
     * Applies the statement of a QUERY event and stores it when it changed the definitions.
     *
     * @param event a QUERY event holding a statement (not transaction control)
     * @param gtid  the GTID of its transaction, null when none
     * @return what the statement did
     * @throws PipelineException when the statement cannot be followed, or the stored history disagrees with the
     *                           binlog
     */
    public SchemaChange onQuery(DecodedEvent event, String gtid) throws PipelineException {
        QueryEvent q = (QueryEvent) event.event();
        SchemaSnapshot before = history.snapshot();
        SchemaChange change;
        try {
            change = history.apply(q);
        } catch (SchemaHistoryException e) {
            throw new PipelineException("[dest=" + destination + "] at " + event.position() + ": " + e.getMessage(), e);
        }
        boolean changed = !history.snapshot().equals(before);
        BinlogPosition at = event.position().binlogPosition();
        DdlRecord known = ahead.peek();
        if (known != null) {
            int order = known.position().binlog().compareTo(at);
            if (order < 0 || order == 0 && !known.statement().equals(q.sql()) || order > 0 && changed) {
                throw new PipelineException("[dest=" + destination + "] the stored schema history disagrees with "
                        + "the binlog: it holds DDL record " + known.sequence() + " at " + known.position().binlog()
                        + " (`" + known.statement() + "`), but the binlog has `" + q.sql() + "` at " + at + ". The "
                        + "history belongs to another source or binlog; reset the destination's schema history");
            }
            if (order == 0) {
                ahead.poll();
            }
        } else if (changed) {
            DdlRecord r = writer.append(new SourcePoint(at, gtid, Instant.ofEpochSecond(q.header().timestamp())),
                    q.defaultDatabase(), q.sql(), null);
            if (r.sequence() % options.snapshotEvery() == 0) {
                storeSnapshot(r.sequence(), event);
            }
        }
        if (changed) {
            onChange.run();
        }
        return change;
    }

    /**
     * Checks a TABLE_MAP of a selected table against the history; see the class comment for what a disagreement
     * does.
     *
     * @throws PipelineException behind the head, or when the source does not explain the TABLE_MAP either
     * @throws IOException       when the source cannot be read for a refresh
     */
    public void onTableMap(DecodedEvent event) throws PipelineException, IOException {
        TableMapEvent t = (TableMapEvent) event.event();
        TableName name = new TableName(t.schema(), t.table());
        if (!selected.test(name)) {
            return;
        }
        TableDefinition def = history.table(t.schema(), t.table()).orElse(null);
        String problem;
        if (def == null) {
            problem = "TABLE_MAP for " + t.qualifiedName() + " at " + event.position() + ": the schema history does "
                    + "not know this selected table";
        } else {
            Optional<TableMapCheck.Mismatch> mismatch = TableMapCheck.check(t, def);
            if (mismatch.isEmpty()) {
                return;
            }
            problem = mismatch.get().describe(event.position().toString());
        }
        if (!atHead(t.header())) {
            throw new PipelineException("[dest=" + destination + "] " + problem + ". The event is behind the head of "
                    + "the binlog (written " + age(t.header()).toSeconds() + " s ago, head window "
                    + options.headWindow().toSeconds() + " s), so the source's present definition cannot stand in for "
                    + "the one of its moment. Fix: exclude the table, or restart the destination from a position after"
                    + " the last DDL of the table");
        }
        TableDefinition fresh = source.loadTable(t.schema(), t.table()).orElse(null);
        if (fresh == null || TableMapCheck.check(t, fresh).isPresent()) {
            throw new PipelineException("[dest=" + destination + "] " + problem + ". The event is at the head of the "
                    + "binlog, but the source's present definition does not match it either ("
                    + (fresh == null ? "the table is gone" : TableMapCheck.check(t, fresh).get().reason())
                    + "); restart the destination from a later position");
        }
        history.refresh(fresh);
        log.warn("[dest={}] {}; at the head of the binlog, so the table was refreshed from the source", destination,
                problem);
        if (ahead.isEmpty()) {
            storeSnapshot(writer.lastSequence(), event);
        }
        onChange.run();
    }

    private void storeSnapshot(long covers, DecodedEvent after) {
        EventHeader h = after.event().header();
        BinlogPosition from = nextPosition(after);
        String id = writer.writeSnapshot(new io.sluice.coordinator.schema.SchemaSnapshot(covers,
                SourcePoint.of(from, Instant.ofEpochSecond(h.timestamp())), SchemaCodec.encode(history.snapshot())));
        log.info("[dest={}] stored schema snapshot {} covering DDL {}, holding from {}", destination, id, covers, from);
    }

    /** The position right after an event: its header's log position, or its start plus its size. */
    static BinlogPosition nextPosition(DecodedEvent e) {
        EventHeader h = e.event().header();
        long next = h.logPos() > 0 ? h.logPos() : e.position().offset() + h.eventSize();
        return new BinlogPosition(e.position().file(), next);
    }

    private boolean atHead(EventHeader h) {
        return age(h).compareTo(options.headWindow()) <= 0;
    }

    private Duration age(EventHeader h) {
        return Duration.between(Instant.ofEpochSecond(h.timestamp()), clock.instant());
    }
}
