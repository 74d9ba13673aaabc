package io.sluice.node.server;

import com.google.protobuf.ByteString;

import io.sluice.common.protocol.Ack;
import io.sluice.common.protocol.Compression;
import io.sluice.common.protocol.Handshake;
import io.sluice.common.protocol.Packet;
import io.sluice.common.protocol.PacketType;

/**
 * The packets the server sends. Every one carries magic 17 and version 1: canal's generated classes read an absent
 * field as 0, and the canal client refuses a handshake whose version is not 1. Batches ({@code MESSAGES}) are not
 * built as Packets: {@link MessagesFrame} writes them straight into their frame, with the same bytes.
 */
final class Packets {
    static final int MAGIC = 17;
    static final int VERSION = 1;

    private Packets() {
    }

    static Packet handshake(byte[] seed) {
        Handshake body = Handshake.newBuilder()
                .setCommunicationEncoding("utf8")
                .setSeeds(ByteString.copyFrom(seed))
                .setSupportedCompressions(Compression.NONE)
                .build();
        return packet(PacketType.HANDSHAKE, body.toByteString());
    }

    /** canal's success answer: an Ack without error code. */
    static Packet ok() {
        return packet(PacketType.ACK, Ack.getDefaultInstance().toByteString());
    }

    /** canal's error answer: an Ack with a code (400 bad request, 401 missing fields, 402 bad batch id). */
    static Packet error(int code, String message) {
        return packet(PacketType.ACK, Ack.newBuilder().setErrorCode(code).setErrorMessage(message).build()
                .toByteString());
    }

    private static Packet packet(PacketType type, ByteString body) {
        return Packet.newBuilder().setMagicNumber(MAGIC).setVersion(VERSION).setType(type)
                .setCompression(Compression.NONE).setBody(body).build();
    }
}
