package io.sluice.node.binlog;

import java.util.Arrays;
import java.util.zip.CRC32;

/** Whole events and format descriptions for tests that spell bytes out. */
final class Events {
    /** Post-header lengths of a MySQL 8.0.32 FORMAT_DESCRIPTION (from transaction_compression.000001). */
    static final byte[] MYSQL_80_POST_HEADERS = {0, 13, 0, 8, 0, 0, 0, 0, 4, 0, 4, 0, 0, 0, 98, 0, 4, 26, 8, 0, 0, 0,
        8, 8, 8, 2, 0, 0, 0, 10, 10, 10, 42, 42, 0, 18, 52, 0, 10, 40, 0};
    /** Post-header lengths of a MariaDB 10.5 FORMAT_DESCRIPTION (from mariadb-bin.000001): 171 types. */
    static final byte[] MARIADB_105_POST_HEADERS = mariaDbPostHeaders();
    static final int TIMESTAMP = 1_700_000_000;
    static final int SERVER_ID = 1;

    private Events() {
    }

    private static byte[] mariaDbPostHeaders() {
        byte[] a = new byte[171];
        byte[] head = {56, 13, 0, 8, 0, 18, 0, 4, 4, 4, 4, 18, 0, 0, (byte) 228, 0, 4, 26, 8, 0, 0, 0, 8, 8, 8, 2, 0, 0,
            0, 10, 10, 10};
        System.arraycopy(head, 0, a, 0, head.length);
        byte[] tail = {0, 4, 19, 4, 0, 13, 8, 8, 8, 10, 10, 10};
        System.arraycopy(tail, 0, a, 159, tail.length);
        return a;
    }

    static byte[] mysql80Fde(boolean crc32) {
        return formatDescription("8.0.32", MYSQL_80_POST_HEADERS, crc32 ? 1 : 0);
    }

    static byte[] mariaDb105Fde(boolean crc32) {
        return formatDescription("10.5.15-MariaDB-log", MARIADB_105_POST_HEADERS, crc32 ? 1 : 0);
    }

    /**
     * A FORMAT_DESCRIPTION event. {@code algorithm} -1 writes no algorithm byte and no checksum room (servers
     * before MySQL 5.6.1); otherwise the algorithm byte follows the post-header lengths, then a CRC32 when it is 1,
     * else 4 zero bytes.
     */
    static byte[] formatDescription(String version, byte[] postHeaders, int algorithm) {
        Bytes body = Bytes.of()
                .u16(4)                                   // binlog version
                .bytes(Arrays.copyOf(version.getBytes(), 50)) // server version, NUL-padded to 50 bytes
                .u32(0)                                   // created (0: not the first binlog since start)
                .u8(19)                                   // common header length
                .bytes(postHeaders);                      // post-header length per event type
        if (algorithm >= 0) {
            body.u8(algorithm);
            byte[] event = withHeader(EventType.FORMAT_DESCRIPTION.code(), 0, body.build(), CHECKSUM_ROOM);
            if (algorithm == 1) {
                putCrc(event);
            }
            return event;
        }
        return withHeader(EventType.FORMAT_DESCRIPTION.code(), 0, body.build(), 0);
    }

    private static final int CHECKSUM_ROOM = 4;

    /** An event of {@code type} around {@code body}, flags 0, with a valid CRC32 appended when asked. */
    static byte[] event(EventType type, byte[] body, boolean crc32) {
        return event(type.code(), 0, body, crc32);
    }

    static byte[] event(int typeCode, int flags, byte[] body, boolean crc32) {
        byte[] event = withHeader(typeCode, flags, body, crc32 ? CHECKSUM_ROOM : 0);
        if (crc32) {
            putCrc(event);
        }
        return event;
    }

    /** Header (timestamp, type, server id, size, next position, flags), body, then {@code trailer} zero bytes. */
    private static byte[] withHeader(int typeCode, int flags, byte[] body, int trailer) {
        int size = EventHeader.LENGTH + body.length + trailer;
        return Bytes.of()
                .u32(TIMESTAMP)       // timestamp
                .u8(typeCode)         // event type
                .u32(SERVER_ID)       // server id
                .u32(size)            // event size
                .u32(4 + size)        // position of the next event, as if this were the first event of a file
                .u16(flags)           // flags
                .bytes(body)
                .zeros(trailer)
                .build();
    }

    /** Writes the CRC32 of everything but the last 4 bytes into the last 4 bytes. */
    static void putCrc(byte[] event) {
        CRC32 crc = new CRC32();
        crc.update(event, 0, event.length - 4);
        long v = crc.getValue();
        for (int i = 0; i < 4; i++) {
            event[event.length - 4 + i] = (byte) (v >>> (8 * i));
        }
    }

    static BinlogEvent decode(BinlogEventDecoder decoder, byte[] event) {
        return decoder.decode(event, 0, event.length, EventPosition.of("test-bin.000001", 4));
    }

    /** Feeds a format description so the decoder can read the events after it. */
    static void prime(BinlogEventDecoder decoder, byte[] formatDescription) {
        decode(decoder, formatDescription);
    }
}
