package io.sluice.node.binlog;

/** RAND: the seeds of RAND() for the statement-based QUERY event that follows. */
public record RandEvent(EventHeader header, long seed1, long seed2) implements BinlogEvent {
}
