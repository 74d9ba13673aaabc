package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import javax.crypto.Cipher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each proof is checked the way the server checks it, from what the server stores, rather than by recomputing the
 * client's formula.
 */
class PasswordScrambleTest {

    private static byte[] nonce(int seed) {
        byte[] nonce = new byte[20];
        new Random(seed).nextBytes(nonce);
        return nonce;
    }

    /** The stored hash MariaDB 10.11 showed for password 'x' in SHOW GRANTS (IDENTIFIED BY PASSWORD '*B690...'). */
    @Test
    void nativePasswordProofPassesTheServersCheck() throws Exception {
        byte[] stored = HexFormat.of().parseHex("B69027D44F6E5EDC07F1AEAD1477967B16F28227");
        byte[] nonce = nonce(1);
        byte[] proof = NativePasswordAuth.scramble("x", nonce);
        // Server: SHA1(proof XOR SHA1(nonce + stored)) must equal stored.
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(nonce);
        sha1.update(stored);
        byte[] candidate = Digests.xor(proof, sha1.digest());
        assertArrayEquals(stored, MessageDigest.getInstance("SHA-1").digest(candidate));
        assertEquals(0, NativePasswordAuth.scramble("", nonce).length, "an empty password sends an empty proof");
    }

    @Test
    void cachingSha2ProofPassesTheServersCheck() throws Exception {
        String password = "s3cret-pässword";
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] stored = sha256.digest(sha256.digest(password.getBytes(StandardCharsets.UTF_8)));
        byte[] nonce = nonce(2);
        byte[] proof = CachingSha2PasswordAuth.scramble(password, nonce);
        // Server: SHA256(proof XOR SHA256(stored + nonce)) must equal stored.
        sha256.update(stored);
        sha256.update(nonce);
        byte[] candidate = Digests.xor(proof, sha256.digest());
        assertArrayEquals(stored, MessageDigest.getInstance("SHA-256").digest(candidate));
        assertEquals(0, CachingSha2PasswordAuth.scramble("", nonce).length);
    }

    @Test
    void rsaEncryptedPasswordDecryptsToPasswordXorNonce() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        byte[] nonce = nonce(3);
        byte[] encrypted = RsaPasswordCipher.encrypt("the password", nonce, RsaPasswordCipher.parsePem(pem, "test"));

        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate());
        byte[] plain = Digests.xor(cipher.doFinal(encrypted), nonce);
        assertEquals("the password\0", new String(plain, StandardCharsets.UTF_8));
    }

    @Test
    void aFileThatIsNoPublicKeyIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path notAKey = dir.resolve("key.pem");
        Files.writeString(notAKey, "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n");
        MysqlAuthenticationException e = assertThrows(MysqlAuthenticationException.class,
                () -> RsaPasswordCipher.parsePem(Files.readString(notAKey), "serverPublicKeyFile " + notAKey));
        assertTrue(e.getMessage().contains("serverPublicKeyFile " + notAKey), e.getMessage());
        assertTrue(e.getMessage().contains("BEGIN PUBLIC KEY"), e.getMessage());
    }

    @Test
    void clearPasswordIsRefusedWithoutTls() throws Exception {
        AuthContext plain = new AuthContext("app", "pw", false, null, false, "db:3306");
        MysqlAuthenticationException e = assertThrows(MysqlAuthenticationException.class,
                () -> new ClearPasswordAuth(plain).start(new byte[0]));
        assertTrue(e.getMessage().contains("not encrypted"), e.getMessage());
        AuthContext tls = new AuthContext("app", "pw", true, null, false, "db:3306");
        assertArrayEquals("pw\0".getBytes(StandardCharsets.UTF_8), new ClearPasswordAuth(tls).start(new byte[0]));
    }

    @Test
    void unknownPluginsAreRefusedWithTheFix() {
        AuthContext context = new AuthContext("app", "pw", false, null, false, "db:3306");
        MysqlAuthenticationException e = assertThrows(MysqlAuthenticationException.class,
                () -> AuthPlugins.create("authentication_ldap_sasl_client", context));
        assertTrue(e.getMessage().contains("'authentication_ldap_sasl_client'"), e.getMessage());
        assertTrue(e.getMessage().contains("ALTER USER"), e.getMessage());
    }
}
