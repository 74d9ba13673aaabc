package io.sluice.node.mysql;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Message digests every Java runtime has, and the XOR the password proofs use. */
final class Digests {
    private Digests() {
    }

    static MessageDigest sha1() {
        return get("SHA-1");
    }

    static MessageDigest sha256() {
        return get("SHA-256");
    }

    /** a XOR b, b repeated cyclically when shorter (as the RSA password exchange needs). */
    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i % b.length]);
        }
        return out;
    }

    private static MessageDigest get(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }
}
