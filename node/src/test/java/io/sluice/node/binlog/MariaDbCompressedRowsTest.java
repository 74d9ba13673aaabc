package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * MariaDB's compressed rows events (log_bin_compress=ON): only the rows after the column bitmaps are compressed,
 * and the rows decoder gets the event's header with the body of the equivalent uncompressed event.
 */
class MariaDbCompressedRowsTest {

    private record Handed(EventHeader header, byte[] body, int postHeaderLength) implements BinlogEvent {
    }

    private final List<Handed> handed = new ArrayList<>();

    private BinlogEventDecoder decoder() {
        BinlogEventDecoder decoder = new BinlogEventDecoder((header, body, postHeader, tables) -> {
            Handed h = new Handed(header, body.restBytes(), postHeader);
            handed.add(h);
            return h;
        });
        Events.prime(decoder, Events.mariaDb105Fde(true));
        return decoder;
    }

    private static final byte[] ROWS = Bytes.of()
            .hex("fc").u32(1).str8("first row value")   // NULL bitmap, INT, VARCHAR
            .hex("fc").u32(2).str8("second row value")
            .build();

    @Test
    void writeRowsV1IsInflatedBehindItsBitmap() {
        byte[] prefix = Bytes.of()
                .u48(38)        // table id
                .u16(1)         // flags: STMT_END_F
                .u8(2)          // column count
                .hex("03")      // columns present
                .build();
        byte[] body = Bytes.of().bytes(prefix).bytes(QueryEventTest.MariaDbCompressed.compress(ROWS)).build();
        BinlogEvent event = Events.decode(decoder(),
                Events.event(EventType.MARIADB_WRITE_ROWS_COMPRESSED_V1, body, true));
        Handed h = (Handed) event;
        // the event's own header: type and size as in the binlog; the body: as if it had not been compressed
        assertEquals(EventType.MARIADB_WRITE_ROWS_COMPRESSED_V1, h.header().type());
        assertEquals(EventHeader.LENGTH + body.length + 4, h.header().eventSize());
        assertEquals(8, h.postHeaderLength());
        assertArrayEquals(Bytes.of().bytes(prefix).bytes(ROWS).build(), h.body());
    }

    @Test
    void updateRowsV2KeepsExtraDataAndBothBitmapsUncompressed() {
        byte[] prefix = Bytes.of()
                .u48(38).u16(1)
                .u16(5).hex("010203")  // extra data: length 5 counting itself, 3 bytes
                .u8(2)                 // column count
                .hex("03")             // before-image columns
                .hex("02")             // after-image columns
                .build();
        byte[] body = Bytes.of().bytes(prefix).bytes(QueryEventTest.MariaDbCompressed.compress(ROWS)).build();
        Handed h = (Handed) Events.decode(decoder(),
                Events.event(EventType.MARIADB_UPDATE_ROWS_COMPRESSED, body, true));
        assertEquals(EventType.MARIADB_UPDATE_ROWS_COMPRESSED, h.header().type());
        assertEquals(10, h.postHeaderLength());
        assertArrayEquals(Bytes.of().bytes(prefix).bytes(ROWS).build(), h.body());
    }

    @Test
    void damagedCompressedRowsAreClearErrors() {
        byte[] prefix = Bytes.of().u48(38).u16(1).u8(2).hex("03").build();
        byte[] good = QueryEventTest.MariaDbCompressed.compress(ROWS);

        byte[] badHeader = good.clone();
        badHeader[0] = (byte) 0xa4; // algorithm 2: not zlib
        assertFails(prefix, badHeader, "0x81-0x84");

        byte[] wrongLength = good.clone();
        wrongLength[4] += 1; // declares one byte more than the stream holds
        assertFails(prefix, wrongLength, "but the header declares");

        byte[] huge = Bytes.of().u8(0x84).hex("7fffffff").bytes(new byte[20]).build();
        assertFails(prefix, huge, "impossible");

        byte[] garbage = good.clone();
        garbage[8] ^= 0x55;
        garbage[9] ^= 0x55;
        assertFails(prefix, garbage, "zlib");
    }

    private void assertFails(byte[] prefix, byte[] compressed, String message) {
        byte[] body = Bytes.of().bytes(prefix).bytes(compressed).build();
        BinlogEventDecoder decoder = decoder();
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class, () -> Events.decode(decoder,
                Events.event(EventType.MARIADB_WRITE_ROWS_COMPRESSED_V1, body, true)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
