package io.sluice.node.binlog;

import java.util.BitSet;
import java.util.List;

/**
 * WRITE/UPDATE/DELETE rows events of every version (v0 pre-GA 20-22, v1 23-25, v2 30-32), MySQL's
 * PARTIAL_UPDATE_ROWS (39) and MariaDB's compressed rows events (166-171, decoded after inflation like v1).
 *
 * <p>One {@link RowChange} per changed row: INSERT has only an after image, DELETE only a before image, UPDATE both
 * (one before/after pair is one change). Which columns each image carries is in {@link #columns()} (the before
 * image of UPDATE/DELETE, the after image of INSERT) and {@link #columnsAfter()} (UPDATE's after image).
 *
 * <p>Ownership: the event owns its images and bitmaps; nothing is pooled or reused, so an event may be kept and
 * read from other threads after it has been handed over. Treat the BitSets as read-only.
 *
 * @param header       the event header
 * @param kind         INSERT, UPDATE or DELETE
 * @param version      0 (pre-GA), 1 or 2 as the type code says; MariaDB compressed events count as 1
 * @param table        the TABLE_MAP the event refers to
 * @param layout       the table's columns as resolved for decoding (charsets, signedness, labels)
 * @param flags        {@link #STMT_END_F} etc.
 * @param columns      columns present in the first image
 * @param columnsAfter columns present in UPDATE's after image; null for INSERT/DELETE
 * @param rows         the changed rows in event order
 * @param extra        the v2 extra-data block; {@link ExtraRowInfo#NONE} when absent
 */
public record RowsEvent(
        EventHeader header,
        Kind kind,
        int version,
        TableMapEvent table,
        TableLayout layout,
        int flags,
        BitSet columns,
        BitSet columnsAfter,
        List<RowChange> rows,
        ExtraRowInfo extra) implements BinlogEvent {

    /** Last event of the statement: the table maps it used end here. */
    public static final int STMT_END_F = 0x0001;
    public static final int NO_FOREIGN_KEY_CHECKS_F = 0x0002;
    public static final int RELAXED_UNIQUE_CHECKS_F = 0x0004;
    /** All columns are in the images (MySQL writes it for full row images). */
    public static final int COMPLETE_ROWS_F = 0x0008;

    public enum Kind {
        INSERT, UPDATE, DELETE
    }

    public boolean statementEnd() {
        return (flags & STMT_END_F) != 0;
    }

    public int rowCount() {
        return rows.size();
    }

    /**
     * One changed row.
     *
     * @param before the row before the change (UPDATE, DELETE), else null
     * @param after  the row after the change (INSERT, UPDATE), else null
     */
    public record RowChange(RowImage before, RowImage after) {
    }

    /**
     * The v2 extra-data block (MySQL 5.6+): NDB cluster info and, since MySQL 8.0, partition ids.
     *
     * @param raw               the block after its 2-byte length, as logged (empty when absent)
     * @param ndbFormat         the NDB info format byte, or -1
     * @param ndbData           the NDB info payload, or null
     * @param partitionId       the partition written (target partition for UPDATE), or -1
     * @param sourcePartitionId UPDATE: the partition the row came from, or -1
     */
    public record ExtraRowInfo(byte[] raw, int ndbFormat, byte[] ndbData, int partitionId, int sourcePartitionId) {
        public static final ExtraRowInfo NONE = new ExtraRowInfo(new byte[0], -1, null, -1, -1);
    }
}
