package io.sluice.node.binlog;

/**
 * A decoded binlog event. Implementations are immutable records, one per event family; decoding has
 * no side effects beyond the decoder's own context (format description, table maps).
 */
public interface BinlogEvent {
    EventHeader header();
}
