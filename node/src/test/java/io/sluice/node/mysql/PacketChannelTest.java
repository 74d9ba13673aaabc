package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class PacketChannelTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void writesLengthSequenceAndPayload() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(new byte[0]), out, "test:1", 1 << 20);
        channel.writePayload(new byte[] {0x0e});
        channel.writePayload(new byte[] {1, 2});
        assertEquals(""
                + "010000" + "00" + "0e"      // length 1, sequence 0, COM_PING
                + "020000" + "01" + "0102",   // length 2, sequence 1
                HEX.formatHex(out.toByteArray()));
    }

    @Test
    void readsPacketsAndChecksSequence() throws IOException {
        byte[] wire = HEX.parseHex("03000000" + "616263" + "00000001");
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), "test:1",
                1 << 20);
        assertArrayEquals("abc".getBytes(), channel.readPayload());
        assertArrayEquals(new byte[0], channel.readPayload());
    }

    @Test
    void rejectsAPacketOutOfOrder() {
        byte[] wire = HEX.parseHex("01000005" + "ff");
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(),
                "db.example:3306", 1 << 20);
        MysqlProtocolException e = assertThrows(MysqlProtocolException.class, channel::readPayload);
        assertTrue(e.getMessage().contains("expected sequence id 0, got 5"), e.getMessage());
        assertTrue(e.getMessage().contains("db.example:3306"), e.getMessage());
    }

    @Test
    void splitsAndJoinsPayloadsOf16MiBAndMore() throws IOException {
        byte[] big = new byte[PacketChannel.MAX_CHUNK + 10];
        Arrays.fill(big, (byte) 7);
        big[big.length - 1] = 9;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketChannel writer = new PacketChannel(new ByteArrayInputStream(new byte[0]), out, "test:1", 1 << 30);
        writer.writePayload(big);
        byte[] wire = out.toByteArray();
        assertEquals(big.length + 8, wire.length, "two chunks, two headers");
        assertEquals("ffffff00", HEX.formatHex(wire, 0, 4));
        assertEquals("0a000001", HEX.formatHex(wire, 4 + PacketChannel.MAX_CHUNK, 8 + PacketChannel.MAX_CHUNK));

        PacketChannel reader = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), "test:1",
                1 << 30);
        assertArrayEquals(big, reader.readPayload());
    }

    @Test
    void aPayloadOfExactlyOneChunkEndsWithAnEmptyChunk() throws IOException {
        byte[] exact = new byte[PacketChannel.MAX_CHUNK];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PacketChannel(new ByteArrayInputStream(new byte[0]), out, "test:1", 1 << 30).writePayload(exact);
        byte[] wire = out.toByteArray();
        assertEquals(exact.length + 8, wire.length);
        assertEquals("00000001", HEX.formatHex(wire, wire.length - 4, wire.length));
        PacketChannel reader = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), "test:1",
                1 << 30);
        assertEquals(exact.length, reader.readPayload().length);
    }

    @Test
    void refusesAPayloadOverTheLimitBeforeBufferingIt() {
        byte[] wire = HEX.parseHex("00100000"); // announces 4096 bytes, none follow
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(),
                "db.example:3306", 1024);
        PacketTooLargeException e = assertThrows(PacketTooLargeException.class, channel::readPayload);
        assertTrue(e.getMessage().contains("at least 4096 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("limit of 1024 bytes (maxPacketSize)"), e.getMessage());
    }

    @Test
    void aClosedConnectionIsAnEofNamingTheSource() {
        byte[] wire = HEX.parseHex("05000000" + "6162"); // 5 announced, 2 sent
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(),
                "db.example:3306", 1024);
        EOFException e = assertThrows(EOFException.class, channel::readPayload);
        assertTrue(e.getMessage().contains("db.example:3306"), e.getMessage());
        assertTrue(e.getMessage().contains("2 of 5 bytes"), e.getMessage());
    }

    @Test
    void dropsTheMarkerOfAnEventPacket() throws IOException {
        byte[] wire = HEX.parseHex("04000000" + "00" + "0a0b0c"  // OK marker, then three event bytes
                + "03000001" + "ff" + "1500");                    // an ERR packet keeps its first byte
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), "test:1",
                1 << 20);
        PacketChannel.Payload event = channel.readPayloadAfter(0x00);
        assertTrue(event.marked());
        assertEquals("0a0b0c", HEX.formatHex(event.bytes()));
        PacketChannel.Payload error = channel.readPayloadAfter(0x00);
        assertFalse(error.marked());
        assertEquals("ff1500", HEX.formatHex(error.bytes()));
    }

    @Test
    void aPacketOfOnlyTheMarkerOrNothingAtAll() throws IOException {
        byte[] wire = HEX.parseHex("01000000" + "00" + "00000001");
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), "test:1",
                1 << 20);
        PacketChannel.Payload marker = channel.readPayloadAfter(0x00);
        assertTrue(marker.marked());
        assertEquals(0, marker.bytes().length);
        PacketChannel.Payload empty = channel.readPayloadAfter(0x00);
        assertFalse(empty.marked(), "an empty payload has no marker");
        assertEquals(0, empty.bytes().length);
    }

    @Test
    void anEventSpanningTheChunkBoundaryComesBackWhole() throws IOException {
        byte[] event = pattern(PacketChannel.MAX_CHUNK + 9); // with its marker, MAX_CHUNK + 10 payload bytes
        byte[] wire = concat(
                chunk(0, concat(new byte[] {0x00}, Arrays.copyOfRange(event, 0, PacketChannel.MAX_CHUNK - 1))),
                chunk(1, Arrays.copyOfRange(event, PacketChannel.MAX_CHUNK - 1, event.length)),
                chunk(2, HEX.parseHex("fe00000200")));            // an EOF packet after it, sequence carried on
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), "test:1",
                PacketChannel.MAX_CHUNK + 10);
        PacketChannel.Payload read = channel.readPayloadAfter(0x00);
        assertTrue(read.marked());
        assertArrayEquals(event, read.bytes());
        PacketChannel.Payload eof = channel.readPayloadAfter(0x00);
        assertFalse(eof.marked());
        assertEquals("fe00000200", HEX.formatHex(eof.bytes()));
    }

    @Test
    void anEventOfExactlyOneChunkEndsWithAnEmptyChunk() throws IOException {
        byte[] event = pattern(PacketChannel.MAX_CHUNK - 1);
        byte[] wire = concat(chunk(0, concat(new byte[] {0x00}, event)), chunk(1, new byte[0]));
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), "test:1",
                1 << 30);
        assertArrayEquals(event, channel.readPayloadAfter(0x00).bytes());
    }

    @Test
    void anEventOfThreeChunks() throws IOException {
        byte[] event = pattern(2 * PacketChannel.MAX_CHUNK + 4);
        byte[] wire = concat(
                chunk(0, concat(new byte[] {0x00}, Arrays.copyOfRange(event, 0, PacketChannel.MAX_CHUNK - 1))),
                chunk(1, Arrays.copyOfRange(event, PacketChannel.MAX_CHUNK - 1, 2 * PacketChannel.MAX_CHUNK - 1)),
                chunk(2, Arrays.copyOfRange(event, 2 * PacketChannel.MAX_CHUNK - 1, event.length)));
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(), "test:1",
                1 << 30);
        assertArrayEquals(event, channel.readPayloadAfter(0x00).bytes());
    }

    @Test
    void theMarkerCountsAgainstTheLimitAcrossChunks() {
        // MAX_CHUNK + 11 payload bytes, marker included, against a limit of MAX_CHUNK + 10
        byte[] wire = concat(chunk(0, new byte[PacketChannel.MAX_CHUNK]), chunk(1, new byte[11]));
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(),
                "db.example:3306", PacketChannel.MAX_CHUNK + 10);
        PacketTooLargeException e = assertThrows(PacketTooLargeException.class, () -> channel.readPayloadAfter(0x00));
        assertTrue(e.getMessage().contains("at least " + (PacketChannel.MAX_CHUNK + 11) + " bytes"), e.getMessage());
    }

    @Test
    void anEventCutShortIsAnEofCountingTheMarker() {
        byte[] wire = HEX.parseHex("05000000" + "00" + "61"); // 5 announced, the marker and 1 byte sent
        PacketChannel channel = new PacketChannel(new ByteArrayInputStream(wire), new ByteArrayOutputStream(),
                "db.example:3306", 1024);
        EOFException e = assertThrows(EOFException.class, () -> channel.readPayloadAfter(0x00));
        assertTrue(e.getMessage().contains("2 of 5 bytes"), e.getMessage());
    }

    /** A packet header (3-byte little-endian length, sequence id) and the chunk's bytes. */
    private static byte[] chunk(int sequence, byte[] data) {
        byte[] header = {(byte) data.length, (byte) (data.length >>> 8), (byte) (data.length >>> 16), (byte) sequence};
        return concat(header, data);
    }

    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + (i >>> 16));
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
