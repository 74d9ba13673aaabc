package io.sluice.node.filter;

/**
 * Where a change entry comes from in the binlog. canal's switches act on the origin as well as on the event type:
 * an {@code INSERT} from a rows event and an {@code INSERT} statement from a query event are different entries.
 */
public enum ChangeOrigin {
    /** A rows event (write, update, delete rows): type INSERT, UPDATE or DELETE. */
    ROWS,
    /** A query event holding DDL: CREATE, ALTER, ERASE, RENAME, TRUNCATE, CINDEX or DINDEX. */
    DDL,
    /** A query event holding a DML statement (statement-based logging): INSERT, UPDATE or DELETE, not DDL. */
    DML_STATEMENT,
    /** Any other query event that becomes an entry (GRANT and other DCL, unparsed statements): type QUERY. */
    OTHER_STATEMENT,
    /**
     * Statement text that accompanies rows: MySQL's rows-query event, MariaDB's annotate-rows event, and the
     * user-variable, intvar and rand events. canal delivers these as type QUERY.
     */
    STATEMENT_TEXT
}
