package io.sluice.node.binlog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Decodes the temporal column formats of rows events into one {@code long} each, and prints them.
 *
 * <p>The long forms (what {@link RowImage#longValue} returns for temporal columns):
 * <ul>
 *   <li>DATE, DATETIME: MySQL's packed datetime, {@code ((ymd << 17 | hms) << 24) + microseconds} with
 *       {@code ymd = (year * 13 + month) << 5 | day} and {@code hms = hour << 12 | minute << 6 | second}. It is the
 *       value of {@code TIME_to_longlong_datetime_packed}, also the payload of DATE/DATETIME/TIMESTAMP values inside
 *       binary JSON. Zero and partly zero dates ({@code 0000-00-00}, {@code 2016-00-28}) are representable.</li>
 *   <li>TIME: MySQL's packed time, {@code (hour << 12 | minute << 6 | second) << 24 + microseconds}, negated for a
 *       negative time; hours go to 838 (1023 in the format).</li>
 *   <li>TIMESTAMP: microseconds since 1970-01-01 00:00:00 UTC; 0 is MySQL's zero timestamp
 *       {@code 0000-00-00 00:00:00}.</li>
 *   <li>YEAR: the year, 0 for MySQL's zero year.</li>
 * </ul>
 *
 * <p>Every decoder checks the field ranges the server can write and throws {@link BinlogFormatException} otherwise,
 * so corrupt bytes do not turn into plausible dates.
 *
 * <p>Thread-safe: static helpers only.
 */
public final class TemporalCodec {
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;
    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;
    private static final int[] FRAC_DIVISOR = {1000000, 100000, 10000, 1000, 100, 10, 1};

    private TemporalCodec() {
    }

    /** Bytes of the fractional part of TIME2/DATETIME2/TIMESTAMP2 with the given fractional second precision. */
    public static int fracBytes(int fsp) {
        return (fsp + 1) / 2;
    }

    // ---------------------------------------------------------------- packing

    /** MySQL's packed datetime from its parts; no range check. */
    public static long packDatetime(int year, int month, int day, int hour, int minute, int second, int micros) {
        long ymd = ((long) (year * 13 + month) << 5) | day;
        long hms = ((long) hour << 12) | (minute << 6) | second;
        return (((ymd << 17) | hms) << 24) + micros;
    }

    /** MySQL's packed time from its parts, {@code hours} unbounded by 24. */
    public static long packTime(boolean negative, int hours, int minute, int second, int micros) {
        long hms = ((long) hours << 12) | (minute << 6) | second;
        long v = (hms << 24) + micros;
        return negative ? -v : v;
    }

    public static int year(long datetime) {
        return (int) ((datetime >>> 46) / 13);
    }

    public static int month(long datetime) {
        return (int) ((datetime >>> 46) % 13);
    }

    public static int day(long datetime) {
        return (int) ((datetime >>> 41) & 31);
    }

    public static int hour(long datetime) {
        return (int) ((datetime >>> 36) & 31);
    }

    public static int minute(long datetime) {
        return (int) ((datetime >>> 30) & 63);
    }

    public static int second(long datetime) {
        return (int) ((datetime >>> 24) & 63);
    }

    public static int micros(long datetimeOrTime) {
        return (int) (Math.abs(datetimeOrTime) & 0xffffff);
    }

    // ---------------------------------------------------------------- decoding

    /** DATE, 3 bytes little-endian: day in bits 0-4, month in 5-8, year above. */
    public static long decodeDate(int v) {
        int day = v & 31;
        int month = (v >>> 5) & 15;
        int year = v >>> 9;
        checkDate(year, month, day);
        return packDatetime(year, month, day, 0, 0, 0, 0);
    }

    /** Old DATETIME (before MySQL 5.6.4): 8 bytes holding the decimal number YYYYMMDDhhmmss. */
    public static long decodeOldDatetime(long v) {
        if (v < 0 || v > 99991231235959L) {
            throw new BinlogFormatException("invalid DATETIME " + Long.toUnsignedString(v));
        }
        long date = v / 1000000;
        int time = (int) (v % 1000000);
        int year = (int) (date / 10000);
        int month = (int) (date / 100 % 100);
        int day = (int) (date % 100);
        int hour = time / 10000;
        int minute = time / 100 % 100;
        int second = time % 100;
        checkDate(year, month, day);
        checkTime(hour, minute, second, 23);
        return packDatetime(year, month, day, hour, minute, second, 0);
    }

    /** Old TIME (before 5.6.4): 3 bytes, signed {@code ±(hours * 10000 + minutes * 100 + seconds)}. */
    public static long decodeOldTime(int signed24) {
        boolean negative = signed24 < 0;
        int v = Math.abs(signed24);
        int hours = v / 10000;
        int minute = v / 100 % 100;
        int second = v % 100;
        checkTime(hours, minute, second, 838);
        return packTime(negative, hours, minute, second, 0);
    }

    /**
     * DATETIME2: 5 bytes big-endian, offset by 2^39, holding {@code ymd << 17 | hms}, then {@link #fracBytes} bytes
     * of fraction.
     */
    public static long decodeDatetime2(long intPart5, int frac, int fsp) {
        long intPart = intPart5 - DATETIMEF_INT_OFS;
        if (intPart < 0) {
            throw new BinlogFormatException("negative DATETIME2 value " + intPart);
        }
        int micros = fracToMicros(frac, fsp);
        long ymd = intPart >>> 17;
        long ym = ymd >>> 5;
        int day = (int) (ymd & 31);
        int month = (int) (ym % 13);
        long year = ym / 13;
        int hms = (int) (intPart & 0x1ffff);
        int second = hms & 63;
        int minute = (hms >>> 6) & 63;
        int hour = hms >>> 12;
        checkDate(year, month, day);
        checkTime(hour, minute, second, 23);
        return (intPart << 24) + micros;
    }

    /**
     * TIME2: 3 bytes big-endian offset by 2^23 ({@code hms}, with the sign), then the fraction; a negative time
     * stores the fraction complemented so that the bytes sort (MySQL's {@code my_time_packed_from_binary}).
     *
     * @param bytes the 3 + {@link #fracBytes(int)} bytes, big-endian, as one unsigned number
     */
    public static long decodeTime2(long bytes, int fsp) {
        long packed;
        switch (fsp) {
            case 0 -> packed = (bytes - TIMEF_INT_OFS) << 24;
            case 1, 2 -> {
                long intPart = (bytes >>> 8) - TIMEF_INT_OFS;
                int frac = (int) (bytes & 0xff);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10000L;
            }
            case 3, 4 -> {
                long intPart = (bytes >>> 16) - TIMEF_INT_OFS;
                int frac = (int) (bytes & 0xffff);
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100L;
            }
            default -> packed = bytes - TIMEF_OFS;
        }
        long abs = Math.abs(packed);
        long hms = abs >>> 24;
        int micros = (int) (abs & 0xffffff);
        int second = (int) (hms & 63);
        int minute = (int) ((hms >>> 6) & 63);
        long hours = hms >>> 12;
        if (micros > 999999 || hours > 1023) {
            throw new BinlogFormatException("invalid TIME2 value " + Long.toHexString(bytes));
        }
        checkTime((int) hours, minute, second, 1023);
        return packed;
    }

    /** The fraction bytes of TIME2/DATETIME2/TIMESTAMP2 (unsigned, big-endian) as microseconds. */
    public static int fracToMicros(int frac, int fsp) {
        int micros = switch (fsp) {
            case 0 -> 0;
            case 1, 2 -> frac * 10000;
            case 3, 4 -> frac * 100;
            default -> frac;
        };
        if (micros < 0 || micros > 999999) {
            throw new BinlogFormatException("invalid fractional seconds " + frac + " for precision " + fsp);
        }
        return micros;
    }

    private static void checkDate(long year, int month, int day) {
        if (year > 9999 || month > 12 || day > 31) {
            throw new BinlogFormatException("invalid date " + year + "-" + month + "-" + day);
        }
    }

    private static void checkTime(int hour, int minute, int second, int maxHour) {
        if (hour > maxHour || minute > 59 || second > 59) {
            throw new BinlogFormatException("invalid time " + hour + ":" + minute + ":" + second);
        }
    }

    // ---------------------------------------------------------------- text

    /** {@code YYYY-MM-DD} of a packed datetime. */
    public static void appendDate(StringBuilder sb, long datetime) {
        pad(sb, year(datetime), 4);
        sb.append('-');
        pad(sb, month(datetime), 2);
        sb.append('-');
        pad(sb, day(datetime), 2);
    }

    /** {@code YYYY-MM-DD HH:MM:SS[.f]} of a packed datetime, with exactly {@code fsp} fraction digits. */
    public static void appendDatetime(StringBuilder sb, long datetime, int fsp) {
        appendDate(sb, datetime);
        sb.append(' ');
        pad(sb, hour(datetime), 2);
        sb.append(':');
        pad(sb, minute(datetime), 2);
        sb.append(':');
        pad(sb, second(datetime), 2);
        appendFraction(sb, micros(datetime), fsp);
    }

    /** {@code [-]HH:MM:SS[.f]} of a packed time; hours may exceed 24 and take 3 digits. */
    public static void appendTime(StringBuilder sb, long time, int fsp) {
        long abs = Math.abs(time);
        if (time < 0) {
            sb.append('-');
        }
        long hms = abs >>> 24;
        pad(sb, (int) (hms >>> 12), 2);
        sb.append(':');
        pad(sb, (int) ((hms >>> 6) & 63), 2);
        sb.append(':');
        pad(sb, (int) (hms & 63), 2);
        appendFraction(sb, (int) (abs & 0xffffff), fsp);
    }

    /** {@code YYYY-MM-DD HH:MM:SS[.f]} in UTC of microseconds since the epoch; 0 prints as the zero timestamp. */
    public static void appendTimestamp(StringBuilder sb, long epochMicros, int fsp) {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        if (seconds == 0) {
            sb.append("0000-00-00 00:00:00");
            appendFraction(sb, 0, fsp);
            return;
        }
        long days = Math.floorDiv(seconds, 86400L);
        int secOfDay = (int) Math.floorMod(seconds, 86400L);
        // Civil date from days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's days_from_civil inverse.
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        pad(sb, (int) year, 4);
        sb.append('-');
        pad(sb, month, 2);
        sb.append('-');
        pad(sb, day, 2);
        sb.append(' ');
        pad(sb, secOfDay / 3600, 2);
        sb.append(':');
        pad(sb, secOfDay / 60 % 60, 2);
        sb.append(':');
        pad(sb, secOfDay % 60, 2);
        appendFraction(sb, micros, fsp);
    }

    /** {@code .} and the first {@code fsp} digits of the microseconds; nothing for fsp 0. */
    public static void appendFraction(StringBuilder sb, int micros, int fsp) {
        if (fsp <= 0) {
            return;
        }
        sb.append('.');
        pad(sb, micros / FRAC_DIVISOR[fsp], fsp);
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    // ---------------------------------------------------------------- java.time views

    /** The date of a packed datetime, or null when it has a zero part (no {@link LocalDate} for it). */
    public static LocalDate toLocalDate(long datetime) {
        int y = year(datetime), m = month(datetime), d = day(datetime);
        if (m == 0 || d == 0 || y == 0 || d > LocalDate.of(y, m, 1).lengthOfMonth()) {
            return null;
        }
        return LocalDate.of(y, m, d);
    }

    /** The date-time of a packed datetime, or null when the date has a zero part. */
    public static LocalDateTime toLocalDateTime(long datetime) {
        LocalDate date = toLocalDate(datetime);
        if (date == null) {
            return null;
        }
        return date.atTime(hour(datetime), minute(datetime), second(datetime), micros(datetime) * 1000);
    }

    public static Duration toDuration(long time) {
        long abs = Math.abs(time);
        long hms = abs >>> 24;
        long seconds = (hms >>> 12) * 3600 + ((hms >>> 6) & 63) * 60 + (hms & 63);
        Duration d = Duration.ofSeconds(seconds, (abs & 0xffffff) * 1000);
        return time < 0 ? d.negated() : d;
    }

    /** The instant of a TIMESTAMP, or null for the zero timestamp. */
    public static Instant toInstant(long epochMicros) {
        if (Math.floorDiv(epochMicros, 1_000_000L) == 0) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1000);
    }
}
