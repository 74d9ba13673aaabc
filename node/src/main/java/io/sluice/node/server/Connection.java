package io.sluice.node.server;

import java.util.List;

import com.google.protobuf.ByteString;

import io.sluice.common.protocol.Packet;

/** The client end of one connection, as a {@link ClientSession} sees it. Thread-safe. */
interface Connection {
    void send(Packet packet);

    /**
     * Sends a {@code MESSAGES} answer, canal's {@code Messages} packet; the entries are written into the frame as
     * they are, and must not change afterwards.
     */
    void sendMessages(long batchId, List<ByteString> entries);

    /** Sends, then closes once the packet is written. */
    void sendAndClose(Packet packet);

    boolean isOpen();

    /** The server is closing: a waiting get returns what it has. */
    boolean draining();

    /** The peer's address, for log lines. */
    String remote();
}
