package io.sluice.node.binlog;

/**
 * A block of a LOAD DATA file in statement-based logging (MySQL 5.0.3+): BEGIN_LOAD_QUERY starts a file,
 * APPEND_BLOCK adds to it, DELETE_FILE drops it (no data). The EXECUTE_LOAD_QUERY event that follows runs the
 * statement on it.
 *
 * @param fileId the file the block belongs to
 * @param data   the block's bytes, empty for DELETE_FILE; do not modify
 */
public record LoadDataBlockEvent(EventHeader header, long fileId, byte[] data) implements BinlogEvent {
}
