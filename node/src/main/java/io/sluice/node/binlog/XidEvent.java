package io.sluice.node.binlog;

/**
 * XID: commit of a transaction on a transactional engine; ends the transaction started by BEGIN or a GTID event.
 *
 * @param xid the storage engine's transaction id (opaque, unique only within the server's lifetime)
 */
public record XidEvent(EventHeader header, long xid) implements BinlogEvent {
}
