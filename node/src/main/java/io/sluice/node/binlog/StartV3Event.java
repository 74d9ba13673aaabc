package io.sluice.node.binlog;

import io.sluice.node.mysql.ServerVersion;

/**
 * START_V3: the first event of binlogs written by MySQL 3.23 (format v1) and 4.x (format v3), replaced by
 * FORMAT_DESCRIPTION in 5.0. Sluice reads v3 logs with the v3 post-header lengths; v1 logs have 13-byte headers
 * and are rejected.
 *
 * @param binlogVersion   1 or 3
 * @param serverVersion   the server that wrote the binlog
 * @param createTimestamp seconds since the epoch when the binlog was created at server start, else 0
 */
public record StartV3Event(EventHeader header, int binlogVersion, ServerVersion serverVersion, long createTimestamp)
        implements BinlogEvent {
}
