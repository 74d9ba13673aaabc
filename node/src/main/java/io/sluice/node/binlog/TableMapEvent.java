package io.sluice.node.binlog;

import java.util.BitSet;

/**
 * TABLE_MAP: binds a table id, valid until the end of the statement, to a table and the physical types
 * of its columns. Rows events that follow refer to it by id.
 *
 * @param columnTypes raw type code per column ({@link ColumnType#ofCode}); kept raw so that an unknown
 *                    code can be reported with its column when a row uses it
 * @param columnMeta  type metadata per column, already unpacked to one int (e.g. DECIMAL precision << 8 |
 *                    scale, VARCHAR max length, BLOB length bytes, STRING real type << 8 | length)
 * @param nullable    columns that may be NULL
 * @param metadata    the optional metadata block (MySQL 8.0.1+, MariaDB 10.5+ with
 *                    binlog_row_metadata=MINIMAL/FULL), or {@link TableMetadata#EMPTY}
 */
public record TableMapEvent(
        EventHeader header,
        long tableId,
        int flags,
        String schema,
        String table,
        byte[] columnTypes,
        int[] columnMeta,
        BitSet nullable,
        TableMetadata metadata) implements BinlogEvent {

    public int columnCount() {
        return columnTypes.length;
    }

    /** The column type, or null when the code is unknown. */
    public ColumnType columnType(int column) {
        return ColumnType.ofCode(columnTypes[column] & 0xff);
    }

    public String qualifiedName() {
        return schema + "." + table;
    }
}
