package io.sluice.node.binlog;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Prints a double the way MySQL prints a JSON double: {@code my_gcvt(d, MY_GCVT_ARG_DOUBLE, 34)} on the shortest
 * round-trip digits, then {@code ".0"} appended when the result has neither a point nor an exponent
 * ({@code json_dom.cc}, {@code wrapper_to_string}).
 *
 * <p>With that field width the choice reduces to: let the shortest digits be {@code d1 d2 ... dn} and the value
 * {@code 0.d1d2...dn × 10^decpt}. Fixed notation when {@code -14 <= decpt <= 15}, or {@code decpt == 16} with 17
 * digits; otherwise {@code d1[.d2...dn]e[-]X} with no '+' and no exponent padding. So {@code 1.0}, {@code 100.0},
 * {@code 0.0001}, {@code 123456789012345.0}, {@code 1e15}, {@code 1.5e-16}, {@code -2.5e300}.
 *
 * <p>The shortest digits are computed exactly (the JDK 17 {@link Double#toString} is not always shortest): the
 * fewest significant digits whose decimal parses back to the same double, and of those the closest to it, which is
 * what David Gay's dtoa (mode 0, and MySQL's mode 4 with a wide field) returns.
 *
 * <p>Thread-safe: static helpers only.
 */
public final class MysqlDoubleFormat {
    private static final int WIDTH = 34; // MY_GCVT_MAX_FIELD_WIDTH = DBL_DIG + 4 + max(5, DBL_DIG)
    private static final int MAX_DECPT_FOR_F_FORMAT = 15; // DBL_DIG

    private MysqlDoubleFormat() {
    }

    /** The JSON text of a finite double as MySQL prints it. */
    public static String toJsonText(double d) {
        StringBuilder sb = new StringBuilder(24);
        appendJson(sb, d);
        return sb.toString();
    }

    /** Appends the JSON text of a finite double; NaN and infinities cannot be JSON and are rejected. */
    public static void appendJson(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new BinlogFormatException("binary JSON holds a double that is not finite: " + d);
        }
        int start = sb.length();
        appendGcvt(sb, d);
        for (int i = start; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c == '.' || c == 'e') {
                return;
            }
        }
        sb.append(".0");
    }

    /** {@code my_gcvt(d, MY_GCVT_ARG_DOUBLE, 34)}: no ".0" suffix. */
    static void appendGcvt(StringBuilder sb, double d) {
        boolean negative = (Double.doubleToRawLongBits(d) & Long.MIN_VALUE) != 0;
        if (d == 0) {
            if (negative) {
                sb.append('-');
            }
            sb.append('0');
            return;
        }
        int width = WIDTH - (d < 0 ? 1 : 0);
        BigDecimal shortest = shortest(Math.abs(d));
        String digits = shortest.unscaledValue().toString();
        // strip trailing zeros of the digit string (dtoa never returns them)
        int len = digits.length();
        while (len > 1 && digits.charAt(len - 1) == '0') {
            len--;
        }
        digits = digits.substring(0, len);
        int decpt = shortest.precision() - shortest.scale();

        int expLen = 1 + ((decpt >= 101 || decpt <= -99) ? 1 : 0) + ((decpt >= 11 || decpt <= -9) ? 1 : 0);
        int fLength = decpt <= 0 ? len - decpt + 2 : decpt < len ? len + 1 : decpt;
        boolean haveSpace = fLength <= width;
        boolean forceE = decpt <= 0 && width <= 2 - decpt && width >= 3 + expLen;
        boolean useF = (haveSpace
                || ((decpt <= width && (decpt >= -1 || (decpt == -2 && (len > 1 || !forceE)))) && !forceE))
                && (!haveSpace || (decpt >= -MAX_DECPT_FOR_F_FORMAT + 1
                && (decpt <= MAX_DECPT_FOR_F_FORMAT || len > decpt)));
        if (negative) {
            sb.append('-');
        }
        if (useF) {
            // With 17 or fewer digits and decpt >= -14 the 34-character field never truncates.
            if (decpt <= 0) {
                sb.append("0.");
                for (int i = decpt; i < 0; i++) {
                    sb.append('0');
                }
                sb.append(digits);
            } else if (decpt < len) {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, len);
            } else {
                sb.append(digits);
                for (int i = len; i < decpt; i++) {
                    sb.append('0');
                }
            }
        } else {
            int exp = decpt - 1;
            sb.append(digits.charAt(0));
            if (len > 1) {
                sb.append('.').append(digits, 1, len);
            }
            sb.append('e');
            if (exp < 0) {
                sb.append('-');
            }
            sb.append(Math.abs(exp));
        }
    }

    /** The shortest decimal that reads back as {@code v} (v > 0), the closest one when several are as short. */
    static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p <= 17; p++) {
            MathContext mc = new MathContext(p, RoundingMode.HALF_EVEN);
            BigDecimal nearest = exact.round(mc);
            if (nearest.doubleValue() == v) {
                return nearest;
            }
            // Near a power of two the interval of decimals that read back as v is lopsided: the nearest p-digit
            // decimal may miss it while its neighbour on the wider side does not.
            BigDecimal ulp = BigDecimal.ONE.scaleByPowerOfTen(nearest.precision() - nearest.scale() - p);
            BigDecimal up = nearest.add(ulp);
            BigDecimal down = nearest.subtract(ulp);
            boolean upOk = up.round(mc).compareTo(up) == 0 && up.doubleValue() == v;
            boolean downOk = down.signum() > 0 && down.round(mc).compareTo(down) == 0 && down.doubleValue() == v;
            if (upOk && downOk) {
                return up.subtract(exact).abs().compareTo(exact.subtract(down).abs()) <= 0 ? up : down;
            }
            if (upOk) {
                return up;
            }
            if (downOk) {
                return down;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
}
