package io.sluice.node.server;

import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import io.sluice.common.protocol.Packet;

/**
 * Whole frames (the 4-byte length already cut off) to {@link Packet}s, and {@link Packet}s and
 * {@link MessagesFrame}s to whole frames, 4-byte length included, each in one buffer from the channel's allocator
 * (direct where the platform allows, so the socket write copies nothing more). A frame that is not a Packet, or a
 * Packet with a magic number or version other than canal's, fails with {@link CorruptedFrameException}; canal's own
 * client sends neither field, so an absent one is accepted. Stateless and sharable.
 */
@io.netty.channel.ChannelHandler.Sharable
final class PacketCodec extends MessageToMessageCodec<ByteBuf, Object> {
    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Packet || msg instanceof MessagesFrame;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        ByteBuf frame;
        if (msg instanceof MessagesFrame messages) {
            // A batch: about a megabyte and a half, written once, each entry copied straight from the store's buffer.
            frame = ctx.alloc().ioBuffer(messages.frameBytes());
            try {
                messages.writeTo(frame);
            } catch (RuntimeException e) {
                frame.release();
                throw e;
            }
        } else {
            // Handshake and Ack answers: a few dozen bytes.
            byte[] packet = ((Packet) msg).toByteArray();
            frame = ctx.alloc().ioBuffer(MessagesFrame.LENGTH_FIELD_BYTES + packet.length);
            frame.writeInt(packet.length).writeBytes(packet);
        }
        out.add(frame);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws Exception {
        Packet packet;
        try (ByteBufInputStream in = new ByteBufInputStream(frame)) {
            packet = Packet.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("frame of " + frame.capacity() + " bytes is not a canal packet: "
                    + e.getMessage());
        }
        if (packet.hasMagicNumber() && packet.getMagicNumber() != Packets.MAGIC) {
            throw new CorruptedFrameException("packet magic number " + packet.getMagicNumber() + " is not canal's "
                    + Packets.MAGIC);
        }
        if (packet.hasVersion() && packet.getVersion() != Packets.VERSION) {
            throw new CorruptedFrameException("packet version " + packet.getVersion() + " is not supported; canal "
                    + "clients send version " + Packets.VERSION + " or none");
        }
        out.add(packet);
    }
}
