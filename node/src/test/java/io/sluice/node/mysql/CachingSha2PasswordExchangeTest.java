package io.sluice.node.mysql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;

import javax.crypto.Cipher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * caching_sha2_password end to end through {@link MysqlConnection#open}, against {@link FakeMysqlServer}.
 *
 * <p>This is the one place the tests talk to a fake instead of a real server: caching_sha2_password exists only in
 * MySQL 8, and the only server available to the test suite is MariaDB, which lacks the plugin. The fake plays the
 * exchange exactly as MySQL's documentation describes it (fast path 0x03, full authentication 0x04, public key
 * request 0x02) and checks every client packet the way the server would.
 */
class CachingSha2PasswordExchangeTest {

    private static final String PASSWORD = "caching-pw";
    private static final int CAPABILITIES = CapabilityFlags.PROTOCOL_41 | CapabilityFlags.SECURE_CONNECTION
            | CapabilityFlags.PLUGIN_AUTH | CapabilityFlags.PLUGIN_AUTH_LENENC_CLIENT_DATA | CapabilityFlags.LONG_FLAG
            | CapabilityFlags.TRANSACTIONS | CapabilityFlags.CONNECT_WITH_DB | CapabilityFlags.CONNECT_ATTRS;
    private static final byte[] FAST_AUTH_SUCCESS = {1, 3};
    private static final byte[] PERFORM_FULL_AUTHENTICATION = {1, 4};

    private final byte[] nonce = randomNonce(11);

    @Test
    void fastPathThenAQueryAndPing() throws Exception {
        try (FakeMysqlServer server = FakeMysqlServer.start(s -> {
            s.sendHandshake("8.0.36", CAPABILITIES, nonce, CachingSha2PasswordAuth.NAME);
            FakeMysqlServer.Response response = FakeMysqlServer.Response.parse(s.read());
            assertEquals("app", response.user());
            assertEquals(CachingSha2PasswordAuth.NAME, response.plugin());
            assertEquals("inventory", response.database());
            assertTrue(proofIsValid(response.authResponse(), nonce), "scramble checks out against the stored hash");
            s.write(FAST_AUTH_SUCCESS);
            s.sendOk();
            // COM_QUERY with a two-column, two-row result; the second row holds a NULL.
            byte[] query = s.read();
            assertEquals(3, query[0]);
            assertEquals("SELECT a, b", new String(query, 1, query.length - 1, StandardCharsets.UTF_8));
            s.write(new byte[] {2});
            s.write(columnDefinition("a"));
            s.write(columnDefinition("b"));
            s.sendEof();
            s.write(new PayloadWriter().lenencString("1").lenencString("x").toByteArray());
            s.write(new PayloadWriter().lenencString("2").u8(0xFB).toByteArray());
            s.sendEof();
            assertArrayEquals(new byte[] {0x0E}, s.read());
            s.sendOk();
        })) {
            try (MysqlConnection connection = MysqlConnection.open(
                    server.config().password(PASSWORD).database("inventory").build())) {
                assertEquals(CachingSha2PasswordAuth.NAME, connection.authPlugin());
                assertTrue(connection.serverVersion().isMysql());
                QueryResult result = connection.query("SELECT a, b");
                assertEquals(java.util.List.of("a", "b"), result.columns());
                assertEquals("x", result.rows().get(0).get("B"));
                assertNull(result.rows().get(1).get("b"));
                connection.ping();
            }
            server.awaitScript();
        }
    }

    @Test
    void fullAuthenticationAsksForThePublicKeyWhenAllowed() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        try (FakeMysqlServer server = FakeMysqlServer.start(s -> {
            s.sendHandshake("8.0.36", CAPABILITIES, nonce, CachingSha2PasswordAuth.NAME);
            s.read();
            s.write(PERFORM_FULL_AUTHENTICATION);
            assertArrayEquals(new byte[] {CachingSha2PasswordAuth.REQUEST_PUBLIC_KEY}, s.read());
            s.write(concat(new byte[] {1}, pem(keys).getBytes(StandardCharsets.US_ASCII)));
            assertEquals(PASSWORD + "\0", decrypt(s.read(), keys));
            s.sendOk();
        })) {
            try (MysqlConnection connection = MysqlConnection.open(
                    server.config().password(PASSWORD).allowPublicKeyRetrieval(true).build())) {
                assertFalse(connection.tlsActive());
            }
            server.awaitScript();
        }
    }

    @Test
    void fullAuthenticationUsesTheConfiguredPublicKeyFile(@TempDir Path dir) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path keyFile = dir.resolve("public_key.pem");
        Files.writeString(keyFile, pem(keys));
        try (FakeMysqlServer server = FakeMysqlServer.start(s -> {
            s.sendHandshake("8.0.36", CAPABILITIES, nonce, CachingSha2PasswordAuth.NAME);
            s.read();
            s.write(PERFORM_FULL_AUTHENTICATION);
            assertEquals(PASSWORD + "\0", decrypt(s.read(), keys), "no key request: the file was used");
            s.sendOk();
        })) {
            MysqlConnection.open(server.config().password(PASSWORD).serverPublicKeyFile(keyFile).build()).close();
            server.awaitScript();
        }
    }

    @Test
    void fullAuthenticationWithoutTlsOrKeyIsRefusedWithTheFix() throws Exception {
        try (FakeMysqlServer server = FakeMysqlServer.start(s -> {
            s.sendHandshake("8.0.36", CAPABILITIES, nonce, CachingSha2PasswordAuth.NAME);
            s.read();
            s.write(PERFORM_FULL_AUTHENTICATION);
        })) {
            MysqlAuthenticationException e = assertThrows(MysqlAuthenticationException.class,
                    () -> MysqlConnection.open(server.config().password(PASSWORD).build()));
            assertTrue(e.getMessage().contains("allowPublicKeyRetrieval"), e.getMessage());
            assertTrue(e.getMessage().contains("serverPublicKeyFile"), e.getMessage());
            server.awaitScript();
        }
    }

    @Test
    void switchesFromNativePasswordToCachingSha2WithTheNewNonce() throws Exception {
        byte[] secondNonce = randomNonce(12);
        try (FakeMysqlServer server = FakeMysqlServer.start(s -> {
            s.sendHandshake("8.0.36", CAPABILITIES, nonce, NativePasswordAuth.NAME);
            FakeMysqlServer.Response response = FakeMysqlServer.Response.parse(s.read());
            assertEquals(NativePasswordAuth.NAME, response.plugin());
            s.write(concat(concat(new byte[] {(byte) 0xFE}, (CachingSha2PasswordAuth.NAME + "\0").getBytes()),
                    concat(secondNonce, new byte[] {0})));
            assertTrue(proofIsValid(s.read(), secondNonce), "proof over the switch request's nonce");
            s.write(FAST_AUTH_SUCCESS);
            s.sendOk();
        })) {
            try (MysqlConnection connection = MysqlConnection.open(server.config().password(PASSWORD).build())) {
                assertEquals(CachingSha2PasswordAuth.NAME, connection.authPlugin());
            }
            server.awaitScript();
        }
    }

    @Test
    void aWrongPasswordIsAServerErrorNamingTheUser() throws Exception {
        try (FakeMysqlServer server = FakeMysqlServer.start(s -> {
            s.sendHandshake("8.0.36", CAPABILITIES, nonce, CachingSha2PasswordAuth.NAME);
            assertFalse(proofIsValid(FakeMysqlServer.Response.parse(s.read()).authResponse(), nonce));
            s.sendError(1045, "28000", "Access denied for user 'app'@'localhost' (using password: YES)");
        })) {
            MysqlServerException e = assertThrows(MysqlServerException.class,
                    () -> MysqlConnection.open(server.config().password("wrong").build()));
            assertEquals(1045, e.code());
            assertEquals("28000", e.sqlState());
            assertTrue(e.getMessage().contains("authentication of user 'app'"), e.getMessage());
            assertTrue(e.getMessage().contains("check the user name and password"), e.getMessage());
            server.awaitScript();
        }
    }

    private static boolean proofIsValid(byte[] proof, byte[] nonce) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] stored = sha256.digest(sha256.digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        sha256.update(stored);
        sha256.update(nonce);
        byte[] candidate = Digests.xor(proof, sha256.digest());
        return MessageDigest.isEqual(stored, MessageDigest.getInstance("SHA-256").digest(candidate));
    }

    private String decrypt(byte[] encrypted, KeyPair keys) throws Exception {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.DECRYPT_MODE, keys.getPrivate());
        return new String(Digests.xor(cipher.doFinal(encrypted), nonce), StandardCharsets.UTF_8);
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static byte[] columnDefinition(String name) {
        return new PayloadWriter().lenencString("def").lenencString("").lenencString("").lenencString("")
                .lenencString(name).lenencString(name).u8(0x0C).u16(45).u32(255).u8(0xFD).u16(0).u8(0).u16(0)
                .toByteArray();
    }

    private static byte[] randomNonce(int seed) {
        byte[] nonce = new byte[20];
        new Random(seed).nextBytes(nonce);
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = (byte) ((nonce[i] & 0x7F) | 1); // servers send printable, non-zero bytes
        }
        return nonce;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
