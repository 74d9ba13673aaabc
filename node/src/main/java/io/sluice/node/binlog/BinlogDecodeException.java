package io.sluice.node.binlog;

import io.sluice.node.mysql.ServerVersion;

/**
 * An event that cannot be decoded, with the place it was found: file and offset, event type and the version of
 * the server that wrote it. Everything the decoder throws for bad input is (or is wrapped into) this exception.
 */
public class BinlogDecodeException extends BinlogFormatException {
    private static final long serialVersionUID = 1L;

    private final transient EventPosition position;
    private final int typeCode;
    private final String serverVersion;

    /**
     * @param problem       what is wrong, and where possible how to fix it
     * @param position      where the event starts, or null when not known
     * @param typeCode      the event's type byte, or -1 when the header itself could not be read
     * @param serverVersion the version of the server that wrote the binlog, as far as known
     */
    public BinlogDecodeException(String problem, EventPosition position, int typeCode, ServerVersion serverVersion,
            Throwable cause) {
        super(problem + " [at " + (position == null ? "unknown position" : position) + ", "
                + describeType(typeCode) + ", server " + serverVersion.text() + "]", cause);
        this.position = position;
        this.typeCode = typeCode;
        this.serverVersion = serverVersion.text();
    }

    public BinlogDecodeException(String problem, EventPosition position, int typeCode, ServerVersion serverVersion) {
        this(problem, position, typeCode, serverVersion, null);
    }

    /** Where the event starts, or null when not known. */
    public EventPosition position() {
        return position;
    }

    /** The event type byte, -1 when unknown. */
    public int typeCode() {
        return typeCode;
    }

    public String serverVersion() {
        return serverVersion;
    }

    static String describeType(int typeCode) {
        if (typeCode < 0) {
            return "event type unknown";
        }
        EventType type = EventType.ofCode(typeCode);
        return "event " + (type == null ? "of unknown type" : type.name()) + " (type code " + typeCode + ")";
    }
}
