package io.sluice.node.mysql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Drives the authentication exchange after the HandshakeResponse has been sent: follows auth switch requests (0xfe)
 * to another plugin, hands AuthMoreData (0x01) to the current plugin, and ends at OK or ERR.
 *
 * <p>Not thread-safe; one instance per login.
 */
final class Authenticator {
    /** More switches than this means a confused or hostile server, not a real configuration. */
    private static final int MAX_ROUNDS = 8;
    private static final int AUTH_SWITCH = 0xFE;

    private final PacketChannel channel;
    private final AuthContext context;
    private AuthPlugin plugin;

    Authenticator(PacketChannel channel, AuthContext context, AuthPlugin initialPlugin) {
        this.channel = channel;
        this.context = context;
        this.plugin = initialPlugin;
    }

    /**
     * The plugin to answer the handshake with: the server's default if we support it, otherwise
     * mysql_native_password (the server then switches us to the user's plugin, with a fresh nonce).
     */
    static AuthPlugin initialPlugin(ServerHandshake handshake, AuthContext context) throws MysqlAuthenticationException {
        String announced = handshake.authPluginName();
        boolean useAnnounced = announced.equals(NativePasswordAuth.NAME) || announced.equals(CachingSha2PasswordAuth.NAME);
        return AuthPlugins.create(useAnnounced ? announced : NativePasswordAuth.NAME, context);
    }

    /**
     * Reads the server's answers until authentication succeeds.
     *
     * @return the name of the plugin that succeeded
     * @throws MysqlServerException         if the server refuses (1045: wrong user or password)
     * @throws MysqlAuthenticationException if we refuse what the server asks
     */
    String finish() throws IOException {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            byte[] packet = channel.readPayload();
            switch (ServerPackets.first(packet)) {
                case ServerPackets.OK:
                    return plugin.name();
                case ServerPackets.ERR:
                    throw refused(ServerPackets.error(packet, context.source()));
                case AUTH_SWITCH:
                    switchPlugin(packet);
                    break;
                case ServerPackets.AUTH_MORE_DATA:
                    byte[] reply = plugin.continueWith(Arrays.copyOfRange(packet, 1, packet.length));
                    if (reply != null) {
                        channel.writePayload(reply);
                    }
                    break;
                default:
                    throw ServerPackets.unexpected(packet, "OK, ERR, auth switch or AuthMoreData during authentication",
                            context.source());
            }
        }
        throw new MysqlProtocolException("server " + context.source() + " did not finish authentication of user '"
                + context.user() + "' within " + MAX_ROUNDS + " rounds");
    }

    private void switchPlugin(byte[] packet) throws IOException {
        if (packet.length == 1) {
            throw new MysqlAuthenticationException("server " + context.source() + " asks user '" + context.user()
                    + "' for the pre-4.1 mysql_old_password method, which is insecure and unsupported; give the user a"
                    + " current password hash (SET PASSWORD ... = PASSWORD('...'))");
        }
        int nul = 1;
        while (nul < packet.length && packet[nul] != 0) {
            nul++;
        }
        String name = new String(packet, 1, nul - 1, StandardCharsets.UTF_8);
        byte[] data = nul < packet.length ? Arrays.copyOfRange(packet, nul + 1, packet.length) : new byte[0];
        plugin = AuthPlugins.create(name, context);
        channel.writePayload(plugin.start(data));
    }

    private MysqlServerException refused(MysqlServerException error) {
        if (error.code() != MysqlServerException.ER_ACCESS_DENIED) {
            return error;
        }
        return new MysqlServerException(error.source(), error.code(), error.sqlState(), error.serverMessage(),
                "authentication of user '" + context.user() + "' at " + context.source() + " failed with plugin "
                        + plugin.name() + ": " + error.serverMessage() + " (error 1045); check the user name and"
                        + " password, and that the user may connect from this host");
    }
}
