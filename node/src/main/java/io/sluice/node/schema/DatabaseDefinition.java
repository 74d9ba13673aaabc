package io.sluice.node.schema;

import java.util.Objects;

/** A database (schema) and the defaults new tables in it take. */
public record DatabaseDefinition(String name, String charset, String collation) {
    public DatabaseDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(collation, "collation");
    }
}
