package io.sluice.node.mysql;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Ed25519 signing (RFC 8032) over a secret of any length, as MariaDB's {@code client_ed25519} plugin needs it.
 *
 * <p>Standard Ed25519 hashes a 32-byte seed with SHA-512 to get the secret scalar and the nonce prefix. MariaDB hashes
 * the password itself, whatever its length, in place of that seed; the rest is standard. The JDK's Ed25519 takes only
 * a 32-byte seed, so the group arithmetic is done here, with {@link BigInteger} in extended twisted Edwards
 * coordinates (x, y, z, t with x*y = z*t). A signature takes a few milliseconds, once per login; it is not constant
 * time, which is acceptable for a client that signs a fresh server nonce with its own password on its own host.
 *
 * <p>Thread-safe: stateless.
 */
final class Ed25519 {

    /** The field prime 2^255 - 19. */
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
    /** The order of the base point, 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));
    /** The curve constant d = -121665/121666. */
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    private static final BigInteger D2 = D.shiftLeft(1).mod(P);
    /** sqrt(-1) mod p, needed to recover x from y. */
    private static final BigInteger SQRT_M1 = BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);
    private static final Point BASE = basePoint();

    private Ed25519() {
    }

    /**
     * Signs {@code message} with the key derived from {@code secret}: SHA-512(secret) gives the clamped scalar a (low
     * half) and the nonce prefix (high half); r = SHA-512(prefix || M) mod L, R = rB, A = aB,
     * k = SHA-512(R || A || M) mod L, S = (r + k*a) mod L.
     *
     * @return the 64-byte signature R || S
     */
    static byte[] sign(byte[] secret, byte[] message) {
        byte[] h = sha512(secret);
        BigInteger a = clampedScalar(h);
        byte[] publicKey = encode(BASE.multiply(a));
        BigInteger r = littleEndian(sha512(Arrays.copyOfRange(h, 32, 64), message)).mod(L);
        byte[] rEncoded = encode(BASE.multiply(r));
        BigInteger k = littleEndian(sha512(rEncoded, publicKey, message)).mod(L);
        BigInteger s = r.add(k.multiply(a)).mod(L);
        byte[] signature = new byte[64];
        System.arraycopy(rEncoded, 0, signature, 0, 32);
        System.arraycopy(toLittleEndian(s), 0, signature, 32, 32);
        return signature;
    }

    /** The 32-byte public key A = aB for {@code secret}, as the server stores it (base64) for the user. */
    static byte[] publicKey(byte[] secret) {
        return encode(BASE.multiply(clampedScalar(sha512(secret))));
    }

    private static BigInteger clampedScalar(byte[] h) {
        byte[] scalar = Arrays.copyOf(h, 32);
        scalar[0] &= (byte) 248;
        scalar[31] &= 63;
        scalar[31] |= 64;
        return littleEndian(scalar);
    }

    /** The point's y coordinate, little-endian, with the low bit of x in the top bit. */
    private static byte[] encode(Point point) {
        BigInteger zInverse = point.z.modInverse(P);
        BigInteger x = point.x.multiply(zInverse).mod(P);
        BigInteger y = point.y.multiply(zInverse).mod(P);
        byte[] out = toLittleEndian(y);
        if (x.testBit(0)) {
            out[31] |= (byte) 0x80;
        }
        return out;
    }

    /** B: y = 4/5 with x positive (even), computed rather than typed in so no constant can be mistyped. */
    private static Point basePoint() {
        BigInteger y = BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P);
        BigInteger x = recoverX(y);
        return new Point(x, y, BigInteger.ONE, x.multiply(y).mod(P));
    }

    /** x from y on -x^2 + y^2 = 1 + d x^2 y^2, choosing the even root (RFC 8032, 5.1.3). */
    private static BigInteger recoverX(BigInteger y) {
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger x2 = y2.subtract(BigInteger.ONE).multiply(D.multiply(y2).add(BigInteger.ONE).modInverse(P)).mod(P);
        BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
        if (!x.multiply(x).subtract(x2).mod(P).equals(BigInteger.ZERO)) {
            x = x.multiply(SQRT_M1).mod(P);
        }
        return x.testBit(0) ? P.subtract(x) : x;
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] bigEndian = new byte[bytes.length + 1];
        for (int i = 0; i < bytes.length; i++) {
            bigEndian[bytes.length - i] = bytes[i];
        }
        return new BigInteger(bigEndian);
    }

    private static byte[] toLittleEndian(BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < Math.min(32, bigEndian.length); i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static byte[] sha512(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
        }
    }

    /** A point in extended coordinates; immutable. */
    private record Point(BigInteger x, BigInteger y, BigInteger z, BigInteger t) {

        /** Unified addition for a = -1 (RFC 8032, 5.1.4); also correct for doubling. */
        Point add(Point q) {
            BigInteger a = y.subtract(x).multiply(q.y.subtract(q.x)).mod(P);
            BigInteger b = y.add(x).multiply(q.y.add(q.x)).mod(P);
            BigInteger c = t.multiply(D2).multiply(q.t).mod(P);
            BigInteger d = z.shiftLeft(1).multiply(q.z).mod(P);
            BigInteger e = b.subtract(a);
            BigInteger f = d.subtract(c);
            BigInteger g = d.add(c);
            BigInteger h = b.add(a);
            return new Point(e.multiply(f).mod(P), g.multiply(h).mod(P), f.multiply(g).mod(P), e.multiply(h).mod(P));
        }

        /** Double-and-add, most significant bit first. */
        Point multiply(BigInteger scalar) {
            Point result = new Point(BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO);
            for (int i = scalar.bitLength() - 1; i >= 0; i--) {
                result = result.add(result);
                if (scalar.testBit(i)) {
                    result = result.add(this);
                }
            }
            return result;
        }
    }
}
