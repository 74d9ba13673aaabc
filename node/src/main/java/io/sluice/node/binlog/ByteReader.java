package io.sluice.node.binlog;

import java.nio.charset.Charset;

/**
 * A cursor over a slice of a byte array, reading the little-endian integers of the MySQL protocol and
 * binlog formats, plus the big-endian ones that packed temporal and DECIMAL values use.
 *
 * <p>Every read checks the bound first and fails with {@link BinlogFormatException} naming what was
 * being read, where, and how many bytes were left, so that truncated or corrupt input can never turn
 * into an {@code ArrayIndexOutOfBoundsException} or a silently shifted value.
 *
 * <p>Not thread-safe: one reader belongs to one decoding call.
 */
public final class ByteReader {
    private final byte[] buf;
    private final int start;
    private int pos;
    private int limit;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException(
                    "slice offset=" + offset + " length=" + length + " outside array of " + buf.length);
        }
        this.buf = buf;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + length;
    }

    /** The underlying array; positions returned by {@link #arrayOffset()} index into it. */
    public byte[] array() {
        return buf;
    }

    /** Index into {@link #array()} of the next byte to read. */
    public int arrayOffset() {
        return pos;
    }

    /** Bytes read since the start of the slice. */
    public int position() {
        return pos - start;
    }

    /** Moves to a position relative to the start of the slice. */
    public void position(int relative) {
        if (relative < 0 || start + relative > limit) {
            throw new BinlogFormatException("position " + relative + " outside slice of " + (limit - start) + " bytes");
        }
        pos = start + relative;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean hasRemaining() {
        return pos < limit;
    }

    /** Shrinks the readable end by {@code n} bytes, e.g. to cut off a trailing checksum. */
    public void truncateTail(int n) {
        require(n, "trailing bytes to cut");
        limit -= n;
    }

    /** Reads {@code n} bytes as a new reader over the same array, and skips them here. */
    public ByteReader slice(int n) {
        require(n, "sub-slice");
        ByteReader r = new ByteReader(buf, pos, n);
        pos += n;
        return r;
    }

    public void skip(int n) {
        require(n, "skipped bytes");
        pos += n;
    }

    private void require(int n, String what) {
        if (n < 0 || n > limit - pos) {
            throw new BinlogFormatException("truncated data reading " + what + ": need " + n + " bytes at offset "
                    + (pos - start) + ", only " + (limit - pos) + " left");
        }
    }

    public int u8() {
        require(1, "u8");
        return buf[pos++] & 0xff;
    }

    public int s8() {
        require(1, "s8");
        return buf[pos++];
    }

    public int u16() {
        require(2, "u16");
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    public int u24() {
        require(3, "u24");
        int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16;
        pos += 3;
        return v;
    }

    public long u32() {
        require(4, "u32");
        long v = (buf[pos] & 0xffL) | (buf[pos + 1] & 0xffL) << 8 | (buf[pos + 2] & 0xffL) << 16
                | (buf[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    public int s32() {
        return (int) u32();
    }

    /** Little-endian unsigned integer of {@code n} bytes (1..8); 8 bytes come back as the raw 64 bits. */
    public long uintLE(int n) {
        if (n < 1 || n > 8) {
            throw new IllegalArgumentException("integer width " + n);
        }
        require(n, n + "-byte integer");
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (buf[pos + i] & 0xffL) << (8 * i);
        }
        pos += n;
        return v;
    }

    public long u48() {
        return uintLE(6);
    }

    /** Eight bytes little-endian; unsigned values above {@code Long.MAX_VALUE} come back negative. */
    public long u64() {
        return uintLE(8);
    }

    /** Big-endian unsigned integer of {@code n} bytes (1..8), as packed temporal values are stored. */
    public long uintBE(int n) {
        if (n < 1 || n > 8) {
            throw new IllegalArgumentException("integer width " + n);
        }
        require(n, n + "-byte big-endian integer");
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += n;
        return v;
    }

    /**
     * A length-encoded integer of the MySQL protocol: one byte below 0xfb, else 0xfc/0xfd/0xfe followed
     * by 2, 3 or 8 bytes. 0xfb (NULL in result rows) comes back as -1.
     */
    public long lenencInt() {
        int first = u8();
        if (first < 0xfb) {
            return first;
        }
        return switch (first) {
            case 0xfb -> -1;
            case 0xfc -> u16();
            case 0xfd -> u24();
            case 0xfe -> u64();
            default -> throw new BinlogFormatException("invalid length-encoded integer prefix 0xff at offset "
                    + (pos - 1 - start));
        };
    }

    /** A length-encoded byte string; the length must fit the remaining bytes. */
    public byte[] lenencBytes() {
        long n = lenencInt();
        if (n < 0 || n > remaining()) {
            throw new BinlogFormatException("length-encoded string of " + n + " bytes at offset " + (pos - start)
                    + ", only " + remaining() + " left");
        }
        return bytes((int) n);
    }

    public byte[] bytes(int n) {
        require(n, n + " bytes");
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public String string(int n, Charset charset) {
        require(n, n + "-byte string");
        String s = new String(buf, pos, n, charset);
        pos += n;
        return s;
    }

    /** A string ended by a 0 byte (consumed, not returned). */
    public String nulString(Charset charset) {
        int end = pos;
        while (end < limit && buf[end] != 0) {
            end++;
        }
        if (end == limit) {
            throw new BinlogFormatException("unterminated string at offset " + (pos - start));
        }
        String s = new String(buf, pos, end - pos, charset);
        pos = end + 1;
        return s;
    }

    /** The rest of the slice as a string. */
    public String restString(Charset charset) {
        return string(remaining(), charset);
    }

    public byte[] restBytes() {
        return bytes(remaining());
    }

    /** Reads a bitmap of {@code bits} bits, least significant bit first, as MySQL stores column bitmaps. */
    public java.util.BitSet bitmap(int bits) {
        if (bits < 0) {
            throw new BinlogFormatException("negative bitmap width " + bits);
        }
        int n = (bits + 7) >>> 3;
        require(n, "bitmap of " + bits + " bits");
        java.util.BitSet set = java.util.BitSet.valueOf(java.nio.ByteBuffer.wrap(buf, pos, n));
        pos += n;
        return set;
    }
}
