package io.sluice.node.binlog;

/**
 * Reads MySQL's serialization framework format (libs/mysql/serialization, readme.md), used by GTID_TAGGED events
 * and the tags of PREVIOUS_GTIDS. Integers there are variable-length: the number of trailing 1 bits in the first
 * byte, plus one, is the byte count (1-9); the value is the first byte's remaining bits followed by the next
 * bytes little-endian ({@code read_varlen_bytes_unsigned} in variable_length_integers.h). Signed integers are
 * zigzag-encoded: the lowest bit is the sign. Strings are a varlen length and the bytes. Stateless.
 */
final class MysqlSerialization {
    private MysqlSerialization() {
    }

    /** A variable-length unsigned integer; 64-bit values above Long.MAX_VALUE come back negative. */
    static long readUnsigned(ByteReader r) {
        int first = r.u8();
        int bytes = Integer.numberOfTrailingZeros(~first) + 1; // 0xff has 8 trailing ones: 9 bytes
        if (bytes == 1) {
            return first >>> 1;
        }
        long rest = r.uintLE(bytes - 1);
        if (bytes >= 8) {
            // 8 bytes carry 56 bits, 9 bytes 64 bits; the first byte holds only the length then
            return rest;
        }
        return first >>> bytes | rest << (8 - bytes);
    }

    /** A variable-length unsigned integer that must fit {@code maxBits} bits (8, 16, 32), as the field type says. */
    static long readUnsigned(ByteReader r, int maxBits, String what) {
        int at = r.position();
        long value = readUnsigned(r);
        if (maxBits < 64 && (value < 0 || value >>> maxBits != 0)) {
            throw new BinlogFormatException(what + " at offset " + at + " is " + Long.toUnsignedString(value)
                    + ", more than its " + maxBits + "-bit field holds");
        }
        return value;
    }

    /** A variable-length signed (zigzag) integer. */
    static long readSigned(ByteReader r) {
        long u = readUnsigned(r);
        return u >>> 1 ^ -(u & 1);
    }

    /** A string: varlen length (at most {@code maxLength}) and bytes, decoded as ASCII/UTF-8. */
    static String readString(ByteReader r, int maxLength, String what) {
        int at = r.position();
        long length = readUnsigned(r);
        if (length < 0 || length > maxLength || length > r.remaining()) {
            throw new BinlogFormatException(what + " at offset " + at + " has length " + Long.toUnsignedString(length)
                    + " (at most " + maxLength + ", " + r.remaining() + " bytes left)");
        }
        return r.string((int) length, java.nio.charset.StandardCharsets.UTF_8);
    }
}
