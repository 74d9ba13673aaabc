package io.sluice.node.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A record on disk is not what was written: bad checksum, impossible length, unknown format version, or a sequence
 * out of order. The message names the file and the byte position; the record is never served.
 */
public final class CorruptRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long position;

    public CorruptRecordException(Path file, long position, String problem) {
        super("corrupt record in " + file + " at position " + position + ": " + problem);
        this.file = file;
        this.position = position;
    }

    /** The segment data file. */
    public Path file() {
        return file;
    }

    /** Byte position of the bad record's length field in {@link #file()}. */
    public long position() {
        return position;
    }
}
