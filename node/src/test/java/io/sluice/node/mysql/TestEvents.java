package io.sluice.node.mysql;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventType;

/** Builds raw binlog events for tests: a 19-byte header, a body, and optionally a CRC32. */
final class TestEvents {
    private TestEvents() {
    }

    static byte[] event(EventType type, long timestamp, long logPos, int flags, byte[] body, boolean checksum) {
        int size = EventHeader.LENGTH + body.length + (checksum ? 4 : 0);
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) timestamp).put((byte) type.code()).putInt(1).putInt(size).putInt((int) logPos)
                .putShort((short) flags).put(body);
        if (checksum) {
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, size - 4);
            b.putInt((int) crc.getValue());
        }
        return b.array();
    }

    static byte[] rotate(String file, long position, boolean artificial, boolean checksum) {
        byte[] name = file.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(8 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        body.putLong(position).put(name);
        return event(EventType.ROTATE, artificial ? 0 : 1_700_000_000L, artificial ? 0 : 4321,
                artificial ? EventHeader.FLAG_ARTIFICIAL : 0, body.array(), checksum);
    }

    static byte[] plain(EventType type, long timestamp, long logPos) {
        return event(type, timestamp, logPos, 0, new byte[8], true);
    }
}
