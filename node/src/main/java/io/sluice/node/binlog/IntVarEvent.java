package io.sluice.node.binlog;

/**
 * INTVAR: the value of LAST_INSERT_ID() or of the next AUTO_INCREMENT value for the statement-based QUERY
 * event that follows.
 *
 * @param type  {@link #LAST_INSERT_ID} or {@link #INSERT_ID}
 * @param value the value; unsigned, so values above Long.MAX_VALUE come back negative
 */
public record IntVarEvent(EventHeader header, int type, long value) implements BinlogEvent {
    public static final int LAST_INSERT_ID = 1;
    public static final int INSERT_ID = 2;
}
