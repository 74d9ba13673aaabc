package io.sluice.node.schema;

import java.util.List;
import java.util.Objects;

/**
 * What one statement did to the schema history.
 *
 * @param kind      the statement's kind (canal's name for it)
 * @param database  the database the statement is about: the first table's schema, the database of a database
 *                  statement, or the default database; may be empty
 * @param tables    every table the statement touched, in statement order; empty for statements that change no
 *                  table
 * @param sql       the statement
 * @param understood false when the statement could not be parsed but names only tables outside the selection, so it
 *                  was passed over
 */
public record SchemaChange(DdlKind kind, String database, List<TableChange> tables, String sql, boolean understood) {
    public SchemaChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(database, "database");
        tables = List.copyOf(tables);
        Objects.requireNonNull(sql, "sql");
    }

    /** True when the statement changes no table definition (BEGIN, GRANT, CREATE VIEW...). */
    public boolean isIgnored() {
        return tables.isEmpty() && kind == DdlKind.QUERY;
    }

    /**
     * One table a statement touched.
     *
     * @param kind         what happened to this table (a RENAME inside ALTER TABLE is RENAME, ...)
     * @param name         the table's name after the statement
     * @param previousName the name before a rename, else null
     * @param selected     whether the destination's filter selects the table (its new name for a rename)
     * @param before       the definition before, null when the table was not tracked
     * @param after        the definition after, null when dropped or not tracked
     */
    public record TableChange(DdlKind kind, TableName name, TableName previousName, boolean selected,
            TableDefinition before, TableDefinition after) {
        public TableChange {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
        }
    }
}
