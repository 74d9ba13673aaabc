package io.sluice.node.binlog;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A TABLE_MAP event resolved column by column ({@link ColumnSpec}), with the {@link ColumnHints} that applied.
 * Built by {@link RowsEventDecoder} when a table's definition or hints change, and shared by every row image decoded
 * with it.
 *
 * <p>Immutable and thread-safe.
 */
public final class TableLayout {
    private final TableMapEvent table;
    private final ColumnHints hints;
    private final ColumnSpec[] columns;
    private final List<ColumnSpec> columnList;
    private final int jsonColumns;
    private final int[] jsonRank;
    private final boolean objects;

    private TableLayout(TableMapEvent table, ColumnHints hints, ColumnSpec[] columns) {
        this.table = table;
        this.hints = hints;
        this.columns = columns;
        this.columnList = Collections.unmodifiableList(Arrays.asList(columns));
        int json = 0;
        boolean obj = false;
        this.jsonRank = new int[columns.length];
        for (ColumnSpec c : columns) {
            jsonRank[c.index()] = json;
            if ((c.typeCode() & 0xff) == ColumnType.JSON.code()) {
                json++;
            }
            switch (c.kind()) {
                case DECIMAL, TEXT, BYTES, JSON, GEOMETRY, VECTOR -> obj = true;
                default -> {
                }
            }
        }
        this.jsonColumns = json;
        this.objects = obj;
    }

    /** Resolves every column of the table map; {@code hints} may be null. */
    public static TableLayout of(TableMapEvent table, ColumnHints hints) {
        ColumnHints h = hints == null ? ColumnHints.NONE : hints;
        int n = table.columnCount();
        ColumnSpec[] cols = new ColumnSpec[n];
        for (int i = 0; i < n; i++) {
            cols[i] = ColumnSpec.of(table, i, h);
        }
        return new TableLayout(table, h, cols);
    }

    /**
     * The TABLE_MAP event the layout was resolved from. Later TABLE_MAP events with the same definition reuse the
     * layout, so this may be an earlier one than {@link RowsEvent#table()}.
     */
    public TableMapEvent table() {
        return table;
    }

    public ColumnHints hints() {
        return hints;
    }

    public int columnCount() {
        return columns.length;
    }

    public ColumnSpec column(int i) {
        return columns[i];
    }

    public List<ColumnSpec> columns() {
        return columnList;
    }

    ColumnSpec[] columnArray() {
        return columns;
    }

    /** JSON columns of the table; the partial-update bitmap of PARTIAL_UPDATE_ROWS has one bit per such column. */
    public int jsonColumnCount() {
        return jsonColumns;
    }

    /** Number of JSON columns before column {@code i}: its bit in the partial-update bitmap. */
    int jsonRank(int i) {
        return jsonRank[i];
    }

    /** True when some column stores its values as objects (not in the long array) in a {@link RowImage}. */
    boolean hasObjectColumns() {
        return objects;
    }

    /** {@code schema.table (table id N)}. */
    public String describe() {
        return table.qualifiedName() + " (table id " + table.tableId() + ")";
    }
}
