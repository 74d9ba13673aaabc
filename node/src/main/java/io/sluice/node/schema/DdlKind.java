package io.sluice.node.schema;

/**
 * What a statement did, named as canal's {@code EventType} names DDL so that entries can carry it unchanged.
 * Database statements (CREATE/ALTER/DROP DATABASE) are QUERY, as in canal.
 */
public enum DdlKind {
    CREATE,
    ALTER,
    /** DROP TABLE. */
    ERASE,
    RENAME,
    TRUNCATE,
    /** CREATE INDEX, or an ALTER TABLE whose first clause adds an index or key. */
    CINDEX,
    /** DROP INDEX, or an ALTER TABLE whose first clause drops an index or key. */
    DINDEX,
    /** Anything else, including statements that change no table. */
    QUERY
}
