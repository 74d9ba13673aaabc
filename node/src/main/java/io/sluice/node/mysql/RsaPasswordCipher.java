package io.sluice.node.mysql;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import javax.crypto.Cipher;

/**
 * Encrypts a password for caching_sha2_password's full authentication without TLS (MySQL 8.0.5+): the 0-terminated
 * password is XORed with the nonce (repeated), then encrypted with the server's RSA public key using
 * RSA/ECB/OAEPWithSHA-1AndMGF1Padding. The XOR binds the ciphertext to this login, so it cannot be replayed.
 */
final class RsaPasswordCipher {
    private static final String TRANSFORMATION = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private RsaPasswordCipher() {
    }

    static byte[] encrypt(String password, byte[] nonce, PublicKey key) throws MysqlAuthenticationException {
        byte[] plain = Digests.xor(ClearPasswordAuth.withTerminator(password), nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key);
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new MysqlAuthenticationException("cannot encrypt the password with the server's RSA key ("
                    + e.getMessage() + "); a password longer than the key allows needs TLS instead", e);
        }
    }

    /**
     * Reads a PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo), the format MySQL writes to {@code public_key.pem} and
     * sends on request.
     *
     * @param origin where the text came from, for messages
     */
    static PublicKey parsePem(String pem, String origin) throws MysqlAuthenticationException {
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new MysqlAuthenticationException(origin + " is not a PEM public key (expected the lines " + PEM_BEGIN
                    + " ... " + PEM_END + "); use the server's public_key.pem");
        }
        String base64 = pem.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s+", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new MysqlAuthenticationException(origin + " does not hold a valid RSA public key: " + e.getMessage(), e);
        }
    }
}
