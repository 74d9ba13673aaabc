package io.sluice.node.server;

import io.sluice.common.protocol.Packet;

/** The client end of one connection, as a {@link ClientSession} sees it. Thread-safe. */
interface Connection {
    void send(Packet packet);

    /** Sends, then closes once the packet is written. */
    void sendAndClose(Packet packet);

    boolean isOpen();

    /** The server is closing: a waiting get returns what it has. */
    boolean draining();

    /** The peer's address, for log lines. */
    String remote();
}
