package io.sluice.node.entry;

import io.sluice.node.binlog.EventPosition;

/**
 * The source wrote an INCIDENT event: it may have lost changes that never reached the binlog, so delivering what
 * follows would hide a gap. The destination must stop; it can only continue after the data has been resynchronized
 * and the destination restarted past the incident.
 */
public final class SourceIncidentException extends RuntimeException {
    private final EventPosition position;
    private final int incident;

    public SourceIncidentException(EventPosition position, int incident, String message) {
        super("source reported incident " + incident + (incident == 1 ? " (LOST_EVENTS)" : "") + " at " + position
                + (message == null || message.isEmpty() ? "" : ": " + message)
                + "; changes may be missing from the binlog. Resynchronize the affected tables, then restart the"
                + " destination at a position after " + position);
        this.position = position;
        this.incident = incident;
    }

    public EventPosition position() {
        return position;
    }

    public int incident() {
        return incident;
    }
}
