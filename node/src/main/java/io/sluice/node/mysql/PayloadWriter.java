package io.sluice.node.mysql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds a packet payload field by field, in the protocol's little-endian and length-encoded forms. Each method
 * returns this writer, so a packet reads top to bottom like its documentation. Not thread-safe.
 */
final class PayloadWriter {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(64);

    PayloadWriter u8(int value) {
        buf.write(value);
        return this;
    }

    PayloadWriter u16(int value) {
        return intLE(value, 2);
    }

    PayloadWriter u32(long value) {
        return intLE(value, 4);
    }

    PayloadWriter u64(long value) {
        return intLE(value, 8);
    }

    PayloadWriter intLE(long value, int width) {
        for (int i = 0; i < width; i++) {
            buf.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    PayloadWriter bytes(byte[] value) {
        buf.writeBytes(value);
        return this;
    }

    PayloadWriter zeros(int count) {
        for (int i = 0; i < count; i++) {
            buf.write(0);
        }
        return this;
    }

    /** UTF-8 bytes followed by a 0 byte. */
    PayloadWriter nulString(String value) {
        buf.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        buf.write(0);
        return this;
    }

    /** UTF-8 bytes without a terminator (a string that runs to the end of the packet). */
    PayloadWriter restString(String value) {
        buf.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The protocol's length-encoded integer: 1, 3, 4 or 9 bytes. */
    PayloadWriter lenencInt(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("length-encoded integer must not be negative, got " + value);
        }
        if (value < 0xFB) {
            return u8((int) value);
        }
        if (value < (1 << 16)) {
            return u8(0xFC).u16((int) value);
        }
        if (value < (1 << 24)) {
            return u8(0xFD).intLE(value, 3);
        }
        return u8(0xFE).u64(value);
    }

    PayloadWriter lenencBytes(byte[] value) {
        return lenencInt(value.length).bytes(value);
    }

    PayloadWriter lenencString(String value) {
        return lenencBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A string preceded by its length in one byte, as COM_REGISTER_SLAVE encodes host, user and password. */
    PayloadWriter shortString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes does not fit a 1-byte length: "
                    + value.substring(0, Math.min(40, value.length())) + "...");
        }
        return u8(bytes.length).bytes(bytes);
    }

    byte[] toByteArray() {
        return buf.toByteArray();
    }
}
