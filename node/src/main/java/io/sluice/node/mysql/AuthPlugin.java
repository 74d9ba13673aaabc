package io.sluice.node.mysql;

import java.io.IOException;

/**
 * One client-side authentication method. The {@link Authenticator} calls {@link #start} with the nonce of the
 * handshake or of an auth switch request, sends what it returns, and hands each following AuthMoreData packet to
 * {@link #continueWith} until the server says OK or ERR. One instance serves one login.
 */
interface AuthPlugin {

    /** The plugin name as the server spells it, e.g. {@code mysql_native_password}. */
    String name();

    /**
     * The first response to the server's nonce.
     *
     * @param serverData the plugin data of the handshake or auth switch request, possibly with a trailing 0 byte
     */
    byte[] start(byte[] serverData) throws IOException;

    /**
     * Handles the data of an AuthMoreData packet (its 0x01 marker removed).
     *
     * @return the bytes to send, or null to send nothing and wait for the server's next packet
     */
    byte[] continueWith(byte[] data) throws IOException;
}
