package io.sluice.node.binlog;

/**
 * LOAD, NEW_LOAD, CREATE_FILE, EXEC_LOAD or SLAVE: events of the LOAD DATA replication of MySQL 3.23 to 5.0.2,
 * which later servers neither write nor replay. Kept undecoded so a stream that contains them can be read; a
 * consumer that must apply them has to fail on them.
 *
 * @param body the bytes after the common header, checksum removed; do not modify
 */
public record ObsoleteLoadEvent(EventHeader header, byte[] body) implements BinlogEvent {
}
