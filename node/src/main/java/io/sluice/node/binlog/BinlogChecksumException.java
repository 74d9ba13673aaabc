package io.sluice.node.binlog;

import io.sluice.node.mysql.ServerVersion;

/**
 * An event whose CRC32 does not match its bytes: the binlog is damaged (disk, copy, network), or it was not
 * written with the checksum its FORMAT_DESCRIPTION event announces.
 */
public final class BinlogChecksumException extends BinlogDecodeException {
    private static final long serialVersionUID = 1L;

    private final long expected;
    private final long computed;

    BinlogChecksumException(EventPosition position, int typeCode, ServerVersion version, int eventSize,
            long expected, long computed) {
        super(String.format("CRC32 mismatch in an event of %d bytes: the event carries 0x%08x but its bytes give 0x%08x;"
                        + " the binlog is damaged, or was not written with the checksum its FORMAT_DESCRIPTION_EVENT"
                        + " announces", eventSize, expected, computed),
                position, typeCode, version);
        this.expected = expected;
        this.computed = computed;
    }

    /** The checksum stored in the event. */
    public long expected() {
        return expected;
    }

    /** The checksum of the event's bytes. */
    public long computed() {
        return computed;
    }
}
