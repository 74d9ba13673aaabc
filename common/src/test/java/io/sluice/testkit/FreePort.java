package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Picks a TCP port on the loopback interface that nothing listens on right now. */
public final class FreePort {

    private FreePort() {
    }

    /**
     * Returns a port the kernel just handed out for 127.0.0.1. Another process may take it before the caller binds
     * it, so callers that start a server on it retry with a new port when the bind fails.
     */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind any port on 127.0.0.1; is the loopback interface up?", e);
        }
    }
}
