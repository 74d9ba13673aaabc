package io.sluice.node.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.common.protocol.Compression;
import io.sluice.common.protocol.Messages;
import io.sluice.common.protocol.Packet;
import io.sluice.common.protocol.PacketType;

class PacketCodecTest {
    /** The frame as the generated classes give it: 4-byte big-endian length, then the Packet. */
    private static byte[] expectedFrame(long batchId, List<ByteString> entries) {
        Messages body = Messages.newBuilder().setBatchId(batchId).addAllMessages(entries).build();
        byte[] packet = Packet.newBuilder().setMagicNumber(17).setVersion(1).setType(PacketType.MESSAGES)
                .setCompression(Compression.NONE).setBody(body.toByteString()).build().toByteArray();
        return ByteBuffer.allocate(4 + packet.length).putInt(packet.length).put(packet).array();
    }

    private static byte[] encoded(Object message) {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketCodec());
        try {
            assertTrue(channel.writeOutbound(message));
            ByteBuf frame = channel.readOutbound();
            try {
                assertNull(channel.readOutbound(), "one buffer per frame");
                return ByteBufUtil.getBytes(frame);
            } finally {
                frame.release();
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void assertSameFrame(long batchId, List<ByteString> entries) {
        byte[] expected = expectedFrame(batchId, entries);
        MessagesFrame frame = new MessagesFrame(batchId, entries);
        assertEquals(expected.length, frame.frameBytes(), "frame size");
        assertArrayEquals(expected, encoded(frame));
    }

    /** Entries as the store hands them out: read-only slices of a larger buffer. */
    private static ByteString stored(byte[] payload) {
        ByteBuffer record = ByteBuffer.allocate(payload.length + 20);
        record.position(13).put(payload);
        return UnsafeByteOperations.unsafeWrap(record.position(13).limit(13 + payload.length).slice()
                .asReadOnlyBuffer());
    }

    private static ByteString random(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return stored(bytes);
    }

    @Test
    void nothingAvailableIsBatchIdMinusOneWithoutEntries() {
        assertSameFrame(-1, List.of());
    }

    @Test
    void oneEntry() {
        assertSameFrame(BatchIds.of(3, 123_456), List.of(stored(TestEntries.insert(4, "shop", "orders", "x"))));
    }

    @Test
    void manyEntries() {
        List<ByteString> entries = new ArrayList<>();
        for (int i = 0; entries.size() < 1000; i++) {
            for (byte[] entry : TestEntries.transaction(i * 10L, "shop", "orders", "a", "bb", "ccc")) {
                entries.add(stored(entry));
            }
        }
        assertSameFrame(BatchIds.of(1, 1L << 39), entries);
    }

    @Test
    void largeEntriesNeedLongerLengthVarints() {
        Random random = new Random(7);
        // 127/128 and 16383/16384 bytes: one more length byte; 3 MB: a four-byte body length
        assertSameFrame(42, List.of(random(random, 127), random(random, 128), random(random, 16_383),
                random(random, 16_384), random(random, 300_000), random(random, 3 << 20)));
    }

    @Test
    void emptyEntriesAreWritten() {
        assertSameFrame(5, List.of(ByteString.EMPTY));
        assertSameFrame(6, List.of(ByteString.EMPTY, stored(TestEntries.begin(1)), ByteString.EMPTY,
                stored(new byte[0])));
    }

    @Test
    void everyKindOfBatchId() {
        List<ByteString> one = List.of(stored(TestEntries.end(9)));
        for (long id : new long[] {0, 1, 127, 128, -1, -2, Long.MAX_VALUE, Long.MIN_VALUE, BatchIds.of(0x7FFFFF,
                (1L << 40) - 1)}) {
            assertSameFrame(id, one);
            assertSameFrame(id, List.of());
        }
    }

    @Test
    void entriesFromAnyKindOfBuffer() {
        byte[] payload = TestEntries.insert(4, "shop", "orders", "x");
        ByteBuffer direct = ByteBuffer.allocateDirect(payload.length).put(payload).flip();
        assertSameFrame(77, List.of(ByteString.copyFrom(payload), UnsafeByteOperations.unsafeWrap(direct),
                UnsafeByteOperations.unsafeWrap(payload), stored(payload)));
    }

    @Test
    void randomBatches() {
        Random random = new Random(20261126);
        for (int batch = 0; batch < 200; batch++) {
            List<ByteString> entries = new ArrayList<>();
            int count = random.nextInt(50);
            for (int i = 0; i < count; i++) {
                entries.add(random(random, random.nextInt(5) == 0 ? random.nextInt(40_000) : random.nextInt(300)));
            }
            assertSameFrame(random.nextBoolean() ? random.nextLong() : random.nextInt(1000) - 1, entries);
        }
    }

    @Test
    void writingLeavesTheEntriesUnchanged() {
        ByteString entry = stored(TestEntries.insert(4, "shop", "orders", "x"));
        ByteBuffer view = entry.asReadOnlyByteBuffer();
        int position = view.position();
        encoded(new MessagesFrame(1, List.of(entry, entry)));
        assertEquals(position, entry.asReadOnlyByteBuffer().position());
        assertEquals(TestEntries.insert(4, "shop", "orders", "x").length, entry.size());
    }

    @Test
    void otherPacketsAreFramedAsBefore() {
        for (Packet packet : List.of(Packets.handshake(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), Packets.ok(),
                Packets.error(402, "batchId should assign value"))) {
            byte[] bytes = packet.toByteArray();
            assertArrayEquals(ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array(),
                    encoded(packet));
        }
    }

    @Test
    void decodesWhatItWrites() {
        List<ByteString> entries = List.of(stored(TestEntries.begin(1)), stored(TestEntries.end(2)));
        byte[] frame = encoded(new MessagesFrame(9, entries));
        EmbeddedChannel channel = new EmbeddedChannel(new PacketCodec());
        try {
            assertTrue(channel.writeInbound(Unpooled.wrappedBuffer(frame, 4, frame.length - 4)));
            Packet packet = channel.readInbound();
            assertEquals(PacketType.MESSAGES, packet.getType());
            assertEquals(entries, List.copyOf(parseMessages(packet).getMessagesList()));
            assertEquals(9, parseMessages(packet).getBatchId());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static Messages parseMessages(Packet packet) {
        try {
            return Messages.parseFrom(packet.getBody());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
