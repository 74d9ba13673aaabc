package io.sluice.node.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks a canal client's login the way canal's server does. The client sends
 * {@code hex(SHA1(password) XOR SHA1(seed + SHA1(SHA1(password))))} (canal's {@code SecurityUtil.scramble411}, hex in
 * lower case); the server knows {@code SHA1(SHA1(password))}, recovers {@code SHA1(password)} with the seed and
 * hashes it once more to compare. The clear password never travels.
 *
 * <p>An empty user list accepts every user, as canal with no {@code canal.user} does; a user with an empty password
 * accepts any password. Immutable and thread-safe.
 */
final class Authenticator {
    private static final HexFormat HEX = HexFormat.of();

    /** User name → SHA1(SHA1(password)), or an empty array for a user without password. */
    private final Map<String, byte[]> doubleHashes = new HashMap<>();

    Authenticator(List<ClientUser> users) {
        for (ClientUser user : users) {
            byte[] hash = user.password().isEmpty() ? new byte[0]
                    : sha1(sha1(user.password().getBytes(StandardCharsets.UTF_8)));
            if (doubleHashes.put(user.name(), hash) != null) {
                throw new IllegalArgumentException("client user '" + user.name() + "' is listed twice; keep one");
            }
        }
    }

    boolean acceptsEveryone() {
        return doubleHashes.isEmpty();
    }

    /**
     * @param user      the user name from ClientAuth
     * @param scrambled the password field of ClientAuth as text: the hex scramble, or empty if the client has none
     * @param seed      the seed this connection's handshake carried
     */
    boolean accepts(String user, String scrambled, byte[] seed) {
        if (doubleHashes.isEmpty()) {
            return true;
        }
        byte[] expected = doubleHashes.get(user);
        if (expected == null) {
            return false;
        }
        if (expected.length == 0) {
            return true;
        }
        if (scrambled.isEmpty()) {
            return false;
        }
        byte[] reply;
        try {
            reply = HEX.parseHex(scrambled);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] mask = sha1(seed, expected);
        if (reply.length != mask.length) {
            return false;
        }
        byte[] stage1 = new byte[reply.length];
        for (int i = 0; i < reply.length; i++) {
            stage1[i] = (byte) (reply[i] ^ mask[i]);
        }
        return MessageDigest.isEqual(sha1(stage1), expected);
    }

    /** What a canal client sends for {@code password} and {@code seed}; for tests and other clients. */
    static String scramble(String password, byte[] seed) {
        byte[] stage1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        byte[] mask = sha1(seed, sha1(stage1));
        byte[] out = new byte[stage1.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (stage1[i] ^ mask[i]);
        }
        return HEX.formatHex(out);
    }

    private static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1, which every Java SE must provide", e);
        }
    }
}
