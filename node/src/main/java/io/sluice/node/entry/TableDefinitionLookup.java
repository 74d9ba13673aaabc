package io.sluice.node.entry;

import io.sluice.node.schema.TableDefinition;

/**
 * The definition of a table as of the event being converted, from the schema history. The builder asks once per rows
 * event; the history follows the stream, so "now" is the position of that event.
 */
@FunctionalInterface
public interface TableDefinitionLookup {
    /** No schema history: column names, keys and types come from the TABLE_MAP metadata alone. */
    TableDefinitionLookup NONE = (schema, table) -> null;

    /**
     * @return the table's definition, or null when unknown; the builder then uses what the TABLE_MAP metadata says
     *         (names and keys only with {@code binlog_row_metadata=FULL}, no declared type text)
     */
    TableDefinition find(String schema, String table);
}
