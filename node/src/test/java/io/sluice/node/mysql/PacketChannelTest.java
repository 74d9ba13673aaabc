package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
