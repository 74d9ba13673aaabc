package io.sluice.node.binlog;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The compression of MariaDB's QUERY_COMPRESSED and *_ROWS_COMPRESSED events ({@code log_bin_compress=ON},
 * MariaDB 10.2+). The compressed part is: one header byte with the top bit set, bits 4-6 the algorithm (0, zlib,
 * is the only one) and bits 0-2 the count N (1-4) of length bytes; then the uncompressed length in N big-endian
 * bytes; then a zlib stream. See {@code binlog_get_uncompress_len} and {@code binlog_buf_uncompress} in MariaDB's
 * sql/log_event.cc. Stateless.
 */
final class MariaDbCompression {
    /**
     * zlib cannot compress better than about 1032:1; a declared length above this bound is corrupt, and refusing
     * it keeps a damaged length from allocating gigabytes.
     */
    private static final long MAX_ZLIB_RATIO = 1100;

    private MariaDbCompression() {
    }

    /** Inflates everything from the reader's position to its end. */
    static byte[] inflate(ByteReader r, String what) {
        int header = r.u8();
        int lengthBytes = header & 0x07;
        if ((header & 0xf0) != 0x80 || lengthBytes < 1 || lengthBytes > 4) {
            throw new BinlogFormatException(what + ": compressed data must start with a byte 0x81-0x84 (top bit set,"
                    + " algorithm 0 = zlib, 1-4 length bytes), got 0x" + Integer.toHexString(header));
        }
        long declared = r.uintBE(lengthBytes);
        int compressed = r.remaining();
        if (declared > (long) compressed * MAX_ZLIB_RATIO + 1024 || declared > Integer.MAX_VALUE - 64) {
            throw new BinlogFormatException(what + ": declared uncompressed length " + declared + " is impossible for "
                    + compressed + " bytes of zlib data");
        }
        byte[] out = new byte[(int) declared];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(r.array(), r.arrayOffset(), compressed);
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0) {
                    break; // needs input it does not have (truncated), or a dictionary MariaDB never uses
                }
                n += got;
            }
            if (n != out.length || !inflater.finished() && probeMore(inflater)) {
                throw new BinlogFormatException(what + ": zlib data inflates to " + (n == out.length ? "more than " : "")
                        + n + " bytes, but the header declares " + declared);
            }
        } catch (DataFormatException e) {
            throw new BinlogFormatException(what + ": zlib data is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
        r.skip(compressed);
        return out;
    }

    /** After the declared length was produced, whether the stream still holds data (a length mismatch). */
    private static boolean probeMore(Inflater inflater) throws DataFormatException {
        byte[] one = new byte[1];
        return inflater.inflate(one) > 0;
    }

    /** {@code prefix} followed by {@code inflated}: the body of the equivalent uncompressed event. */
    static byte[] concat(byte[] prefixArray, int prefixOffset, int prefixLength, byte[] inflated) {
        byte[] body = new byte[prefixLength + inflated.length];
        System.arraycopy(prefixArray, prefixOffset, body, 0, prefixLength);
        System.arraycopy(inflated, 0, body, prefixLength, inflated.length);
        return body;
    }
}
