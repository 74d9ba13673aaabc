package io.sluice.node.binlog;

import java.nio.charset.StandardCharsets;

/**
 * QUERY: a statement in text form, for DDL, for BEGIN/COMMIT of transactions without GTIDs, and for DML in
 * statement-based logging. MariaDB's QUERY_COMPRESSED events decode to this record too, with the statement
 * already inflated.
 *
 * @param threadId        id of the session that ran the statement (needed for temporary tables)
 * @param execTimeSeconds how long the statement ran before it was logged
 * @param errorCode       the error the statement ended with on the source, 0 if none
 * @param status          the session state the statement ran under
 * @param defaultDatabase the current database of the session, empty if none
 * @param sqlBytes        the statement as the client sent it, in character_set_client; do not modify
 */
public record QueryEvent(
        EventHeader header,
        long threadId,
        long execTimeSeconds,
        int errorCode,
        QueryStatusVars status,
        String defaultDatabase,
        byte[] sqlBytes) implements BinlogEvent {

    /**
     * The statement as text. Decoded as UTF-8, which is exact for utf8/utf8mb4/ASCII clients; callers that need
     * the exact text for other client character sets decode {@link #sqlBytes()} with
     * {@link QueryStatusVars#charsetClient()}.
     */
    public String sql() {
        return new String(sqlBytes, StandardCharsets.UTF_8);
    }

    /**
     * Whether the statement is BEGIN, which starts a transaction in binlogs without GTID events (and in MySQL
     * binlogs with them). Compares bytes: called for every QUERY event, it should not decode the text.
     */
    public boolean isBegin() {
        if (sqlBytes.length != BEGIN.length) {
            return false;
        }
        for (int i = 0; i < BEGIN.length; i++) {
            if ((sqlBytes[i] & 0xdf) != BEGIN[i]) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] BEGIN = {'B', 'E', 'G', 'I', 'N'};
}
