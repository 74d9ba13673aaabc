package io.sluice.node.entry;

import java.util.List;

import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.node.binlog.ColumnSpec;
import io.sluice.node.binlog.RowImage;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.TableLayout;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.schema.ColumnDefinition;
import io.sluice.node.schema.TableDefinition;
import io.sluice.node.source.DecodedEvent;

/**
 * One ROWDATA entry per rows event, with every row, as canal's {@code LogEventConvert.parseRowsEvent}: INSERT rows
 * carry only after columns, DELETE rows only before columns, UPDATE rows both; a column absent from a MINIMAL or
 * NOBLOB image is left out of that image.
 *
 * <p>Column flags, as canal sets them: {@code isNull} for SQL NULL (and then no value); {@code updated} only in after
 * images, true unless the before image has the same column index with the same text (or NULL on both sides), so
 * every INSERT column and every after column without a before counterpart is updated; {@code isKey} from the primary
 * key.
 *
 * <p>Not thread-safe (shares the builder's header state); stateless itself.
 */
final class RowChangeEntries {
    private final ColumnValueText values;

    RowChangeEntries(ColumnValueText values) {
        this.values = values;
    }

    Entry build(DecodedEvent e, RowsEvent rows, TableDefinition definition, Headers headers) {
        TableMapEvent table = rows.table();
        TableLayout layout = rows.layout();
        if (definition != null && definition.columns().size() != layout.columnCount()) {
            throw new IllegalStateException("table " + table.qualifiedName() + " at " + e.position() + ": the binlog"
                    + " has " + layout.columnCount() + " columns but the schema history's definition has "
                    + definition.columns().size() + "; the history is out of step with the binlog (a DDL it missed"
                    + " or misparsed)");
        }
        EventType type = switch (rows.kind()) {
            case INSERT -> EventType.INSERT;
            case UPDATE -> EventType.UPDATE;
            case DELETE -> EventType.DELETE;
        };
        int[] keys = definition == null ? table.metadata().primaryKey() : null;
        RowChange.Builder change = RowChange.newBuilder()
                .setTableId(table.tableId())
                .setEventType(type)
                .setIsDdl(false);
        List<RowsEvent.RowChange> list = rows.rows();
        for (int r = 0; r < list.size(); r++) {
            RowsEvent.RowChange row = list.get(r);
            RowData.Builder data = RowData.newBuilder();
            if (row.before() != null) {
                image(data, row.before(), definition, keys, false);
            }
            if (row.after() != null) {
                image(data, row.after(), definition, keys, true);
            }
            change.addRowDatas(data);
        }
        return Entry.newBuilder()
                .setHeader(headers.create(e, table.schema(), table.table(), type, list.size()))
                .setEntryType(EntryType.ROWDATA)
                .setStoreValue(change.build().toByteString())
                .build();
    }

    private void image(RowData.Builder data, RowImage image, TableDefinition definition, int[] keys,
            boolean after) {
        int n = image.columnCount();
        for (int i = 0; i < n; i++) {
            if (!image.isPresent(i)) {
                continue;
            }
            ColumnSpec spec = image.column(i);
            ColumnDefinition def = definition == null ? null : definition.columns().get(i);
            Column.Builder col = Column.newBuilder().setIndex(i);
            if (def != null) {
                col.setName(def.name()).setIsKey(definition.isKey(def)).setMysqlType(def.columnType());
            } else {
                if (spec.name() != null) {
                    col.setName(spec.name());
                }
                col.setIsKey(contains(keys, i)).setMysqlType(MysqlTypeText.of(spec));
            }
            ColumnValueText.Value v = values.of(image, i, def);
            col.setSqlType(v.sqlType());
            col.setIsNull(v.text() == null);
            if (v.text() != null) {
                col.setValue(v.text());
            }
            col.setUpdated(after && updated(data, i, v.text()));
            if (after) {
                data.addAfterColumns(col);
            } else {
                data.addBeforeColumns(col);
            }
        }
    }

    /** canal's {@code isUpdate}: changed unless the before image has this index with equal text or both NULL. */
    private static boolean updated(RowData.Builder data, int index, String text) {
        int n = data.getBeforeColumnsCount();
        for (int k = 0; k < n; k++) {
            Column before = data.getBeforeColumns(k);
            if (before.getIndex() == index) {
                if (before.getIsNull()) {
                    return text != null;
                }
                return text == null || !before.getValue().equals(text);
            }
        }
        return true;
    }

    private static boolean contains(int[] keys, int i) {
        if (keys == null) {
            return false;
        }
        for (int k : keys) {
            if (k == i) {
                return true;
            }
        }
        return false;
    }
}
