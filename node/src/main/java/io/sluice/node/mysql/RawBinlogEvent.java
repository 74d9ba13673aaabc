package io.sluice.node.mysql;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.ByteReader;
import io.sluice.node.binlog.EventHeader;

/**
 * One binlog event exactly as the source sent it (the dump's 0x00 packet marker removed): the 19-byte v4 header, the
 * body, and the trailing CRC32 when the source writes checksums. Decoding is the binlog package's job; this only
 * offers a look at the header.
 *
 * <p>The event is {@link #length()} bytes of {@link #array()} from {@link #offset()}. The array is shared, not copied:
 * treat it as read-only. Events from a {@link BinlogStream} may share one array (a slab reused once all its events are
 * released): a consumer that is done with an event's bytes, and kept no reference into them, may call
 * {@link #release()} to let the stream reuse them; one that never does gets fresh memory. Two events are equal only if
 * they are the same object.
 */
public final class RawBinlogEvent implements StreamItem {
    private static final AtomicIntegerFieldUpdater<RawBinlogEvent> RELEASED =
            AtomicIntegerFieldUpdater.newUpdater(RawBinlogEvent.class, "released");

    private final byte[] array;
    private final int offset;
    private final int length;
    private final BinlogPosition position;
    private final BinlogPosition nextPosition;
    private final EventSlabs.Slab slab;
    private volatile int released;

    /**
     * An event that owns the whole of {@code bytes}.
     *
     * @param position     where this event starts in the source's binlog (for an event the dump thread made up, such
     *                     as the artificial ROTATE, the position after the previous event)
     * @param nextPosition where the next event starts: after a ROTATE, the file and offset it names; after an event
     *                     with a non-zero log position that is not artificial, that log position; otherwise unchanged
     */
    public RawBinlogEvent(byte[] bytes, BinlogPosition position, BinlogPosition nextPosition) {
        this(Objects.requireNonNull(bytes, "bytes"), 0, bytes.length, position, nextPosition, null);
    }

    RawBinlogEvent(byte[] array, int offset, int length, BinlogPosition position, BinlogPosition nextPosition,
                   EventSlabs.Slab slab) {
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(nextPosition, "nextPosition");
        Objects.checkFromIndexSize(offset, length, array.length);
        if (length < EventHeader.LENGTH) {
            throw new IllegalArgumentException("a binlog event has at least the " + EventHeader.LENGTH
                    + "-byte header, got " + length + " bytes");
        }
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.position = position;
        this.nextPosition = nextPosition;
        this.slab = slab;
    }

    /** The array holding the event (a stream's events share one): {@link #length()} bytes from {@link #offset()}. */
    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** The event's bytes: the array itself when the event owns all of it, otherwise a copy. */
    public byte[] bytes() {
        return offset == 0 && length == array.length ? array : Arrays.copyOfRange(array, offset, offset + length);
    }

    /** Where this event starts in the source's binlog (see the constructor). */
    public BinlogPosition position() {
        return position;
    }

    /** Where the next event starts (see the constructor). */
    public BinlogPosition nextPosition() {
        return nextPosition;
    }

    /**
     * Declares that nobody will read this event's bytes again, so that the stream may reuse them; calls after the first
     * are ignored. Without it the memory is simply not reused.
     */
    public void release() {
        if (slab != null && RELEASED.compareAndSet(this, 0, 1)) {
            slab.release();
        }
    }

    /** The parsed 19-byte header. */
    public EventHeader header() {
        return EventHeader.read(new ByteReader(array, offset, EventHeader.LENGTH));
    }

    /** The type byte (offset 4), without parsing the rest of the header. */
    public int typeCode() {
        return array[offset + 4] & 0xFF;
    }

    @Override
    public String toString() {
        EventHeader h = header();
        return "RawBinlogEvent[type=" + (h.type() != null ? h.type() : h.typeCode()) + ", size=" + length
                + ", at=" + position + ", next=" + nextPosition + "]";
    }
}
