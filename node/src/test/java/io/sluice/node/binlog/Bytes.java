package io.sluice.node.binlog;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Builds byte literals field by field, little-endian like the binlog, for tests that spell events out. */
final class Bytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Bytes of() {
        return new Bytes();
    }

    Bytes u8(int v) {
        out.write(v);
        return this;
    }

    Bytes u16(int v) {
        return le(v, 2);
    }

    Bytes u24(int v) {
        return le(v, 3);
    }

    Bytes u32(long v) {
        return le(v, 4);
    }

    Bytes u48(long v) {
        return le(v, 6);
    }

    Bytes u64(long v) {
        return le(v, 8);
    }

    Bytes le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    /** A length-encoded integer of the MySQL protocol. */
    Bytes lenenc(long v) {
        if (v < 0xfb) {
            return u8((int) v);
        }
        if (v <= 0xffff) {
            return u8(0xfc).u16((int) v);
        }
        if (v <= 0xffffff) {
            return u8(0xfd).u24((int) v);
        }
        return u8(0xfe).u64(v);
    }

    Bytes str(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** A string preceded by its length in one byte. */
    Bytes str8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return u8(b.length).bytes(b);
    }

    Bytes hex(String hex) {
        out.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "")));
        return this;
    }

    Bytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Bytes zeros(int n) {
        out.writeBytes(new byte[n]);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] build() {
        return out.toByteArray();
    }
}
