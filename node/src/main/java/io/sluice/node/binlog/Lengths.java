package io.sluice.node.binlog;

/** Bounds for counts and lengths read off the wire, so corrupt input fails with a message instead of an OOM. */
final class Lengths {
    private Lengths() {
    }

    /**
     * A packed (length-encoded) integer used as a count or length: not the NULL marker, and small enough that
     * {@code value * minBytesEach} bytes can still follow in {@code r}. With {@code minBytesEach} 0 the value is an
     * index or a size of something else, checked only to fit an int.
     */
    static int packedCount(ByteReader r, int minBytesEach, String what) {
        int at = r.position();
        long value = r.lenencInt();
        return check(value, minBytesEach, r.remaining(), what, at);
    }

    /** As {@link #packedCount(ByteReader, int, String)}; the message names {@code subject} and {@code item}. */
    static int packedCount(ByteReader r, int minBytesEach, String subject, String item) {
        int at = r.position();
        long value = r.lenencInt();
        if (value < 0 || value > Integer.MAX_VALUE || value * minBytesEach > r.remaining()) {
            check(value, minBytesEach, r.remaining(), subject + " " + item, at); // throws
        }
        return (int) value;
    }

    /** As {@link #packedCount}, for a count already read. */
    static int count(long value, int minBytesEach, ByteReader r, String what) {
        return check(value, minBytesEach, r.remaining(), what, r.position());
    }

    private static int check(long value, int minBytesEach, int remaining, String what, int at) {
        if (value < 0) {
            throw new BinlogFormatException(what + " at offset " + at + " is not a valid length (" + value
                    + ", or the NULL marker 0xfb)");
        }
        if (value > Integer.MAX_VALUE || value * minBytesEach > remaining) {
            throw new BinlogFormatException(what + " at offset " + at + " is " + value + ", but only " + remaining
                    + " bytes follow");
        }
        return (int) value;
    }
}
