package io.sluice.node.mysql;

import java.util.Map;

/**
 * The client's answers to the handshake: the SSLRequest that precedes a TLS upgrade, and Protocol::HandshakeResponse41
 * with the user, the first authentication response and the plugin that produced it.
 */
final class HandshakeResponse {
    /** utf8mb4_general_ci: known to MySQL 5.5.3+ and every MariaDB, unlike MySQL 8's utf8mb4_0900_ai_ci (255). */
    static final int UTF8MB4_GENERAL_CI = 45;
    private static final int FILLER = 23;

    private HandshakeResponse() {
    }

    /** The first 32 bytes of a response, sent alone to ask for TLS. */
    static byte[] sslRequest(int capabilities, int maxPacketSize) {
        return header(capabilities, maxPacketSize).toByteArray();
    }

    static byte[] response(int capabilities, int maxPacketSize, String user, byte[] authResponse, String database,
                           String pluginName, Map<String, String> connectAttributes) {
        PayloadWriter w = header(capabilities, maxPacketSize).nulString(user);
        if ((capabilities & CapabilityFlags.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
            w.lenencBytes(authResponse);
        } else {
            if (authResponse.length > 255) {
                throw new IllegalArgumentException("auth response of " + authResponse.length
                        + " bytes needs PLUGIN_AUTH_LENENC_CLIENT_DATA, which the server did not offer");
            }
            w.u8(authResponse.length).bytes(authResponse);
        }
        if ((capabilities & CapabilityFlags.CONNECT_WITH_DB) != 0) {
            w.nulString(database);
        }
        if ((capabilities & CapabilityFlags.PLUGIN_AUTH) != 0) {
            w.nulString(pluginName);
        }
        if ((capabilities & CapabilityFlags.CONNECT_ATTRS) != 0) {
            PayloadWriter attrs = new PayloadWriter();
            connectAttributes.forEach((k, v) -> attrs.lenencString(k).lenencString(v));
            w.lenencBytes(attrs.toByteArray());
        }
        return w.toByteArray();
    }

    private static PayloadWriter header(int capabilities, int maxPacketSize) {
        return new PayloadWriter()
                .u32(capabilities & 0xFFFF_FFFFL)
                .u32(maxPacketSize)
                .u8(UTF8MB4_GENERAL_CI)
                .zeros(FILLER);
    }
}
