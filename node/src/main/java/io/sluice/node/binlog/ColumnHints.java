package io.sluice.node.binlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a later schema layer knows about a table's columns and the TABLE_MAP event may not carry: signedness,
 * collation (hence charset, and text versus bytes), ENUM/SET labels, names, and the byte length of a pre-5.0 DECIMAL.
 * A hint overrides the TABLE_MAP metadata for its column; columns without a hint keep what the event says.
 *
 * <p>Hints are indexed by column number. A hint for a column the table does not have is ignored, so a schema
 * layer that is one ALTER behind cannot break decoding (it can only mislabel, which is why it should key hints by
 * the table's column count too).
 *
 * <p>Immutable and thread-safe; build with {@link #builder(int)}.
 */
public final class ColumnHints {
    /** No hints. */
    public static final ColumnHints NONE = new ColumnHints(0, new Boolean[0], new int[0], null, null, null,
            new int[0]);

    /** Supplies the hints for a table, or null for none; asked once per TABLE_MAP event object. */
    @FunctionalInterface
    public interface Source {
        ColumnHints hintsFor(TableMapEvent table);
    }

    private final int columnCount;
    private final Boolean[] unsigned;
    private final int[] collations;
    private final List<String> names;
    private final List<List<String>> enumLabels;
    private final List<List<String>> setLabels;
    private final int[] decimalLengths;

    private ColumnHints(int columnCount, Boolean[] unsigned, int[] collations, List<String> names,
            List<List<String>> enumLabels, List<List<String>> setLabels, int[] decimalLengths) {
        this.columnCount = columnCount;
        this.unsigned = unsigned;
        this.collations = collations;
        this.names = names;
        this.enumLabels = enumLabels;
        this.setLabels = setLabels;
        this.decimalLengths = decimalLengths;
    }

    public static Builder builder(int columnCount) {
        if (columnCount < 0) {
            throw new IllegalArgumentException("columnCount " + columnCount + " must not be negative");
        }
        return new Builder(columnCount);
    }

    /** The column count the hints were built for. */
    public int columnCount() {
        return columnCount;
    }

    /** TRUE/FALSE when signedness is hinted, null otherwise. */
    public Boolean unsigned(int column) {
        return column < columnCount ? unsigned[column] : null;
    }

    /** The hinted collation id, or -1. */
    public int collation(int column) {
        return column < columnCount ? collations[column] : -1;
    }

    public String name(int column) {
        return names != null && column < columnCount ? names.get(column) : null;
    }

    public List<String> enumLabels(int column) {
        return enumLabels != null && column < columnCount ? enumLabels.get(column) : null;
    }

    public List<String> setLabels(int column) {
        return setLabels != null && column < columnCount ? setLabels.get(column) : null;
    }

    /** The byte length of an old (type 0) DECIMAL column, or -1. */
    public int decimalLength(int column) {
        return column < columnCount ? decimalLengths[column] : -1;
    }

    /** Collects hints; not thread-safe. */
    public static final class Builder {
        private final int columnCount;
        private final Boolean[] unsigned;
        private final int[] collations;
        private final int[] decimalLengths;
        private String[] names;
        private List<List<String>> enumLabels;
        private List<List<String>> setLabels;

        private Builder(int columnCount) {
            this.columnCount = columnCount;
            this.unsigned = new Boolean[columnCount];
            this.collations = new int[columnCount];
            this.decimalLengths = new int[columnCount];
            Arrays.fill(collations, -1);
            Arrays.fill(decimalLengths, -1);
        }

        private void check(int column) {
            if (column < 0 || column >= columnCount) {
                throw new IllegalArgumentException("column " + column + " outside 0.." + (columnCount - 1));
            }
        }

        public Builder unsigned(int column, boolean isUnsigned) {
            check(column);
            unsigned[column] = isUnsigned;
            return this;
        }

        public Builder collation(int column, int collationId) {
            check(column);
            if (collationId < 0) {
                throw new IllegalArgumentException("collation id " + collationId + " must not be negative");
            }
            collations[column] = collationId;
            return this;
        }

        public Builder name(int column, String name) {
            check(column);
            if (names == null) {
                names = new String[columnCount];
            }
            names[column] = name;
            return this;
        }

        public Builder enumLabels(int column, List<String> labels) {
            check(column);
            if (enumLabels == null) {
                enumLabels = new ArrayList<>(Collections.nCopies(columnCount, (List<String>) null));
            }
            enumLabels.set(column, List.copyOf(labels));
            return this;
        }

        public Builder setLabels(int column, List<String> labels) {
            check(column);
            if (labels.size() > 64) {
                throw new IllegalArgumentException("a SET has at most 64 members, got " + labels.size());
            }
            if (setLabels == null) {
                setLabels = new ArrayList<>(Collections.nCopies(columnCount, (List<String>) null));
            }
            setLabels.set(column, List.copyOf(labels));
            return this;
        }

        /** The byte length (field length) of a pre-5.0 DECIMAL column, which TABLE_MAP does not carry. */
        public Builder decimalLength(int column, int bytes) {
            check(column);
            if (bytes < 1 || bytes > 255) {
                throw new IllegalArgumentException("old DECIMAL length " + bytes + " outside 1..255");
            }
            decimalLengths[column] = bytes;
            return this;
        }

        public ColumnHints build() {
            return new ColumnHints(columnCount, unsigned.clone(), collations.clone(),
                    names == null ? null : Collections.unmodifiableList(Arrays.asList(names.clone())),
                    enumLabels == null ? null : Collections.unmodifiableList(new ArrayList<>(enumLabels)),
                    setLabels == null ? null : Collections.unmodifiableList(new ArrayList<>(setLabels)),
                    decimalLengths.clone());
        }
    }
}
