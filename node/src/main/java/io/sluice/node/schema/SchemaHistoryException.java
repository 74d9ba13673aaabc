package io.sluice.node.schema;

/**
 * The schema history cannot follow a statement: a DDL it cannot read for a selected table, or one that refers to
 * a selected table it does not know. The destination must stop; the message names the statement and the fix.
 */
public final class SchemaHistoryException extends Exception {
    public SchemaHistoryException(String message) {
        super(message);
    }
}
