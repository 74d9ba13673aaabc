package io.sluice.node.mysql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.PublicKey;

/**
 * MySQL 8's {@code caching_sha2_password}.
 *
 * <p>The first response is SHA256(password) XOR SHA256(SHA256(SHA256(password)) + nonce). If the server has the
 * user's entry in its cache it answers AuthMoreData {@code 0x03} (fast path) and then OK. Otherwise it answers
 * {@code 0x04} and wants the password itself (full authentication): over TLS we send it in clear, 0-terminated;
 * without TLS we encrypt it with the server's RSA key ({@link RsaPasswordCipher}), read from the configured PEM file
 * or, if allowed, requested from the server by sending {@code 0x02}, to which it answers AuthMoreData with the PEM.
 */
final class CachingSha2PasswordAuth implements AuthPlugin {
    static final String NAME = "caching_sha2_password";

    static final int FAST_AUTH_SUCCESS = 0x03;
    static final int PERFORM_FULL_AUTHENTICATION = 0x04;
    static final int REQUEST_PUBLIC_KEY = 0x02;

    private enum State { SCRAMBLE_SENT, PUBLIC_KEY_REQUESTED, PASSWORD_SENT }

    private final AuthContext context;
    private byte[] nonce;
    private State state;

    CachingSha2PasswordAuth(AuthContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] start(byte[] serverData) {
        nonce = NativePasswordAuth.nonce(serverData);
        state = State.SCRAMBLE_SENT;
        return scramble(context.password(), nonce);
    }

    @Override
    public byte[] continueWith(byte[] data) throws IOException {
        if (state == State.PUBLIC_KEY_REQUESTED) {
            String pem = new String(data, StandardCharsets.US_ASCII);
            state = State.PASSWORD_SENT;
            return RsaPasswordCipher.encrypt(context.password(), nonce,
                    RsaPasswordCipher.parsePem(pem, "the public key sent by " + context.source()));
        }
        if (state != State.SCRAMBLE_SENT || data.length != 1) {
            throw new MysqlProtocolException("server " + context.source() + " sent unexpected AuthMoreData ("
                    + data.length + " bytes, first " + (data.length > 0 ? data[0] & 0xFF : -1) + ") during " + NAME);
        }
        int status = data[0] & 0xFF;
        if (status == FAST_AUTH_SUCCESS) {
            return null; // the server's OK packet follows
        }
        if (status != PERFORM_FULL_AUTHENTICATION) {
            throw new MysqlProtocolException("server " + context.source() + " sent unknown " + NAME + " status " + status);
        }
        return fullAuthentication();
    }

    private byte[] fullAuthentication() throws IOException {
        if (context.secureTransport()) {
            state = State.PASSWORD_SENT;
            return ClearPasswordAuth.withTerminator(context.password());
        }
        if (context.serverPublicKeyFile() != null) {
            String pem;
            try {
                pem = Files.readString(context.serverPublicKeyFile(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new MysqlAuthenticationException("cannot read the server public key file "
                        + context.serverPublicKeyFile() + " (serverPublicKeyFile): " + e.getMessage(), e);
            }
            PublicKey key = RsaPasswordCipher.parsePem(pem, "serverPublicKeyFile " + context.serverPublicKeyFile());
            state = State.PASSWORD_SENT;
            return RsaPasswordCipher.encrypt(context.password(), nonce, key);
        }
        if (context.allowPublicKeyRetrieval()) {
            state = State.PUBLIC_KEY_REQUESTED;
            return new byte[] {REQUEST_PUBLIC_KEY};
        }
        throw new MysqlAuthenticationException("server " + context.source() + " needs the full password of user '"
                + context.user() + "' (" + NAME + " full authentication, the user is not in its cache) and the"
                + " connection is not encrypted; enable TLS, or set serverPublicKeyFile to the server's public_key.pem,"
                + " or set allowPublicKeyRetrieval=true if the network between sluice and the server is trusted");
    }

    /** SHA256(password) XOR SHA256(SHA256(SHA256(password)) + nonce); empty for an empty password. */
    static byte[] scramble(String password, byte[] nonce) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        MessageDigest sha256 = Digests.sha256();
        byte[] stage1 = sha256.digest(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha256.digest(stage1);
        sha256.update(stage2);
        sha256.update(nonce);
        return Digests.xor(stage1, sha256.digest());
    }
}
