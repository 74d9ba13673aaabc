package io.sluice.node.binlog;

import static io.sluice.node.binlog.RowsTestSupport.hex;
import static io.sluice.node.binlog.RowsTestSupport.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** NEWDECIMAL: hand-annotated byte literals, the canonical text, and a seeded round trip over every type. */
class MysqlDecimalTest {
    private static final int NEWDECIMAL = 246;

    private static String text(int precision, int scale, String bytes) {
        return one(NEWDECIMAL, precision << 8 | scale, null, hex(bytes)).text(0);
    }

    @Test
    void smallNegativeDecimal() {
        // DECIMAL(4,2) = 2 integer digits (1 byte) + 2 fraction digits (1 byte); negative: every byte inverted.
        // 75 ^ 80 = f5, inverted 0a = 10 | c8 inverted 37 = 55
        assertEquals("-10.55", text(4, 2, "75 | c8"));
        // the same value positive: 0a ^ 80 = 8a | 37
        assertEquals("10.55", text(4, 2, "8a | 37"));
    }

    @Test
    void fullGroupsAndLeftovers() {
        // DECIMAL(14,4): 10 integer digits = 1 leftover digit (1 byte) + one 9-digit group (4 bytes);
        // 4 fraction digits = leftover (2 bytes). 1234567890.1234:
        //   leftover "1" = 01 (top bit flipped: 81) | 234567890 = 0dfb38d2 | 1234 = 04d2
        assertEquals("1234567890.1234", text(14, 4, "81 | 0dfb38d2 | 04d2"));
        // negative: all bytes inverted
        assertEquals("-1234567890.1234", text(14, 4, "7e | f204c72d | fb2d"));
        // scale 0: DECIMAL(10,0)
        assertEquals("1234567890", text(10, 0, "81 | 0dfb38d2"));
        assertEquals("-1234567890", text(10, 0, "7e | f204c72d"));
    }

    @Test
    void scaleThirtyAndNoIntegerPart() {
        // DECIMAL(30,30): no integer digits; 30 fraction digits = 3 groups + 3 leftover digits (2 bytes).
        // 0.100000000000000000000000000000: 100000000 = 05f5e100 (top bit flipped: 85f5e100), then zeros
        assertEquals("0.100000000000000000000000000000", text(30, 30, "85f5e100 00000000 00000000 0000"));
        assertEquals("-0.100000000000000000000000000000", text(30, 30, "7a0a1eff ffffffff ffffffff ffff"));
    }

    @Test
    void sixtyFiveDigits() {
        // DECIMAL(65,30): 35 integer digits = leftover 8 (4 bytes) + 3 groups; 30 fraction digits = 3 groups +
        // leftover 3 (2 bytes): 30 bytes in all.
        assertEquals(30, MysqlDecimal.binarySize(65, 30));
        String v = "12345678901234567890123456789012345.123456789012345678901234567890";
        //   int: 12345678 = 00bc614e (flipped 80bc614e) | 901234567 = 35b7bf87 | 890123456 = 350e34c0
        //        | 789012345 = 2f075f79
        //   frac: 123456789 = 075bcd15 | 012345678 = 00bc614e | 901234567 = 35b7bf87 | 890 = 037a
        assertEquals(v, text(65, 30, "80bc614e | 35b7bf87 | 350e34c0 | 2f075f79 | 075bcd15 | 00bc614e | 35b7bf87"
                + " | 037a"));
        assertEquals("-" + v, one(NEWDECIMAL, 65 << 8 | 30, null, encode("-" + v, 65, 30)).text(0));
        String max = "9".repeat(35) + "." + "9".repeat(30);
        assertEquals(max, one(NEWDECIMAL, 65 << 8 | 30, null, encode(max, 65, 30)).text(0));
        assertEquals("-" + max, one(NEWDECIMAL, 65 << 8 | 30, null, encode("-" + max, 65, 30)).text(0));
    }

    @Test
    void zeroKeepsScaleAndHasNoSign() {
        assertEquals("0.00", text(4, 2, "80 | 00"));
        // a negative zero (all bytes inverted) still prints without sign
        assertEquals("0.00", text(4, 2, "7f | ff"));
        assertEquals("0", text(5, 0, "800000"));
        assertEquals("0.000000000000000000000000000000", text(30, 30, "80000000 00000000 00000000 0000"));
    }

    @Test
    void typedValues() {
        RowImage small = one(NEWDECIMAL, 4 << 8 | 2, null, hex("75c8"));
        assertEquals(new BigDecimal("-10.55"), small.value(0));
        assertEquals(new BigDecimal("-10.55"), small.decimalValue(0));
        RowImage wide = one(NEWDECIMAL, 30 << 8 | 30, null, hex("85f5e100 00000000 00000000 0000"));
        assertEquals(new BigDecimal("0.100000000000000000000000000000"), wide.value(0));
        assertEquals(30, ((BigDecimal) wide.value(0)).scale());
    }

    @Test
    void invalidDigitsAreErrors() {
        // a 9-digit group of 0x3b9aca00 = 1000000000 has ten digits
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> text(9, 0, "bb9aca00"));
        assertTrue(e.getMessage().contains("db.t (table id 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("column 0 (type 0xf6 NEWDECIMAL, meta 0x900)"), e.getMessage());
        assertTrue(e.getMessage().contains("digits group"), e.getMessage());
        // a 1-byte leftover for 1 digit holding 10
        assertThrows(BinlogFormatException.class, () -> text(1, 0, "8a"));
    }

    @Test
    void invalidTypeIsReportedWhenAValueNeedsIt() {
        // precision 70 does not exist; NULL values of such a column are fine, a value is an error
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> one(NEWDECIMAL, 70 << 8 | 2, null, hex("80")));
        assertTrue(e.getMessage().contains("invalid DECIMAL(70,2)"), e.getMessage());
    }

    /** Every precision 1..65 and scale 0..min(precision, 30): seeded random values survive a round trip. */
    @Test
    void roundTripEveryPrecisionAndScale() {
        Random random = new Random(20240601);
        int checked = 0;
        for (int precision = 1; precision <= 65; precision++) {
            for (int scale = 0; scale <= Math.min(precision, 30); scale++) {
                for (int k = 0; k < 4; k++) {
                    BigInteger unscaled = new BigInteger(precision * 4, random).mod(BigInteger.TEN.pow(precision));
                    if (k == 0) {
                        unscaled = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE); // all nines
                    }
                    if (random.nextBoolean()) {
                        unscaled = unscaled.negate();
                    }
                    BigDecimal v = new BigDecimal(unscaled, scale);
                    byte[] bytes = encode(v.toPlainString(), precision, scale);
                    assertEquals(MysqlDecimal.binarySize(precision, scale), bytes.length);
                    String expected = v.signum() == 0 ? BigDecimal.ZERO.setScale(scale).toPlainString()
                            : v.toPlainString();
                    RowImage row = one(NEWDECIMAL, precision << 8 | scale, null, bytes);
                    assertEquals(expected, row.text(0), "DECIMAL(" + precision + "," + scale + ")");
                    assertEquals(0, v.compareTo(row.decimalValue(0)));
                    checked++;
                }
            }
        }
        assertTrue(checked > 5000);
    }

    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

    /** MySQL's decimal2bin, written from the format description for the tests. */
    static byte[] encode(String value, int precision, int scale) {
        boolean negative = value.startsWith("-");
        String abs = negative ? value.substring(1) : value;
        int dot = abs.indexOf('.');
        String intPart = dot < 0 ? abs : abs.substring(0, dot);
        String fracPart = dot < 0 ? "" : abs.substring(dot + 1);
        int intg = precision - scale;
        intPart = "0".repeat(Math.max(0, intg - intPart.length())) + intPart;
        intPart = intPart.substring(intPart.length() - intg);
        fracPart = (fracPart + "0".repeat(scale)).substring(0, scale);
        RowsTestSupport.Bytes b = RowsTestSupport.Bytes.of();
        int lead = intg % 9;
        int p = 0;
        if (lead > 0) {
            b.be(Long.parseLong(intPart.substring(0, lead)), DIG2BYTES[lead]);
            p = lead;
        }
        for (; p < intg; p += 9) {
            b.be(Long.parseLong(intPart.substring(p, p + 9)), 4);
        }
        int q = 0;
        for (; q + 9 <= scale; q += 9) {
            b.be(Long.parseLong(fracPart.substring(q, q + 9)), 4);
        }
        if (scale % 9 > 0) {
            b.be(Long.parseLong(fracPart.substring(q)), DIG2BYTES[scale % 9]);
        }
        byte[] out = b.array();
        out[0] ^= (byte) 0x80;
        if (negative) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) ~out[i];
            }
        }
        return out;
    }
}
