package io.sluice.node.binlog;

import java.nio.charset.StandardCharsets;

/**
 * The statement that produced the rows events that follow: MySQL ROWS_QUERY (with
 * {@code binlog_rows_query_log_events=ON}) or MariaDB ANNOTATE_ROWS (with {@code binlog_annotate_row_events=ON}).
 *
 * @param sqlBytes the statement as the client sent it; do not modify
 */
public record RowsQueryEvent(EventHeader header, byte[] sqlBytes) implements BinlogEvent {
    /** The statement, decoded as UTF-8. */
    public String sql() {
        return new String(sqlBytes, StandardCharsets.UTF_8);
    }
}
