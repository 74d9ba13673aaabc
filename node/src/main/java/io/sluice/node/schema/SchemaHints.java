package io.sluice.node.schema;

import java.util.Objects;

import io.sluice.node.binlog.ColumnHints;
import io.sluice.node.binlog.Collations;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.binlog.TableMetadata;

/**
 * Column hints from the schema history, so rows of tables whose TABLE_MAP lacks metadata (binlog_row_metadata
 * NO_LOG/MINIMAL, or servers before MySQL 8.0.1 / MariaDB 10.5) decode with the right signedness, charset, ENUM/SET
 * labels and names. Only what the event does not carry is hinted: with binlog_row_metadata=FULL the TABLE_MAP is
 * the authority and nothing is hinted.
 *
 * <p>No hints when the history does not know the table or its column count differs from the TABLE_MAP's (then
 * {@link TableMapCheck} reports the disagreement). A column's hinted collation is its character set's default
 * collation: any collation of a character set decodes the same bytes.
 *
 * <p>Thread-safe: reads the history's current immutable snapshot.
 */
public final class SchemaHints implements ColumnHints.Source {
    private final SchemaHistory history;

    public SchemaHints(SchemaHistory history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    @Override
    public ColumnHints hintsFor(TableMapEvent table) {
        TableDefinition def = history.table(table.schema(), table.table()).orElse(null);
        if (def == null || def.columns().size() != table.columnCount()) {
            return null;
        }
        return of(def, table.metadata() == null ? TableMetadata.EMPTY : table.metadata());
    }

    /** Hints for what {@code metadata} lacks, from {@code def}, whose column count the caller has checked. */
    static ColumnHints of(TableDefinition def, TableMetadata metadata) {
        boolean names = metadata.columnNames() == null;
        boolean signedness = metadata.unsigned() == null;
        boolean charsets = metadata.collations() == null;
        boolean enums = metadata.enumLabels() == null;
        boolean sets = metadata.setLabels() == null;
        if (!names && !signedness && !charsets && !enums && !sets) {
            return null;
        }
        ColumnHints.Builder b = ColumnHints.builder(def.columns().size());
        for (int i = 0; i < def.columns().size(); i++) {
            ColumnDefinition c = def.columns().get(i);
            if (names) {
                b.name(i, c.name());
            }
            if (signedness && ColumnTypes.NUMERIC.contains(c.dataType())) {
                b.unsigned(i, c.unsigned());
            }
            if (charsets && c.charset() != null) {
                int id = Collations.defaultCollationId(c.charset());
                if (id >= 0) {
                    b.collation(i, id);
                }
            }
            if (enums && c.dataType().equals("enum")) {
                b.enumLabels(i, c.labels());
            }
            if (sets && c.dataType().equals("set")) {
                b.setLabels(i, c.labels());
            }
        }
        return b.build();
    }
}
