package io.sluice.node.entry;

import io.sluice.common.position.MariaDbGtid;
import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.common.position.MysqlGtidSet;
import io.sluice.node.binlog.GtidEvent;
import io.sluice.node.binlog.MariaDbGtidEvent;

/**
 * The GTID facts canal puts on headers: the executed GTID set including the current transaction
 * ({@code Header.gtid}), and the current transaction's GTID, sequence number and last-committed number (header props
 * {@code curtGtid}, {@code curtGtidSn}, {@code curtGtidLct}). The set starts from what the destination had executed
 * when the builder was created, or empty.
 *
 * <p>Not thread-safe.
 */
final class GtidTracker {
    private MysqlGtidSet mysql;
    private MariaDbGtidPosition mariaDb;
    private String executed;
    private String current;
    private String sequenceNumber;
    private String lastCommitted;

    /** @param start the executed set to start from (MySQL {@code uuid:1-5} or MariaDB {@code 0-1-17}), or null */
    GtidTracker(String start) {
        if (start != null && !start.isBlank()) {
            if (start.indexOf(':') >= 0) {
                mysql = MysqlGtidSet.parse(start);
                executed = mysql.toString();
            } else {
                mariaDb = MariaDbGtidPosition.parse(start);
                executed = mariaDb.toString();
            }
        }
    }

    void observe(GtidEvent g) {
        if (g.anonymous()) {
            current = null;
            sequenceNumber = null;
            lastCommitted = null;
            return;
        }
        if (mysql == null) {
            mysql = MysqlGtidSet.EMPTY;
        }
        mysql = mysql.add(new MysqlGtidSet.Source(g.uuid(), g.tag()), g.gno());
        executed = mysql.toString();
        current = g.gtid();
        sequenceNumber = g.sequenceNumber() >= 0 ? Long.toString(g.sequenceNumber()) : null;
        lastCommitted = g.lastCommitted() >= 0 ? Long.toString(g.lastCommitted()) : null;
    }

    void observe(MariaDbGtidEvent g) {
        if (mariaDb == null) {
            mariaDb = MariaDbGtidPosition.EMPTY;
        }
        mariaDb = mariaDb.advance(new MariaDbGtid(g.domainId(), g.header().serverId(), g.sequence()));
        executed = mariaDb.toString();
        current = g.gtid();
        sequenceNumber = null;
        lastCommitted = null;
    }

    /** The executed set including the current transaction, or null when the source has shown no GTID. */
    String executed() {
        return executed;
    }

    String current() {
        return current;
    }

    String sequenceNumber() {
        return sequenceNumber;
    }

    String lastCommitted() {
        return lastCommitted;
    }
}
