package io.sluice.node.schema;

import java.util.Objects;

/** A table's schema and name as the server stores them. {@code toString} prints {@code schema.table}. */
public record TableName(String schema, String name) {
    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
