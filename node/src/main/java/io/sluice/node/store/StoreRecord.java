package io.sluice.node.store;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.sluice.common.position.BinlogPosition;

/**
 * One record read back from a segment. The on-disk layout is described in {@link RecordFormat}.
 *
 * <p>A transaction may span many records (one per chunk of rows), so readers never need a whole transaction in
 * memory; {@link #TX_BEGIN} marks the first record of a transaction and {@link #TX_END} its last. A record that
 * is a whole transaction carries both; a record in the middle carries neither.
 *
 * @param sequence         the record's sequence number; sequences in a segment are contiguous
 * @param flags            {@link #TX_BEGIN} and/or {@link #TX_END}, no other bits
 * @param commitTimeMillis the source commit time, milliseconds since the epoch
 * @param binlogPosition   where the source's binlog has this entry
 * @param gtidSet          the source's GTID set text after this entry, empty if the source has no GTIDs
 * @param payload          the entry bytes exactly as clients receive them; a read-only buffer
 * @param filePosition     where the record starts in its segment's data file
 * @param sizeInBytes      the record's size on disk, header included; the next record starts at
 *                         {@code filePosition + sizeInBytes}
 */
public record StoreRecord(long sequence, int flags, long commitTimeMillis, BinlogPosition binlogPosition,
        String gtidSet, ByteBuffer payload, long filePosition, int sizeInBytes) {
    /** The record is the first of a transaction. */
    public static final int TX_BEGIN = 1;
    /** The record is the last of a transaction. */
    public static final int TX_END = 1 << 1;
    /** Every flag bit this format version defines. */
    public static final int KNOWN_FLAGS = TX_BEGIN | TX_END;

    public StoreRecord {
        checkFlags(flags);
        Objects.requireNonNull(binlogPosition, "binlogPosition");
        Objects.requireNonNull(gtidSet, "gtidSet");
        Objects.requireNonNull(payload, "payload");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
        }
        payload = payload.asReadOnlyBuffer();
    }

    public boolean beginsTransaction() {
        return (flags & TX_BEGIN) != 0;
    }

    public boolean endsTransaction() {
        return (flags & TX_END) != 0;
    }

    /** A copy of the payload, for callers that want an array. */
    public byte[] payloadBytes() {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return bytes;
    }

    static void checkFlags(int flags) {
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new IllegalArgumentException("record flags 0x" + Integer.toHexString(flags)
                    + " has bits outside TX_BEGIN|TX_END (0x" + Integer.toHexString(KNOWN_FLAGS) + ")");
        }
    }

    @Override
    public String toString() {
        return "StoreRecord[sequence=" + sequence + ", flags=" + flags + ", commitTimeMillis=" + commitTimeMillis
                + ", binlogPosition=" + binlogPosition + ", gtidSet='" + gtidSet + "', payload=" + payload.remaining()
                + " bytes, filePosition=" + filePosition + ", sizeInBytes=" + sizeInBytes + "]";
    }
}
