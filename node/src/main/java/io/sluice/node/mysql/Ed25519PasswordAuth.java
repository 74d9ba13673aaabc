package io.sluice.node.mysql;

import java.nio.charset.StandardCharsets;

/**
 * MariaDB's {@code client_ed25519}: signs the server's 32-byte nonce with an Ed25519 key derived from the password
 * (see {@link Ed25519}); the server verifies it with the public key stored for the user.
 */
final class Ed25519PasswordAuth implements AuthPlugin {
    static final String NAME = "client_ed25519";
    private static final int NONCE_LENGTH = 32;

    private final AuthContext context;

    Ed25519PasswordAuth(AuthContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] start(byte[] serverData) throws MysqlProtocolException {
        if (serverData.length != NONCE_LENGTH) {
            throw new MysqlProtocolException("server " + context.source() + " sent a " + serverData.length
                    + "-byte nonce for " + NAME + "; the plugin uses " + NONCE_LENGTH + " bytes");
        }
        return Ed25519.sign(context.password().getBytes(StandardCharsets.UTF_8), serverData);
    }

    @Override
    public byte[] continueWith(byte[] data) throws MysqlProtocolException {
        throw new MysqlProtocolException("server " + context.source() + " sent unexpected AuthMoreData during " + NAME);
    }
}
