package io.sluice.node.binlog;

/**
 * INCIDENT: something happened on the source that may have lost changes (e.g. a transaction that could not be
 * written to the binlog). A consumer should stop and resynchronize rather than carry on.
 *
 * @param incident {@link #LOST_EVENTS}, the only incident MySQL and MariaDB define
 * @param message  the server's explanation, may be empty
 */
public record IncidentEvent(EventHeader header, int incident, String message) implements BinlogEvent {
    public static final int LOST_EVENTS = 1;
}
