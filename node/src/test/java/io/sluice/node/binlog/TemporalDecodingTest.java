package io.sluice.node.binlog;

import static io.sluice.node.binlog.RowsTestSupport.hex;
import static io.sluice.node.binlog.RowsTestSupport.one;
import static io.sluice.node.binlog.RowsTestSupport.oneText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

/** DATE, YEAR, TIME/DATETIME/TIMESTAMP in the old formats and the fractional-second (v2) formats, fsp 0..6. */
class TemporalDecodingTest {
    private static final int TIMESTAMP = 7;
    private static final int DATE = 10;
    private static final int TIME = 11;
    private static final int DATETIME = 12;
    private static final int YEAR = 13;
    private static final int TIMESTAMP2 = 17;
    private static final int DATETIME2 = 18;
    private static final int TIME2 = 19;

    @Test
    void date() {
        // 3 bytes little-endian: day | month << 5 | year << 9. 2024-02-29: 29 | 2 << 5 | 2024 << 9 = 0x0fd05d
        assertEquals("2024-02-29", oneText(DATE, 0, hex("5d d0 0f")));
        assertEquals(LocalDate.of(2024, 2, 29), one(DATE, 0, null, hex("5dd00f")).value(0));
        // the zero date and partly zero dates print as MySQL prints them; value() falls back to that text
        assertEquals("0000-00-00", oneText(DATE, 0, hex("000000")));
        assertEquals("0000-00-00", one(DATE, 0, null, hex("000000")).value(0));
        assertEquals("2016-00-28", oneText(DATE, 0, hex("1c c0 0f")));
        // month 13 cannot be written by a server
        assertThrows(BinlogFormatException.class, () -> oneText(DATE, 0, hex("a1 c1 0f")));
    }

    @Test
    void year() {
        assertEquals("0000", oneText(YEAR, 0, hex("00")));
        assertEquals("1901", oneText(YEAR, 0, hex("01")));
        assertEquals("2155", oneText(YEAR, 0, hex("ff")));
        assertEquals(2024, one(YEAR, 0, null, hex("7c")).value(0));
    }

    @Test
    void oldTimeDatetimeTimestamp() {
        // TIME before 5.6.4: 3 bytes signed, hh*10000 + mm*100 + ss. 838:59:59 = 8385959 = 0x7ff5a7
        assertEquals("838:59:59", oneText(TIME, 0, hex("a7 f5 7f")));
        // -12:34:56 = -123456 = 0xfe1dc0 (two's complement, little-endian)
        assertEquals("-12:34:56", oneText(TIME, 0, hex("c0 1d fe")));
        // DATETIME before 5.6.4: 8 bytes, the number YYYYMMDDhhmmss. 2009-02-13 23:31:30 = 20090213233130
        assertEquals("2009-02-13 23:31:30", oneText(DATETIME, 0, RowsTestSupport.Bytes.of().le(20090213233130L, 8)
                .array()));
        assertEquals("0000-00-00 00:00:00", oneText(DATETIME, 0, hex("0000000000000000")));
        // TIMESTAMP before 5.6.4: 4 bytes seconds, printed in UTC. 1234567890 = 0x499602d2
        assertEquals("2009-02-13 23:31:30", oneText(TIMESTAMP, 0, hex("d2 02 96 49")));
        assertEquals(Instant.ofEpochSecond(1234567890), one(TIMESTAMP, 0, null, hex("d2029649")).value(0));
        // 0 is MySQL's zero timestamp, not 1970-01-01
        assertEquals("0000-00-00 00:00:00", oneText(TIMESTAMP, 0, hex("00000000")));
    }

    @Test
    void timestamp2EveryPrecision() {
        // 4 bytes big-endian seconds, then (fsp + 1) / 2 bytes big-endian fraction
        // 2009-02-13 23:31:30.123456 UTC
        assertEquals("2009-02-13 23:31:30", oneText(TIMESTAMP2, 0, hex("499602d2")));
        assertEquals("2009-02-13 23:31:30.1", oneText(TIMESTAMP2, 1, hex("499602d2 | 0a")));   // 10 hundredths
        assertEquals("2009-02-13 23:31:30.12", oneText(TIMESTAMP2, 2, hex("499602d2 | 0c")));  // 12 hundredths
        assertEquals("2009-02-13 23:31:30.123", oneText(TIMESTAMP2, 3, hex("499602d2 | 04ce"))); // 1230
        assertEquals("2009-02-13 23:31:30.1234", oneText(TIMESTAMP2, 4, hex("499602d2 | 04d2"))); // 1234
        assertEquals("2009-02-13 23:31:30.12345", oneText(TIMESTAMP2, 5, hex("499602d2 | 01e23a"))); // 123450
        assertEquals("2009-02-13 23:31:30.123456", oneText(TIMESTAMP2, 6, hex("499602d2 | 01e240"))); // 123456
        assertEquals("0000-00-00 00:00:00.000", oneText(TIMESTAMP2, 3, hex("00000000 | 0000")));
        assertEquals(Instant.parse("2009-02-13T23:31:30.123456Z"),
                one(TIMESTAMP2, 6, null, hex("499602d2 01e240")).value(0));
        // a fraction beyond 999999 cannot come from a server
        assertThrows(BinlogFormatException.class, () -> oneText(TIMESTAMP2, 6, hex("499602d2 | 0f4240")));
    }

    @Test
    void datetime2EveryPrecision() {
        for (int fsp = 0; fsp <= 6; fsp++) {
            // a DATETIME(fsp) holds fsp digits: .654321 is stored as .6, .65, .654 ...
            int micros = fsp == 0 ? 0 : Integer.parseInt("654321".substring(0, fsp) + "000000".substring(fsp));
            byte[] b = datetime2(2021, 12, 31, 23, 59, 58, micros, fsp);
            String frac = fsp == 0 ? "" : "." + "654321".substring(0, fsp);
            RowImage row = one(DATETIME2, fsp, null, b);
            assertEquals("2021-12-31 23:59:58" + frac, row.text(0), "fsp " + fsp);
            assertEquals(LocalDateTime.of(2021, 12, 31, 23, 59, 58, micros * 1000), row.value(0));
        }
        // 1970-01-01 00:00:00 with fsp 0: ym = 1970*13+1 = 25611, ymd = 25611 << 5 | 1 = 819553,
        // intpart = ymd << 17 = 0x1902c20000 + 0x8000000000 = 0x9902c20000
        assertEquals("1970-01-01 00:00:00", oneText(DATETIME2, 0, hex("99 02 c2 00 00")));
        assertEquals("0000-00-00 00:00:00.000000", oneText(DATETIME2, 6, hex("8000000000 | 000000")));
        assertEquals("0000-00-00 00:00:00.000000", one(DATETIME2, 6, null, hex("8000000000000000")).value(0));
        // a DATETIME2 below the offset (a negative datetime) cannot come from a server
        assertThrows(BinlogFormatException.class, () -> oneText(DATETIME2, 0, hex("7fffffffff")));
    }

    @Test
    void time2EveryPrecisionBothSigns() {
        for (int fsp = 0; fsp <= 6; fsp++) {
            String frac = fsp == 0 ? "" : "." + "987654".substring(0, fsp);
            int micros = fsp == 0 ? 0 : Integer.parseInt("987654".substring(0, fsp) + "000000".substring(fsp));
            assertEquals("123:45:59" + frac, oneText(TIME2, fsp, time2(false, 123, 45, 59, micros, fsp)),
                    "fsp " + fsp);
            assertEquals("-123:45:59" + frac, oneText(TIME2, fsp, time2(true, 123, 45, 59, micros, fsp)),
                    "fsp " + fsp);
            if (fsp > 0) {
                assertEquals("-00:00:00" + frac, oneText(TIME2, fsp, time2(true, 0, 0, 0, micros, fsp)),
                        "fsp " + fsp);
            }
        }
        // hand-checked: 00:00:00 is the offset 0x800000; -00:00:01 is one below it
        assertEquals("00:00:00", oneText(TIME2, 0, hex("800000")));
        assertEquals("-00:00:01", oneText(TIME2, 0, hex("7fffff")));
        // -838:59:59 (the minimum) and a time past 24 hours
        assertEquals("-838:59:59", oneText(TIME2, 0, hex("4b9105")));
        assertEquals("838:59:59.000000", oneText(TIME2, 6, hex("b46efb000000")));
        assertEquals(Duration.ofHours(-838).minusMinutes(59).minusSeconds(59),
                one(TIME2, 0, null, hex("4b9105")).value(0));
    }

    @Test
    void invalidFractionalPrecisionIsAnErrorForValues() {
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> oneText(TIME2, 7, hex("800000")));
        assertTrue(e.getMessage().contains("invalid fractional second precision 7"), e.getMessage());
    }

    // MySQL's my_datetime_packed_to_binary / my_time_packed_to_binary, written from the format for the tests

    static byte[] datetime2(int y, int mo, int d, int h, int mi, int s, int micros, int fsp) {
        long ymd = ((long) (y * 13 + mo) << 5) | d;
        long hms = ((long) h << 12) | (mi << 6) | s;
        long intPart = ((ymd << 17) | hms) + 0x8000000000L;
        RowsTestSupport.Bytes b = RowsTestSupport.Bytes.of().be(intPart, 5);
        return frac(b, micros, fsp).array();
    }

    static byte[] time2(boolean negative, int h, int mi, int s, int micros, int fsp) {
        long hms = ((long) h << 12) | (mi << 6) | s;
        long packed = (hms << 24) + micros;
        if (negative) {
            packed = -packed;
        }
        RowsTestSupport.Bytes b = RowsTestSupport.Bytes.of();
        long intPart = packed >> 24;
        long frac = packed % (1L << 24);
        switch (fsp) {
            case 0 -> b.be(intPart + 0x800000L, 3);
            case 1, 2 -> b.be(intPart + 0x800000L, 3).be(frac / 10000, 1);
            case 3, 4 -> b.be(intPart + 0x800000L, 3).be(frac / 100, 2);
            default -> b.be(packed + 0x800000000000L, 6);
        }
        return b.array();
    }

    private static RowsTestSupport.Bytes frac(RowsTestSupport.Bytes b, int micros, int fsp) {
        return switch (fsp) {
            case 0 -> b;
            case 1, 2 -> b.be(micros / 10000, 1);
            case 3, 4 -> b.be(micros / 100, 2);
            default -> b.be(micros, 3);
        };
    }
}
