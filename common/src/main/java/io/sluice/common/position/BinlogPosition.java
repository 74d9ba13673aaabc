package io.sluice.common.position;

import java.util.Objects;

/**
 * A place in a source's binary log: file name and byte offset within it. Prints and parses as an
 * operator types it, {@code mysql-bin.000003:1234}.
 */
public record BinlogPosition(String file, long offset) implements Comparable<BinlogPosition> {
    public BinlogPosition {
        Objects.requireNonNull(file, "file");
        if (file.isEmpty() || file.indexOf(':') >= 0) {
            throw new IllegalArgumentException("binlog file name must be non-empty and contain no ':', got '" + file + "'");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("binlog offset must be >= 0, got " + offset + " in " + file);
        }
    }

    /** Parses {@code FILE:OFFSET}. */
    public static BinlogPosition parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("binlog position must look like mysql-bin.000003:1234, got '" + text + "'");
        }
        try {
            return new BinlogPosition(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("binlog offset in '" + text + "' is not a number", e);
        }
    }

    public BinlogPosition withOffset(long newOffset) {
        return new BinlogPosition(file, newOffset);
    }

    /**
     * Orders by file name, then offset. Binlog file names share a base name and a zero-padded sequence
     * number, so name order is creation order; when the sequence outgrows its padding the longer name is
     * the later one.
     */
    @Override
    public int compareTo(BinlogPosition o) {
        int byLength = Integer.compare(file.length(), o.file.length());
        int byName = byLength != 0 ? byLength : file.compareTo(o.file);
        return byName != 0 ? byName : Long.compare(offset, o.offset);
    }

    @Override
    public String toString() {
        return file + ":" + offset;
    }
}
