package io.sluice.node.binlog;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The binary DECIMAL format of MySQL 5.0.3+ (NEWDECIMAL), as rows events, JSON opaque values and MariaDB use it.
 *
 * <p>Digits are grouped by nine into big-endian 4-byte words, separately for the integer and the fraction part; a
 * part whose digit count is not a multiple of nine has one shorter leading (integer) or trailing (fraction) word of
 * 1..4 bytes ({@code 1,1,2,2,3,3,4,4,4} bytes for {@code 1..9} digits). The most significant bit of the first byte is
 * flipped so that the bytes sort; a negative number has every byte inverted. Example: DECIMAL(4,2) -10.55 is
 * {@code 75 c8}: {@code 0x75 ^ 0x80 = 0xf5}, inverted {@code 0x0a} = 10, then {@code 0xc8} inverted {@code 0x37} = 55.
 *
 * <p>Values of precision 18 or less are decoded into an unscaled {@code long} without allocating (the common case,
 * and what {@link RowImage} stores); wider ones into {@link BigDecimal}. The canonical text keeps every scale digit
 * ({@code -12.340}), has at least one integer digit ({@code 0.5}) and never prints a negative zero.
 *
 * <p>Thread-safe: static helpers only.
 */
public final class MysqlDecimal {
    /** Largest precision MySQL allows; MariaDB has the same limit. */
    public static final int MAX_PRECISION = 65;
    /** Largest scale: 30 in MySQL, 38 in MariaDB. */
    public static final int MAX_SCALE = 38;
    /** Largest precision decoded into a long. */
    public static final int LONG_PRECISION = 18;

    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    private static final int[] POW10 = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

    private MysqlDecimal() {
    }

    /** Checks precision and scale as a TABLE_MAP or JSON value gives them; throws naming both. */
    public static void checkType(int precision, int scale) {
        if (precision < 1 || precision > MAX_PRECISION || scale < 0 || scale > MAX_SCALE || scale > precision) {
            throw new BinlogFormatException("invalid DECIMAL(" + precision + "," + scale + ")");
        }
    }

    /** Bytes one value of DECIMAL(precision, scale) takes. */
    public static int binarySize(int precision, int scale) {
        int intg = precision - scale;
        return (intg / 9) * 4 + DIG2BYTES[intg % 9] + (scale / 9) * 4 + DIG2BYTES[scale % 9];
    }

    /**
     * Decodes a DECIMAL of precision at most {@link #LONG_PRECISION} at {@code buf[pos]} into its unscaled value
     * (the number times 10^scale). The caller has checked that {@link #binarySize} bytes are there.
     */
    public static long decodeUnscaled(byte[] buf, int pos, int precision, int scale) {
        int intg = precision - scale;
        int mask = (buf[pos] & 0x80) != 0 ? 0 : -1;
        int p = pos;
        long value = 0;
        int lead = intg % 9;
        if (lead > 0) {
            int n = DIG2BYTES[lead];
            value = group(buf, p, n, mask, lead, pos);
            p += n;
        }
        for (int i = intg / 9; i > 0; i--) {
            value = value * 1_000_000_000L + group(buf, p, 4, mask, 9, pos);
            p += 4;
        }
        for (int i = scale / 9; i > 0; i--) {
            value = value * 1_000_000_000L + group(buf, p, 4, mask, 9, pos);
            p += 4;
        }
        int trail = scale % 9;
        if (trail > 0) {
            value = value * POW10[trail] + group(buf, p, DIG2BYTES[trail], mask, trail, pos);
        }
        return mask == 0 ? value : -value;
    }

    /** Decodes a DECIMAL of any precision at {@code buf[pos]}; the caller has checked the length. */
    public static BigDecimal decode(byte[] buf, int pos, int precision, int scale) {
        if (precision <= LONG_PRECISION) {
            return BigDecimal.valueOf(decodeUnscaled(buf, pos, precision, scale), scale);
        }
        int intg = precision - scale;
        int mask = (buf[pos] & 0x80) != 0 ? 0 : -1;
        // Up to 65 digits: collect them as text, the cheapest exact route into a BigInteger.
        char[] digits = new char[precision + 1];
        int d = 0;
        if (mask != 0) {
            digits[d++] = '-';
        }
        int p = pos;
        int lead = intg % 9;
        if (lead > 0) {
            int n = DIG2BYTES[lead];
            d = appendDigits(digits, d, group(buf, p, n, mask, lead, pos), lead);
            p += n;
        }
        for (int i = intg / 9; i > 0; i--) {
            d = appendDigits(digits, d, group(buf, p, 4, mask, 9, pos), 9);
            p += 4;
        }
        for (int i = scale / 9; i > 0; i--) {
            d = appendDigits(digits, d, group(buf, p, 4, mask, 9, pos), 9);
            p += 4;
        }
        int trail = scale % 9;
        if (trail > 0) {
            d = appendDigits(digits, d, group(buf, p, DIG2BYTES[trail], mask, trail, pos), trail);
        }
        BigInteger unscaled = new BigInteger(new String(digits, 0, d));
        return new BigDecimal(unscaled, scale);
    }

    /** One big-endian group of {@code n} bytes holding at most {@code maxDigits} decimal digits. */
    private static int group(byte[] buf, int p, int n, int mask, int maxDigits, int start) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int b = buf[p + i] & 0xff;
            if (p + i == start) {
                b ^= 0x80;
            }
            v = (v << 8) | b;
        }
        v ^= mask;
        if (n < 4) {
            v &= (1 << (8 * n)) - 1;
        }
        if (v < 0 || v >= POW10[maxDigits]) {
            throw new BinlogFormatException("invalid DECIMAL digits group " + Integer.toUnsignedString(v)
                    + " (more than " + maxDigits + " digits) at byte " + (p - start));
        }
        return v;
    }

    private static int appendDigits(char[] out, int d, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[d + i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return d + width;
    }

    /** The canonical text of an unscaled long with the given scale: every scale digit, no negative zero. */
    public static String toText(long unscaled, int scale) {
        StringBuilder sb = new StringBuilder(24);
        appendText(sb, unscaled, scale);
        return sb.toString();
    }

    /** Appends the canonical text of an unscaled long with the given scale. */
    public static void appendText(StringBuilder sb, long unscaled, int scale) {
        if (unscaled < 0) {
            sb.append('-');
        }
        // Unscaled values come from at most 18 digits, so negating cannot overflow.
        String digits = Long.toString(Math.abs(unscaled));
        int intDigits = digits.length() - scale;
        if (intDigits <= 0) {
            sb.append('0');
            if (scale > 0) {
                sb.append('.');
                for (int i = intDigits; i < 0; i++) {
                    sb.append('0');
                }
                sb.append(digits);
            }
        } else {
            sb.append(digits, 0, intDigits);
            if (scale > 0) {
                sb.append('.').append(digits, intDigits, digits.length());
            }
        }
    }

    /** The canonical text of a decimal: {@link BigDecimal#toPlainString()}, which keeps the scale. */
    public static String toText(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO.setScale(value.scale()).toPlainString() : value.toPlainString();
    }
}
