package io.sluice.coordinator.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;

class HistoryCodecTest {

    private static final SourcePoint POINT = new SourcePoint(new BinlogPosition("mysql-bin.000003", 1234),
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", Instant.ofEpochSecond(1_700_000_000L, 123_000_000));

    @Test
    void ddlRecordsRoundTrip() throws Exception {
        DdlRecord withGtid = new DdlRecord(7, POINT, "shop", "ALTER TABLE t ADD COLUMN ü INT",
                "extra".getBytes(StandardCharsets.UTF_8));
        DdlRecord without = new DdlRecord(8, SourcePoint.of(new BinlogPosition("b.000001", 4), Instant.EPOCH), "",
                "CREATE DATABASE x", null);
        assertEquals(withGtid, HistoryCodec.decodeDdl(HistoryCodec.encodeDdl(withGtid)));
        assertEquals(without, HistoryCodec.decodeDdl(HistoryCodec.encodeDdl(without)));
    }

    @Test
    void headAndMetaRoundTrip() throws Exception {
        HistoryHead head = new HistoryHead(3, 99);
        assertEquals(head, HistoryCodec.decodeHead(HistoryCodec.encodeHead(head)));
        HistoryCodec.SnapshotMeta meta = new HistoryCodec.SnapshotMeta(42, 3, POINT, 1000, 0xdeadbeef,
                new int[] {600, 400}, new int[] {1, -2});
        HistoryCodec.SnapshotMeta back = HistoryCodec.decodeMeta(HistoryCodec.encodeMeta(meta));
        assertEquals(42, back.coversSequence());
        assertEquals(3, back.epoch());
        assertEquals(POINT, back.position());
        assertEquals(0xdeadbeef, back.payloadCrc());
        assertArrayEquals(new int[] {600, 400}, back.chunkLengths());
        assertArrayEquals(new int[] {1, -2}, back.chunkCrcs());
        assertEquals(1000, back.compressedLength());
    }

    /** Any single flipped byte must raise the codec's own exception, never another one or a wrong record. */
    @Test
    void everyFlippedByteIsCaught() {
        byte[] good = HistoryCodec.encodeDdl(new DdlRecord(7, POINT, "shop", "DROP TABLE t", new byte[] {1, 2}));
        Random random = new Random(7);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) (1 + random.nextInt(255));
            try {
                HistoryCodec.decodeDdl(bad);
                fail("flipping byte " + i + " went unnoticed");
            } catch (HistoryCodec.FormatException e) {
                assertTrue(e.getMessage().contains("CRC32 mismatch"), e.getMessage());
            }
        }
        HistoryCodec.FormatException shortData = assertThrows(HistoryCodec.FormatException.class,
                () -> HistoryCodec.decodeDdl(new byte[3]));
        assertTrue(shortData.getMessage().contains("3 bytes"), shortData.getMessage());
    }

    @Test
    void chunksAreBoundedAndInflateBack() throws Exception {
        byte[] payload = new byte[100_000];
        new Random(1).nextBytes(payload);
        byte[] compressed = SnapshotChunks.deflate(payload, 6);
        List<byte[]> chunks = SnapshotChunks.split(compressed, 30_000);
        int total = 0;
        for (byte[] chunk : chunks) {
            assertTrue(chunk.length <= 30_000);
            total += chunk.length;
        }
        assertEquals(compressed.length, total);
        assertArrayEquals(payload, SnapshotChunks.inflate(compressed, payload.length));
        HistoryCodec.FormatException wrongLength = assertThrows(HistoryCodec.FormatException.class,
                () -> SnapshotChunks.inflate(compressed, payload.length - 1));
        assertTrue(wrongLength.getMessage().contains("meta says " + (payload.length - 1)), wrongLength.getMessage());
        assertEquals(1, SnapshotChunks.split(new byte[0], 10).size());
    }
}
