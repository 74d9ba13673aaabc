package io.sluice.node.binlog;

/**
 * MariaDB BINLOG_CHECKPOINT (type 161): the oldest binlog file crash recovery may still need. Informational for
 * a replica.
 */
public record BinlogCheckpointEvent(EventHeader header, String file) implements BinlogEvent {
}
