package io.sluice.node.mysql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.sluice.node.binlog.BinlogFormatException;
import io.sluice.node.binlog.ByteReader;

/**
 * The server's first packet, Protocol::HandshakeV10: who it is, what it can do, and the nonce (scramble) the password
 * proof is computed over.
 *
 * @param serverVersion  as the server announces it; MariaDB 10.x prefixes {@code 5.5.5-} for old clients
 * @param connectionId   the server thread id (what {@code KILL} takes)
 * @param scramble       the 20-byte nonce for the first authentication round
 * @param capabilities   the server's capability bits
 * @param characterSet   the server's default collation id
 * @param authPluginName the server's default authentication plugin, empty if it does not say
 */
record ServerHandshake(String serverVersion, long connectionId, byte[] scramble, int capabilities, int characterSet,
                       String authPluginName) {

    static final int PROTOCOL_VERSION = 10;
    static final int SCRAMBLE_LENGTH = 20;

    boolean has(int capability) {
        return (capabilities & capability) != 0;
    }

    /**
     * Parses the handshake payload.
     *
     * @throws MysqlProtocolException if it is not a v10 handshake or is truncated
     */
    static ServerHandshake parse(byte[] payload, String source) throws MysqlProtocolException {
        try {
            ByteReader r = new ByteReader(payload);
            int protocol = r.u8();
            if (protocol != PROTOCOL_VERSION) {
                throw new MysqlProtocolException("server " + source + " speaks handshake protocol " + protocol
                        + "; sluice needs protocol 10 (MySQL 4.1 and later, every MariaDB)");
            }
            String version = r.nulString(StandardCharsets.UTF_8);
            long connectionId = r.u32();
            byte[] part1 = r.bytes(8);
            r.skip(1);
            int capabilities = r.u16();
            int charset = 0;
            int authDataLength = 0;
            if (r.hasRemaining()) {
                charset = r.u8();
                r.skip(2); // status flags
                capabilities |= r.u16() << 16;
                authDataLength = r.u8();
                r.skip(10); // reserved; MariaDB keeps its extended capabilities in the last 4, which we do not use
            }
            byte[] scramble = part1;
            if ((capabilities & CapabilityFlags.SECURE_CONNECTION) != 0) {
                // The second part is at least 13 bytes, the last of them a 0 terminator that is not part of the nonce.
                int part2Length = Math.max(13, authDataLength - 8);
                byte[] part2 = r.bytes(Math.min(part2Length, r.remaining()));
                int usable = Math.min(part2.length, SCRAMBLE_LENGTH - part1.length);
                scramble = Arrays.copyOf(part1, part1.length + usable);
                System.arraycopy(part2, 0, scramble, part1.length, usable);
            }
            String plugin = "";
            if ((capabilities & CapabilityFlags.PLUGIN_AUTH) != 0 && r.hasRemaining()) {
                // Some old servers leave out the terminating 0 (MySQL bug #59453), so read to the end and trim it.
                plugin = r.restString(StandardCharsets.UTF_8);
                int nul = plugin.indexOf('\0');
                if (nul >= 0) {
                    plugin = plugin.substring(0, nul);
                }
            }
            return new ServerHandshake(version, connectionId, scramble, capabilities, charset, plugin);
        } catch (BinlogFormatException e) {
            throw new MysqlProtocolException("malformed handshake from " + source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ServerHandshake[version=" + serverVersion + ", connectionId=" + connectionId + ", capabilities=0x"
                + Integer.toHexString(capabilities) + ", authPlugin=" + authPluginName + "]";
    }
}
