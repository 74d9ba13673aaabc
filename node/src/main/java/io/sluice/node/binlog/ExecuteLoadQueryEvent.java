package io.sluice.node.binlog;

/**
 * EXECUTE_LOAD_QUERY (MySQL 5.0.3+): the LOAD DATA statement of statement-based logging, run on the file whose
 * content the preceding BEGIN_LOAD_QUERY and APPEND_BLOCK events carried.
 *
 * @param query             the LOAD DATA statement and its session state
 * @param fileId            the file the blocks were appended to
 * @param fileNameStart     offset in the statement where the file name starts
 * @param fileNameEnd       offset in the statement where the file name ends
 * @param duplicateHandling 0 error, 1 ignore, 2 replace duplicates
 */
public record ExecuteLoadQueryEvent(QueryEvent query, long fileId, long fileNameStart, long fileNameEnd,
        int duplicateHandling) implements BinlogEvent {
    @Override
    public EventHeader header() {
        return query.header();
    }
}
