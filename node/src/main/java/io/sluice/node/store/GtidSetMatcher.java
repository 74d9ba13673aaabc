package io.sluice.node.store;

import java.util.Objects;
import java.util.Optional;

import io.sluice.common.position.MariaDbGtid;
import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.common.position.MysqlGtidSet;

/**
 * Answers "is the GTID state stored on a record already covered by a client's executed GTID state?", for
 * {@link EventLog#findAfterGtidSet}. The record's text is the source's executed state <em>after</em> the record's
 * entry, so the first record not covered is the first one the client has not executed.
 *
 * <p>Two flavours, told apart by their text: a MySQL GTID set ({@code uuid:1-42,...}, always with a colon) is
 * covered when the client's set contains every GTID of it; a MariaDB GTID position ({@code 0-1-42,1-2-7}, no colon)
 * is covered when, for every domain in it, the client's position has that domain at the same or a later sequence
 * number (MariaDB orders a domain's GTIDs by sequence number alone; the server id is not compared). Empty text is
 * the empty state, covered by anything; an empty client state covers only empty text.
 *
 * <p>Not thread-safe (it remembers the last answer: records of one transaction carry the same text).
 */
final class GtidSetMatcher {
    private final String executedText;
    private final MysqlGtidSet mysql;
    private final MariaDbGtidPosition mariaDb;
    private String lastText;
    private boolean lastAnswer;

    private GtidSetMatcher(String executedText, MysqlGtidSet mysql, MariaDbGtidPosition mariaDb) {
        this.executedText = executedText;
        this.mysql = mysql;
        this.mariaDb = mariaDb;
    }

    /**
     * A matcher for a client's executed state in either flavour; blank is the empty state.
     *
     * @throws IllegalArgumentException naming the text if it parses in neither flavour
     */
    static GtidSetMatcher of(String executed) {
        Objects.requireNonNull(executed, "executed");
        String text = executed.strip();
        if (text.isEmpty()) {
            return new GtidSetMatcher(text, null, null);
        }
        if (isMysql(text)) {
            return new GtidSetMatcher(text, MysqlGtidSet.parse(text), null);
        }
        return new GtidSetMatcher(text, null, MariaDbGtidPosition.parse(text));
    }

    private static boolean isMysql(String text) {
        return text.indexOf(':') >= 0;
    }

    /**
     * Whether the state {@code stored} on a record is covered by the client's.
     *
     * @throws IllegalArgumentException if the flavours differ or {@code stored} does not parse; the message names
     *                                  both texts
     */
    boolean covers(String stored) {
        if (stored.equals(lastText)) {
            return lastAnswer;
        }
        boolean answer = compute(stored.strip());
        lastText = stored;
        lastAnswer = answer;
        return answer;
    }

    private boolean compute(String stored) {
        if (stored.isEmpty()) {
            return true;
        }
        if (mysql == null && mariaDb == null) {
            return false;
        }
        if (isMysql(stored) != (mysql != null)) {
            throw new IllegalArgumentException("cannot compare the GTID state '" + executedText + "' ("
                    + (mysql != null ? "MySQL GTID set" : "MariaDB GTID position") + ") with '" + stored
                    + "' stored in the log (" + (isMysql(stored) ? "MySQL GTID set" : "MariaDB GTID position")
                    + "); give the state in the source's own flavour");
        }
        if (mysql != null) {
            return mysql.containsAll(MysqlGtidSet.parse(stored));
        }
        for (MariaDbGtid gtid : MariaDbGtidPosition.parse(stored).gtids()) {
            Optional<MariaDbGtid> executed = mariaDb.forDomain(gtid.domainId());
            if (executed.isEmpty() || Long.compareUnsigned(executed.get().sequence(), gtid.sequence()) < 0) {
                return false;
            }
        }
        return true;
    }
}
