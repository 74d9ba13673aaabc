package io.sluice.node.schema;

import java.util.List;
import java.util.Objects;

/**
 * A table's definition at one moment of the binlog: what the rows events of that moment are decoded and
 * delivered with (names, types, keys). Immutable.
 *
 * @param schema     database name
 * @param name       table name
 * @param columns    columns in table order (the order rows events use)
 * @param primaryKey names of the primary key columns in key order, empty when the table has none
 * @param charset    the table's default character set
 * @param collation  the table's default collation
 */
public record TableDefinition(
        String schema,
        String name,
        List<ColumnDefinition> columns,
        List<String> primaryKey,
        String charset,
        String collation) {

    public TableDefinition {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    public String qualifiedName() {
        return schema + "." + name;
    }

    public boolean isKey(ColumnDefinition column) {
        return primaryKey.contains(column.name());
    }
}
