package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** JSON doubles as MySQL prints them: my_gcvt with width 34 on the shortest digits, plus ".0" for integers. */
class MysqlDoubleFormatTest {

    private static String f(double d) {
        return MysqlDoubleFormat.toJsonText(d);
    }

    @Test
    void fixedNotationBetweenTenToTheMinus15AndTenToThe15() {
        assertEquals("0.0", f(0.0));
        assertEquals("-0.0", f(-0.0));
        assertEquals("1.0", f(1.0));
        assertEquals("-1.0", f(-1.0));
        assertEquals("3.14", f(3.14));
        assertEquals("0.30000000000000004", f(0.1 + 0.2));
        assertEquals("100000000000000.0", f(1e14));          // decpt 15
        assertEquals("123456789012345.0", f(123456789012345.0));
        assertEquals("1234567890123456.8", f(1234567890123456.7)); // 17 digits, decpt 16: still fixed
        assertEquals("0.001", f(0.001));
        assertEquals("0.00001", f(1e-5));
        assertEquals("0.000000000000001", f(1e-15));          // decpt -14
        assertEquals("0.0000000000000012", f(1.2e-15));
    }

    @Test
    void exponentNotationOutside() {
        assertEquals("1e15", f(1e15));
        assertEquals("1.5e15", f(1.5e15));
        assertEquals("9.007199254740992e15", f(9007199254740992.0));
        assertEquals("1e-16", f(1e-16));
        assertEquals("-2.5e-300", f(-2.5e-300));
        assertEquals("1.7976931348623157e308", f(Double.MAX_VALUE));
        assertEquals("5e-324", f(Double.MIN_VALUE));
        assertEquals("2.2250738585072014e-308", f(Double.MIN_NORMAL));
        assertEquals("1e100", f(1e100));
        assertEquals("1.2345678901234568e17", f(123456789012345678.0));
    }

    @Test
    void shortestDigitsWhereJdk17IsNot() {
        // Double.toString on JDK 17 prints 2.82879384806159008E17 (18 digits); 15 digits round-trip
        assertEquals("2.82879384806159e17", f(2.82879384806159E17));
        assertEquals("1e23", f(1e23));
    }

    @Test
    void shortestDigitsRoundTripAndAreMinimal() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d) || d == 0) {
                continue;
            }
            java.math.BigDecimal s = MysqlDoubleFormat.shortest(Math.abs(d));
            assertEquals(Math.abs(d), s.doubleValue(), "round trip of " + d);
            // no decimal with one digit fewer reads back as d
            int p = s.stripTrailingZeros().precision();
            if (p > 1) {
                java.math.MathContext mc = new java.math.MathContext(p - 1, java.math.RoundingMode.FLOOR);
                java.math.BigDecimal floor = new java.math.BigDecimal(Math.abs(d)).round(mc);
                java.math.BigDecimal ulp = java.math.BigDecimal.ONE.scaleByPowerOfTen(
                        floor.precision() - floor.scale() - (p - 1));
                assertFalse(floor.doubleValue() == Math.abs(d), "shorter " + floor + " for " + d);
                assertFalse(floor.add(ulp).doubleValue() == Math.abs(d), "shorter " + floor.add(ulp) + " for " + d);
            }
            // the printed text parses back to the same double
            assertEquals(d, Double.parseDouble(f(d)), "text of " + d);
        }
    }
}
