package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.github.luben.zstd.Zstd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TRANSACTION_PAYLOAD: the header fields, and the inner events streamed out of a zstd or uncompressed payload. */
class TransactionPayloadTest {
    private static final EventPosition AT = EventPosition.of("binlog.000012", 4096);

    /** Events inside a payload have no checksum and their next-event position is 0. */
    private static byte[] inner(EventType type, byte[] body) {
        byte[] event = Events.event(type, body, false);
        event[13] = event[14] = event[15] = event[16] = 0;
        return event;
    }

    private static byte[] begin() {
        return inner(EventType.QUERY, Bytes.of().u32(1).u32(0).u8(0).u16(0).u16(0).u8(0)
                .str("BEGIN").build());
    }

    private static byte[] tableMap(long id) {
        return inner(EventType.TABLE_MAP, Bytes.of().u48(id).u16(1).str8("db").u8(0).str8("t").u8(0)
                .u8(1).hex("03").u8(0).hex("00").build());
    }

    private static byte[] writeRows(long id) {
        return inner(EventType.WRITE_ROWS_V2, Bytes.of().u48(id).u16(1).u16(2).u8(1).hex("01").hex("00")
                .u32(7).build());
    }

    private static byte[] xid(long xid) {
        return inner(EventType.XID, Bytes.of().u64(xid).build());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** The outer event: type-length-value fields, the end mark, then the payload; CRC32 after it. */
    private static byte[] payloadEvent(byte[] events, boolean zstd, long declaredUncompressed) {
        byte[] payload = zstd ? Zstd.compress(events) : events;
        byte[] type = Bytes.of().lenenc(zstd ? 0 : 255).build();  // 0 zstd, 255 none (fc ff 00)
        Bytes body = Bytes.of()
                .u8(2).u8(type.length).bytes(type);               // compression type
        if (zstd) {
            byte[] size = Bytes.of().lenenc(declaredUncompressed).build();
            body.u8(3).u8(size.length).bytes(size);               // uncompressed size
        }
        byte[] size = Bytes.of().lenenc(payload.length).build();
        body.u8(1).u8(size.length).bytes(size)                    // payload size
                .u8(0)                                            // end of the header fields
                .bytes(payload);
        return Events.event(EventType.TRANSACTION_PAYLOAD, body.build(), true);
    }

    private static BinlogEventDecoder decoder() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        return decoder;
    }

    private static List<BinlogEvent> drain(TransactionPayloadReader reader, List<EventPosition> positions) {
        List<BinlogEvent> events = new ArrayList<>();
        while (reader.next()) {
            events.add(reader.event());
            positions.add(reader.position());
        }
        return events;
    }

    @Test
    void zstdPayloadStreamsItsEventsAtPayloadOffsetAndIndex() {
        byte[] events = concat(begin(), tableMap(70), writeRows(70), xid(99));
        byte[] event = payloadEvent(events, true, events.length);
        BinlogEventDecoder decoder = decoder();
        TransactionPayloadEvent payload = assertInstanceOf(TransactionPayloadEvent.class,
                decoder.decode(event, 0, event.length, AT));
        assertEquals(TransactionPayloadEvent.ZSTD, payload.compressionType());
        assertEquals(events.length, payload.uncompressedSize());

        List<EventPosition> positions = new ArrayList<>();
        List<BinlogEvent> inner;
        try (TransactionPayloadReader reader = decoder.payloadEvents(event, 0, event.length, payload, AT)) {
            inner = drain(reader, positions);
            assertEquals(4, reader.count());
        }
        assertEquals("BEGIN", assertInstanceOf(QueryEvent.class, inner.get(0)).sql());
        assertEquals("db.t", assertInstanceOf(TableMapEvent.class, inner.get(1)).qualifiedName());
        assertEquals(70, assertInstanceOf(UndecodedRowsEvent.class, inner.get(2)).tableId());
        assertEquals(99, assertInstanceOf(XidEvent.class, inner.get(3)).xid());
        assertEquals(List.of(AT.inner(1), AT.inner(2), AT.inner(3), AT.inner(4)), positions);
        assertEquals("binlog.000012:4096/3", positions.get(2).toString());
        assertEquals("t", decoder.tableMap(70).table(), "inner TABLE_MAPs reach the decoder's cache");
        assertEquals(6, decoder.eventsDecoded()); // format description, payload, 4 inner events
    }

    @Test
    void uncompressedPayload() {
        byte[] events = concat(begin(), xid(5));
        byte[] event = payloadEvent(events, false, 0);
        BinlogEventDecoder decoder = decoder();
        TransactionPayloadEvent payload = (TransactionPayloadEvent) decoder.decode(event, 0, event.length, AT);
        assertEquals(TransactionPayloadEvent.NONE, payload.compressionType());
        try (TransactionPayloadReader reader = decoder.payloadEvents(event, 0, event.length, payload, AT)) {
            assertEquals(2, drain(reader, new ArrayList<>()).size());
        }
    }

    @Test
    void largePayloadIsReadOneEventAtATime() {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        events.writeBytes(begin());
        events.writeBytes(tableMap(1));
        int rows = 100_000;
        for (int i = 0; i < rows; i++) {
            events.writeBytes(writeRows(1));
        }
        events.writeBytes(xid(1));
        byte[] event = payloadEvent(events.toByteArray(), true, events.size());
        assertTrue(event.length < events.size() / 20, "compresses well: " + event.length);
        BinlogEventDecoder decoder = decoder();
        TransactionPayloadEvent payload = (TransactionPayloadEvent) decoder.decode(event, 0, event.length, AT);
        int count = 0;
        try (TransactionPayloadReader reader = decoder.payloadEvents(event, 0, event.length, payload, AT)) {
            while (reader.next()) {
                count++;
            }
        }
        assertEquals(rows + 3, count);
    }

    @Test
    void corruptPayloadsAreErrorsWithTheirPosition() {
        byte[] events = concat(begin(), xid(5));
        // zstd data damaged (and its CRC32 fixed, as if damaged before it was written)
        byte[] damaged = payloadEvent(events, true, events.length);
        damaged[damaged.length - 10] ^= 0x5a;
        Events.putCrc(damaged);
        assertPayloadFails(damaged, "TRANSACTION_PAYLOAD");

        // the payload ends in the middle of its second event
        byte[] cut = payloadEvent(java.util.Arrays.copyOf(events, events.length - 3), false, 0);
        assertPayloadFails(cut, "inside its event #2");

        // the header claims more uncompressed bytes than there are
        assertPayloadFails(payloadEvent(events, true, events.length + 1), "declares " + (events.length + 1));

        // a FORMAT_DESCRIPTION cannot be inside a transaction
        byte[] fde = Events.mysql80Fde(false);
        assertPayloadFails(payloadEvent(concat(begin(), fde), false, 0), "cannot appear inside");
    }

    private static void assertPayloadFails(byte[] event, String message) {
        BinlogEventDecoder decoder = decoder();
        TransactionPayloadEvent payload = (TransactionPayloadEvent) decoder.decode(event, 0, event.length, AT);
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class, () -> {
            try (TransactionPayloadReader reader = decoder.payloadEvents(event, 0, event.length, payload, AT)) {
                drain(reader, new ArrayList<>());
            }
        });
        assertTrue(e.getMessage().contains(message) && e.getMessage().contains("binlog.000012:4096"), e.getMessage());
    }

    @Test
    void payloadHeaderErrors() {
        BinlogEventDecoder decoder = decoder();
        byte[] noCompression = Events.event(EventType.TRANSACTION_PAYLOAD, Bytes.of().u8(1).u8(1).u8(0).u8(0).build(),
                true);
        assertTrue(assertThrows(BinlogDecodeException.class, () -> decoder.decode(noCompression, 0,
                noCompression.length, AT)).getMessage().contains("without a compression type"));
        byte[] tooBig = Events.event(EventType.TRANSACTION_PAYLOAD,
                Bytes.of().u8(2).u8(1).u8(0).u8(1).u8(1).u8(100).u8(0).zeros(10).build(), true);
        assertTrue(assertThrows(BinlogDecodeException.class, () -> decoder.decode(tooBig, 0, tooBig.length, AT))
                .getMessage().contains("payload size 100 exceeds"));
    }

    @Test
    void fileReaderFollowsThePayloadEventWithItsInnerEvents(@TempDir Path dir) throws Exception {
        byte[] events = concat(begin(), tableMap(3), writeRows(3), xid(8));
        byte[] payload = payloadEvent(events, true, events.length);
        byte[] after = Events.event(EventType.ROTATE, Bytes.of().u64(4).str("binlog.000013").build(), true);
        byte[] fde = Events.mysql80Fde(true);
        Path file = dir.resolve("binlog.000012");
        Files.write(file, concat(new byte[] {(byte) 0xfe, 'b', 'i', 'n'}, fde, payload, after));

        List<String> seen = new ArrayList<>();
        try (BinlogFileReader reader = BinlogFileReader.open(file, TestBinlogs.decoderWithoutRows())) {
            while (reader.next()) {
                seen.add(reader.position() + " " + reader.event().header().type());
            }
            assertFalse(reader.next());
            assertEquals(Files.size(file), reader.nextOffset());
        }
        long payloadAt = 4 + fde.length;
        assertEquals(List.of(
                "binlog.000012:4 FORMAT_DESCRIPTION",
                "binlog.000012:" + payloadAt + " TRANSACTION_PAYLOAD",
                "binlog.000012:" + payloadAt + "/1 QUERY",
                "binlog.000012:" + payloadAt + "/2 TABLE_MAP",
                "binlog.000012:" + payloadAt + "/3 WRITE_ROWS_V2",
                "binlog.000012:" + payloadAt + "/4 XID",
                "binlog.000012:" + (payloadAt + payload.length) + " ROTATE"), seen);
        assertTrue(new String(after, StandardCharsets.UTF_8).contains("binlog.000013"));
    }
}
