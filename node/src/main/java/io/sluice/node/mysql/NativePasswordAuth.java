package io.sluice.node.mysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * {@code mysql_native_password}: proves the password with SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))),
 * which the server checks against its stored SHA1(SHA1(password)). An empty password sends an empty proof.
 */
final class NativePasswordAuth implements AuthPlugin {
    static final String NAME = "mysql_native_password";

    private final AuthContext context;

    NativePasswordAuth(AuthContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] start(byte[] serverData) {
        return scramble(context.password(), nonce(serverData));
    }

    @Override
    public byte[] continueWith(byte[] data) throws MysqlProtocolException {
        throw new MysqlProtocolException("server " + context.source() + " sent unexpected AuthMoreData during "
                + NAME + " authentication");
    }

    static byte[] scramble(String password, byte[] nonce) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        MessageDigest sha1 = Digests.sha1();
        byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1.digest(stage1);
        sha1.update(nonce);
        sha1.update(stage2);
        return Digests.xor(stage1, sha1.digest());
    }

    /** The nonce is the first 20 bytes; a switch request adds a 0 terminator. */
    static byte[] nonce(byte[] serverData) {
        return serverData.length > ServerHandshake.SCRAMBLE_LENGTH
                ? Arrays.copyOf(serverData, ServerHandshake.SCRAMBLE_LENGTH) : serverData;
    }
}
