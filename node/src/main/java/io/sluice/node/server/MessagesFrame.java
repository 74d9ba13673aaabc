package io.sluice.node.server;

import java.nio.ByteBuffer;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.EncoderException;
import io.sluice.common.protocol.Compression;
import io.sluice.common.protocol.PacketType;

/**
 * A {@code MESSAGES} answer, written by {@link PacketCodec} straight into the frame that goes on the wire: the
 * sizes are computed first, then the 4-byte length, the {@code Packet} fields and the {@code Messages} fields are
 * written, and each entry is copied once, from the stored payload into the frame.
 *
 * <p>The frame is byte for byte what the generated classes give for
 * {@code Packet{magic_number 17, version 1, type MESSAGES, compression NONE, body Messages{batch_id, messages}}}
 * behind its length: fields in number order, {@code batch_id} left out when 0 and {@code body} when empty
 * (proto3 fields without presence), every entry written even when empty (a repeated field).
 *
 * <p>The entries are read when the frame is written, on the connection's event loop, so they must not change after
 * the answer is sent; stored payloads never do (each record is read into its own buffer).
 *
 * @param batchId the batch id; -1 with no entries is canal's "nothing available"
 * @param entries the entry bytes, in order
 */
record MessagesFrame(long batchId, List<ByteString> entries) {
    /** Length of the frame's length field. */
    static final int LENGTH_FIELD_BYTES = 4;

    // Packet (packet.proto): magic_number = 1, version = 2, type = 3, compression = 4 (varints), body = 5 (bytes).
    private static final int MAGIC_TAG = 1 << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int VERSION_TAG = 2 << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int TYPE_TAG = 3 << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int COMPRESSION_TAG = 4 << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int BODY_TAG = 5 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    // Messages: batch_id = 1 (varint), messages = 2 (repeated bytes).
    private static final int BATCH_ID_TAG = 1 << 3 | WireFormat.WIRETYPE_VARINT;
    private static final int MESSAGE_TAG = 2 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;

    /** Everything before the body: four one-byte tags, each followed by its value. */
    private static final int ENVELOPE_BYTES = 4
            + CodedOutputStream.computeInt32SizeNoTag(Packets.MAGIC)
            + CodedOutputStream.computeInt32SizeNoTag(Packets.VERSION)
            + CodedOutputStream.computeEnumSizeNoTag(PacketType.MESSAGES_VALUE)
            + CodedOutputStream.computeEnumSizeNoTag(Compression.NONE_VALUE);

    MessagesFrame {
        entries = List.copyOf(entries);
    }

    /** The Messages message's size. */
    long bodyBytes() {
        long size = batchId == 0 ? 0 : 1 + CodedOutputStream.computeInt64SizeNoTag(batchId);
        for (ByteString entry : entries) {
            size += 1 + CodedOutputStream.computeUInt32SizeNoTag(entry.size()) + entry.size();
        }
        return size;
    }

    /**
     * The whole frame's size, length field included.
     *
     * @throws EncoderException if the Packet would not fit the length field (2 GiB)
     */
    int frameBytes() {
        return frameBytes(bodyBytes());
    }

    private int frameBytes(long body) {
        long packet = ENVELOPE_BYTES;
        if (body > 0) {
            packet += 1 + (body > Integer.MAX_VALUE ? 5 : CodedOutputStream.computeUInt32SizeNoTag((int) body))
                    + body;
        }
        if (packet > Integer.MAX_VALUE - LENGTH_FIELD_BYTES) {
            throw new EncoderException("batch " + batchId + " of " + entries.size() + " entries is a packet of "
                    + packet + " bytes, more than a frame can carry (" + (Integer.MAX_VALUE - LENGTH_FIELD_BYTES)
                    + ")");
        }
        return LENGTH_FIELD_BYTES + (int) packet;
    }

    /**
     * Writes the whole frame, length field included, at {@code out}'s writer index; {@code out} must have room for
     * {@link #frameBytes()} (it grows otherwise).
     */
    void writeTo(ByteBuf out) {
        long body = bodyBytes();
        int frame = frameBytes(body);
        out.ensureWritable(frame);
        out.writeInt(frame - LENGTH_FIELD_BYTES);
        out.writeByte(MAGIC_TAG);
        writeVarint(out, Packets.MAGIC);
        out.writeByte(VERSION_TAG);
        writeVarint(out, Packets.VERSION);
        out.writeByte(TYPE_TAG);
        writeVarint(out, PacketType.MESSAGES_VALUE);
        out.writeByte(COMPRESSION_TAG);
        writeVarint(out, Compression.NONE_VALUE);
        if (body > 0) {
            out.writeByte(BODY_TAG);
            writeVarint(out, body);
        }
        if (batchId != 0) {
            out.writeByte(BATCH_ID_TAG);
            writeVarint(out, batchId);
        }
        for (ByteString entry : entries) {
            out.writeByte(MESSAGE_TAG);
            writeVarint(out, entry.size());
            ByteBuffer bytes = entry.asReadOnlyByteBuffer();
            out.writeBytes(bytes);
        }
    }

    /**
     * Protobuf's base-128 varint, as {@code CodedOutputStream} writes int32, int64, uint32 and enum values: seven
     * bits at a time, low bits first, the high bit set on every byte but the last; a negative value takes ten bytes.
     */
    static void writeVarint(ByteBuf out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    @Override
    public String toString() {
        return "MessagesFrame[batchId=" + batchId + ", entries=" + entries.size() + "]";
    }
}
