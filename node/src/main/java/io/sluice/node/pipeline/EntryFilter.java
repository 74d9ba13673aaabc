package io.sluice.node.pipeline;

import java.util.List;
import java.util.Objects;

import com.google.protobuf.InvalidProtocolBufferException;

import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.node.filter.ChangeOrigin;
import io.sluice.node.filter.ColumnSelection;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.node.schema.SchemaChange;

/**
 * Applies a {@link DestinationFilter} to the entries of one destination before they are stored: tables (rows events
 * are dropped before they are converted), columns of kept rows, kinds of entries. A DDL is filtered by the tables it
 * touched, a rename by canal's rename rule; the schema history has applied it in any case. Immutable and
 * thread-safe.
 */
final class EntryFilter {
    private final DestinationFilter filter;

    EntryFilter(DestinationFilter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    /** Whether rows of this table are kept; checked before a rows event is converted. */
    boolean keepsRows(String schema, String table) {
        return filter.tables().accepts(schema, table);
    }

    /** Whether the entry of a statement is kept. */
    boolean keepsStatement(SchemaChange change, EventType kind) {
        ChangeOrigin origin = kind == EventType.QUERY ? ChangeOrigin.OTHER_STATEMENT : ChangeOrigin.DDL;
        if (!filter.events().accepts(origin, kind)) {
            return false;
        }
        if (change.tables().isEmpty()) {
            return true;
        }
        for (SchemaChange.TableChange t : change.tables()) {
            boolean kept = t.previousName() != null
                    ? filter.tables().acceptsRename(t.previousName().schema(), t.previousName().name(),
                            t.name().schema(), t.name().name())
                    : filter.tables().accepts(t.name().schema(), t.name().name());
            if (kept) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entry as it is stored, or null when it is dropped.
     *
     * @param origin what the entry was made from; null for entries that are neither rows nor statements
     *               (transaction begin and end, GTID, heartbeat)
     */
    Entry apply(Entry entry, ChangeOrigin origin) {
        if (!filter.events().accepts(entry.getEntryType())) {
            return null;
        }
        if (origin == null) {
            return entry;
        }
        EventType type = entry.getHeader().getEventType();
        if (!filter.events().accepts(origin, type)) {
            return null;
        }
        if (origin != ChangeOrigin.ROWS) {
            return entry;
        }
        ColumnSelection columns = filter.columns().forTable(entry.getHeader().getSchemaName(),
                entry.getHeader().getTableName());
        return columns.acceptsAll() ? entry : withColumns(entry, columns);
    }

    private static Entry withColumns(Entry entry, ColumnSelection columns) {
        RowChange change;
        try {
            change = RowChange.parseFrom(entry.getStoreValue());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a rows entry just built does not parse: " + e.getMessage(), e);
        }
        RowChange.Builder filtered = change.toBuilder().clearRowDatas();
        for (RowData row : change.getRowDatasList()) {
            filtered.addRowDatas(RowData.newBuilder()
                    .addAllBeforeColumns(kept(row.getBeforeColumnsList(), columns))
                    .addAllAfterColumns(kept(row.getAfterColumnsList(), columns))
                    .addAllProps(row.getPropsList()));
        }
        return entry.toBuilder().setStoreValue(filtered.build().toByteString()).build();
    }

    private static List<Column> kept(List<Column> columns, ColumnSelection selection) {
        return columns.stream().filter(c -> selection.accepts(c.getName())).toList();
    }
}
