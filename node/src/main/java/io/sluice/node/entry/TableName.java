package io.sluice.node.entry;

import java.util.Objects;

/**
 * A table a DDL statement affects, as the statement names it (with the default schema filled in).
 *
 * @param schema database name
 * @param table  table name
 */
public record TableName(String schema, String table) {
    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
