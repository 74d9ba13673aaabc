package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo: SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING of 32. */
    private static final byte[] SPKI_PREFIX = HEX.parseHex("302a300506032b6570032100");

    @Test
    void matchesRfc8032TestVector1() {
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                HEX.formatHex(Ed25519.publicKey(seed)));
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd"
                + "25bf5f0595bbe24655141438e7a100b", HEX.formatHex(Ed25519.sign(seed, new byte[0])));
    }

    /** The public key MariaDB 10.11 stored for IDENTIFIED VIA ed25519 USING PASSWORD('secret') (from SHOW GRANTS). */
    @Test
    void derivesTheKeyMariaDbStoresForAPassword() {
        byte[] key = Ed25519.publicKey("secret".getBytes(StandardCharsets.UTF_8));
        assertEquals("ZIgUREUg5PVgQ6LskhXmO+eZLS0nC8be6HPjYWR4YJY", Base64.getEncoder().withoutPadding().encodeToString(key));
    }

    /** For a 32-byte secret MariaDB's scheme is standard Ed25519 with that seed, so the JDK must agree exactly. */
    @Test
    void agreesWithTheJdkForThirtyTwoByteSecrets() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 5; i++) {
            byte[] seed = new byte[32];
            byte[] message = new byte[32];
            random.nextBytes(seed);
            random.nextBytes(message);
            PrivateKey jdkKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jdkKey);
            signer.update(message);
            assertArrayEquals(signer.sign(), Ed25519.sign(seed, message), "signature for seed " + HEX.formatHex(seed));
        }
    }

    /** Passwords of any length give signatures the JDK verifies with the derived public key. */
    @Test
    void signaturesOverPasswordsOfAnyLengthVerify() throws Exception {
        for (String password : new String[] {"", "x", "secret", "a much longer password than thirty-two bytes, surely"}) {
            byte[] secret = password.getBytes(StandardCharsets.UTF_8);
            byte[] nonce = new byte[32];
            new Random(password.length()).nextBytes(nonce);
            byte[] spki = new byte[SPKI_PREFIX.length + 32];
            System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
            System.arraycopy(Ed25519.publicKey(secret), 0, spki, SPKI_PREFIX.length, 32);
            PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(nonce);
            assertTrue(verifier.verify(Ed25519.sign(secret, nonce)), "signature for password '" + password + "'");
        }
    }
}
