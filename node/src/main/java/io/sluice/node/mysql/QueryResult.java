package io.sluice.node.mysql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a COM_QUERY: for a statement that returns rows, the column names and the rows as text (the text
 * protocol sends every value as a string; SQL NULL is {@code null}); otherwise no columns and the affected-row
 * count. Immutable.
 *
 * @param columns      column names (labels), in order
 * @param rows         the rows, each with one value per column
 * @param affectedRows rows changed by a statement without a result set, 0 otherwise
 */
public record QueryResult(List<String> columns, List<Row> rows, long affectedRows) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    static QueryResult ofUpdate(long affectedRows) {
        return new QueryResult(List.of(), List.of(), affectedRows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The first column of the only row, as {@code SELECT @@x} returns it; empty if there is no row. */
    public Optional<String> singleValue() {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(rows.get(0).get(0));
    }

    /**
     * One result row. Values may be null (SQL NULL).
     *
     * @param columns the result's column names
     * @param values  the values, one per column
     */
    public record Row(List<String> columns, List<String> values) {
        public Row {
            Objects.requireNonNull(columns, "columns");
            // List.copyOf rejects nulls, and SQL NULLs are legitimate values.
            values = Collections.unmodifiableList(new ArrayList<>(values));
            if (values.size() != columns.size()) {
                throw new IllegalArgumentException(
                        "row has " + values.size() + " values for " + columns.size() + " columns");
            }
        }

        public String get(int index) {
            return values.get(index);
        }

        /**
         * The value of the named column, compared case-insensitively (servers differ in case, e.g. {@code Server_id}
         * vs {@code Server_Id}).
         *
         * @throws IllegalArgumentException if there is no such column, listing the columns there are
         */
        public String get(String column) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).equalsIgnoreCase(column)) {
                    return values.get(i);
                }
            }
            throw new IllegalArgumentException("no column '" + column + "' in " + columns);
        }

        /** The value of the named column if the result has it. */
        public Optional<String> find(String column) {
            String wanted = column.toLowerCase(Locale.ROOT);
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).toLowerCase(Locale.ROOT).equals(wanted)) {
                    return Optional.ofNullable(values.get(i));
                }
            }
            return Optional.empty();
        }
    }
}
