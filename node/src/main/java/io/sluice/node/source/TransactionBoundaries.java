package io.sluice.node.source;

import java.nio.charset.StandardCharsets;

import io.sluice.node.binlog.BinlogEvent;
import io.sluice.node.binlog.GtidEvent;
import io.sluice.node.binlog.MariaDbGtidEvent;
import io.sluice.node.binlog.QueryEvent;
import io.sluice.node.binlog.XaPrepareEvent;
import io.sluice.node.binlog.XidEvent;

/**
 * Follows transaction boundaries through a stream of events. A transaction ends with an XID, XA PREPARE, a
 * COMMIT or ROLLBACK query, or, outside BEGIN ... COMMIT, with any other query (DDL and other statements the
 * server logs as their own transaction). The GTID of the transaction in progress is kept, as MySQL
 * ({@code uuid[:tag]:gno}) or MariaDB ({@code domain-server-seq}) prints it.
 *
 * <p>Not thread-safe.
 */
public final class TransactionBoundaries {
    private boolean inTransaction;
    private String gtid;

    /**
     * Takes the next event.
     *
     * @return true when this event ends a transaction (or is a statement that is its own transaction)
     */
    public boolean observe(BinlogEvent event) {
        if (event instanceof GtidEvent g) {
            gtid = g.anonymous() ? null : g.gtid();
            return false;
        }
        if (event instanceof MariaDbGtidEvent g) {
            gtid = g.gtid();
            // A non-standalone MariaDB GTID event is the BEGIN; no BEGIN query follows it.
            inTransaction = !g.standalone();
            return false;
        }
        if (event instanceof XidEvent || event instanceof XaPrepareEvent) {
            inTransaction = false;
            return true;
        }
        if (event instanceof QueryEvent q) {
            return observeQuery(q);
        }
        return false;
    }

    private boolean observeQuery(QueryEvent q) {
        byte[] sql = q.sqlBytes();
        if (startsWithKeyword(sql, "BEGIN") || startsWithKeyword(sql, "XA START")) {
            inTransaction = true;
            return false;
        }
        if (!inTransaction) {
            return true; // DDL and other statements logged as their own transaction
        }
        if (startsWithKeyword(sql, "COMMIT") || startsWithKeyword(sql, "ROLLBACK")
                || startsWithKeyword(sql, "XA COMMIT") || startsWithKeyword(sql, "XA ROLLBACK")) {
            inTransaction = false;
            return true;
        }
        return false; // logged inside the transaction: SAVEPOINT, XA END, statements on non-transactional tables
    }

    /** True inside BEGIN ... COMMIT. */
    public boolean inTransaction() {
        return inTransaction;
    }

    /** The GTID of the current (or just ended) transaction, null when the source has none. */
    public String gtid() {
        return gtid;
    }

    /** Forgets the transaction in progress, e.g. when the stream restarts at a boundary. */
    public void reset() {
        inTransaction = false;
        gtid = null;
    }

    private static boolean startsWithKeyword(byte[] sql, String keyword) {
        int i = 0;
        while (i < sql.length && Character.isWhitespace(sql[i])) {
            i++;
        }
        byte[] k = keyword.getBytes(StandardCharsets.US_ASCII);
        if (sql.length - i < k.length) {
            return false;
        }
        for (int j = 0; j < k.length; j++) {
            if (Character.toUpperCase(sql[i + j]) != k[j]) {
                return false;
            }
        }
        int after = i + k.length;
        return after == sql.length || !Character.isLetterOrDigit(sql[after]) && sql[after] != '_';
    }
}
