package io.sluice.node.binlog;

/** STOP: the server shut down; the binlog continues in the next file. Has no body. */
public record StopEvent(EventHeader header) implements BinlogEvent {
}
