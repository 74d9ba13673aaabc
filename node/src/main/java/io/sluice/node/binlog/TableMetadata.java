package io.sluice.node.binlog;

import java.util.BitSet;
import java.util.List;

/**
 * The optional metadata of a TABLE_MAP event, resolved to one entry per column (the wire format lists
 * some fields only for the columns they apply to, e.g. signedness only for numeric columns).
 * Every array is indexed by column number and has the table's column count, or is null when the
 * event did not carry that field.
 *
 * @param unsigned        per column: numeric and declared UNSIGNED (null: no SIGNEDNESS field)
 * @param collations      per column: collation id of a character column (or of an ENUM/SET's labels),
 *                        -1 for columns without one (null: no charset fields)
 * @param columnNames     per column name (null: no COLUMN_NAME field)
 * @param enumLabels      per column: the labels of an ENUM column, null for others (null: no field)
 * @param setLabels       per column: the labels of a SET column, null for others (null: no field)
 * @param geometryTypes   per column: the geometry subtype of a GEOMETRY column, -1 for others
 * @param primaryKey      column numbers of the primary key in key order (null: no key fields)
 * @param primaryKeyPrefixes per key part: the prefix length, 0 for the whole column (null: no key fields)
 * @param visible         columns that are visible (null: no COLUMN_VISIBILITY field)
 * @param vectorDimensions per column: dimensions of a VECTOR column, -1 for others (null: no field)
 */
public record TableMetadata(
        boolean[] unsigned,
        int[] collations,
        List<String> columnNames,
        List<List<String>> enumLabels,
        List<List<String>> setLabels,
        int[] geometryTypes,
        int[] primaryKey,
        int[] primaryKeyPrefixes,
        BitSet visible,
        int[] vectorDimensions) {

    public static final TableMetadata EMPTY =
            new TableMetadata(null, null, null, null, null, null, null, null, null, null);
}
