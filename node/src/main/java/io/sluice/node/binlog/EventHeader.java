package io.sluice.node.binlog;

/**
 * The common header of a v4 binlog event (19 bytes in every format since MySQL 5.0).
 *
 * @param timestamp seconds since the epoch at which the statement started on the source
 * @param typeCode  the raw type byte; {@link #type()} maps it
 * @param serverId  server that originally wrote the event
 * @param eventSize whole event length, header and checksum included
 * @param logPos    position of the next event in the source's binlog file (0 for some artificial events)
 * @param flags     LOG_EVENT_*_F flags
 */
public record EventHeader(long timestamp, int typeCode, long serverId, long eventSize, long logPos, int flags) {
    public static final int LENGTH = 19;
    /** The event may be skipped by a reader that does not know its type. */
    public static final int FLAG_IGNORABLE = 0x80;
    /** A rotate or format description made up by the dump thread, not present in the source's file. */
    public static final int FLAG_ARTIFICIAL = 0x20;

    public EventType type() {
        return EventType.ofCode(typeCode);
    }

    public boolean ignorable() {
        return (flags & FLAG_IGNORABLE) != 0;
    }

    public boolean artificial() {
        return (flags & FLAG_ARTIFICIAL) != 0;
    }

    /** Reads the 19 header bytes. */
    public static EventHeader read(ByteReader r) {
        long timestamp = r.u32();
        int type = r.u8();
        long serverId = r.u32();
        long size = r.u32();
        long logPos = r.u32();
        int flags = r.u16();
        return new EventHeader(timestamp, type, serverId, size, logPos, flags);
    }
}
