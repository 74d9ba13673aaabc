package io.sluice.node.mysql;

import java.util.Objects;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.ByteReader;
import io.sluice.node.binlog.EventHeader;

/**
 * One binlog event exactly as the source sent it (the dump's 0x00 packet marker removed): the 19-byte v4 header, the
 * body, and the trailing CRC32 when the source writes checksums. Decoding is the binlog package's job; this only
 * offers a look at the header.
 *
 * <p>The byte array is shared, not copied: treat it as read-only. Two events are equal only if they are the same
 * object.
 *
 * @param bytes        the whole event, header first
 * @param position     where this event starts in the source's binlog (for an event the dump thread made up, such
 *                     as the artificial ROTATE, the position after the previous event)
 * @param nextPosition where the next event starts: after a ROTATE, the file and offset it names; after an event with
 *                     a non-zero log position that is not artificial, that log position; otherwise unchanged
 */
public record RawBinlogEvent(byte[] bytes, BinlogPosition position, BinlogPosition nextPosition)
        implements StreamItem {

    public RawBinlogEvent {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(nextPosition, "nextPosition");
        if (bytes.length < EventHeader.LENGTH) {
            throw new IllegalArgumentException("a binlog event has at least the " + EventHeader.LENGTH
                    + "-byte header, got " + bytes.length + " bytes");
        }
    }

    /** The parsed 19-byte header. */
    public EventHeader header() {
        return EventHeader.read(new ByteReader(bytes, 0, EventHeader.LENGTH));
    }

    /** The type byte (offset 4), without parsing the rest of the header. */
    public int typeCode() {
        return bytes[4] & 0xFF;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public String toString() {
        EventHeader h = header();
        return "RawBinlogEvent[type=" + (h.type() != null ? h.type() : h.typeCode()) + ", size=" + bytes.length
                + ", at=" + position + ", next=" + nextPosition + "]";
    }
}
