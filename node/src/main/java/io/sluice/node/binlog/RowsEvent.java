package io.sluice.node.binlog;

/** WRITE/UPDATE/DELETE rows events (all versions). Placeholder until the rows decoder lands. */
public record RowsEvent(EventHeader header) implements BinlogEvent {
}
