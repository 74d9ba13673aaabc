package io.sluice.node.binlog;

/**
 * HEARTBEAT or HEARTBEAT_V2: sent by a dump thread when the binlog has been idle for the heartbeat period; never
 * in a file. Tells the replica where the source's binlog is.
 *
 * @param logFile     the source's current binlog file
 * @param logPosition the position in it (from the header in v1, from the body in v2)
 */
public record HeartbeatEvent(EventHeader header, String logFile, long logPosition) implements BinlogEvent {
}
