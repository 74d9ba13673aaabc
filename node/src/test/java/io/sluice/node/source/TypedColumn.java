package io.sluice.node.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import io.sluice.testkit.MariaDbOptions.RowMetadata;

/**
 * A column of the end-to-end tables: its DDL, how a Java value is written to it, and the canonical text that value
 * must read back as, for each {@code binlog_row_metadata} setting.
 *
 * <p>What each setting leaves the decoder (MariaDB 10.11, checked by {@link BinlogDecodingEndToEndIT}):
 * <ul>
 * <li>FULL: names, signedness, charsets, ENUM/SET labels; every value has its canonical text.</li>
 * <li>MINIMAL: signedness and charsets, but no names and no ENUM/SET labels: ENUM reads as its 1-based index, SET as
 * its bitmask (unsigned decimal). Everything else as with FULL.</li>
 * <li>NO_LOG: no metadata block at all. Integers read as signed; CHAR/VARCHAR/BINARY/VARBINARY as UTF-8 text of their
 * bytes (BINARY without its zero padding, which the server strips when it logs the row); TEXT and BLOB as bytes;
 * ENUM/SET as numbers.</li>
 * </ul>
 *
 * @param name   column name
 * @param ddl    its type in CREATE TABLE
 * @param form   how values are written and read back
 * @param size   integer width in bits, DECIMAL scale, temporal fsp, BIT width, BINARY length or SRID; else 0
 * @param charset the column's character set (text forms), else null
 * @param labels ENUM/SET members in definition order, else empty
 */
record TypedColumn(String name, String ddl, Form form, int size, Charset charset, List<String> labels) {

    /** The GBK of MariaDB; Java knows it by this name. */
    static final Charset GBK = Charset.forName("GBK");
    /** MariaDB's latin1 is Windows-1252 (it has the euro sign at 0x80). */
    static final Charset LATIN1 = Charset.forName("windows-1252");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** How a column's values are written and read back. */
    enum Form {
        SIGNED, UNSIGNED, DECIMAL, FLOAT, DOUBLE, BIT, YEAR, DATE, DATETIME, TIMESTAMP, TIME,
        /** CHAR: the server strips trailing spaces. */
        CHAR, VARCHAR,
        /** TEXT and MariaDB's JSON (a LONGTEXT): BLOB on the wire, text through its charset. */
        TEXT,
        BINARY, VARBINARY, BLOB, ENUM, SET, GEOMETRY
    }

    /** A point written as WKB; read back as 4-byte SRID + WKB. */
    record Point(double x, double y) {
    }

    TypedColumn {
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
    }

    static TypedColumn of(String name, String ddl, Form form, int size) {
        return new TypedColumn(name, ddl, form, size, null, List.of());
    }

    static TypedColumn text(String name, String ddl, Form form, Charset charset) {
        return new TypedColumn(name, ddl, form, 0, charset, List.of());
    }

    static TypedColumn labelled(String name, Form form, List<String> labels) {
        String members = String.join(",", labels.stream().map(l -> "'" + l + "'").toList());
        return new TypedColumn(name, (form == Form.ENUM ? "ENUM(" : "SET(") + members + ")", form, 0, null, labels);
    }

    /** The SQL that takes this column's parameter in INSERT and UPDATE statements. */
    String placeholder() {
        return form == Form.GEOMETRY ? "ST_GeomFromWKB(?, " + size + ")" : "?";
    }

    /** Binds {@code value} (null for SQL NULL) as parameter {@code index}. */
    void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setObject(index, null);
            return;
        }
        switch (form) {
            case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
            case FLOAT -> statement.setFloat(index, (Float) value);
            case DOUBLE -> statement.setDouble(index, (Double) value);
            case BIT, BINARY, VARBINARY, BLOB -> statement.setBytes(index, (byte[]) value);
            case YEAR -> statement.setInt(index, (Integer) value);
            case GEOMETRY -> statement.setBytes(index, wkb((Point) value));
            case CHAR, VARCHAR, TEXT, ENUM, SET -> statement.setString(index, (String) value);
            default -> statement.setObject(index, value); // integers, java.time values, temporal strings
        }
    }

    /** The canonical text {@code value} must read back as when the server logs {@code metadata}. */
    String expected(Object value, RowMetadata metadata) {
        if (value == null) {
            return null;
        }
        boolean noLog = metadata == RowMetadata.NO_LOG;
        boolean labelsKnown = metadata == RowMetadata.FULL;
        return switch (form) {
            case SIGNED -> value.toString();
            case UNSIGNED -> {
                BigInteger v = new BigInteger(value.toString());
                yield (noLog && v.testBit(size - 1) ? v.subtract(BigInteger.ONE.shiftLeft(size)) : v).toString();
            }
            case DECIMAL -> ((BigDecimal) value).setScale(size).toPlainString(); // throws if it needs rounding
            case FLOAT -> Float.toString((Float) value);
            case DOUBLE -> Double.toString((Double) value);
            case BIT -> {
                String bits = new BigInteger(1, (byte[]) value).toString(2);
                yield "0".repeat(size - bits.length()) + bits;
            }
            case YEAR -> String.format("%04d", (Integer) value);
            case DATE -> value instanceof LocalDate d ? d.toString() : (String) value;
            case DATETIME, TIMESTAMP -> value instanceof LocalDateTime t
                    ? withFraction(t.format(DATE_TIME), t.getNano())
                    : withFraction((String) value);
            case TIME -> value instanceof LocalTime t ? withFraction(t.format(TIME), t.getNano())
                    : withFraction((String) value);
            case CHAR -> {
                String s = ((String) value).replaceAll(" +$", "");
                yield noLog ? utf8(s.getBytes(charset)) : s;
            }
            case VARCHAR -> noLog ? utf8(((String) value).getBytes(charset)) : (String) value;
            case TEXT -> noLog ? hex(((String) value).getBytes(charset)) : (String) value;
            case BINARY -> noLog ? utf8(stripTrailingZeros((byte[]) value)) : hex(Arrays.copyOf((byte[]) value, size));
            case VARBINARY -> noLog ? utf8((byte[]) value) : hex((byte[]) value);
            case BLOB -> hex((byte[]) value);
            case ENUM -> labelsKnown ? (String) value : Integer.toString(labels.indexOf(value) + 1);
            case SET -> labelsKnown ? (String) value : Long.toUnsignedString(setBits((String) value));
            case GEOMETRY -> {
                byte[] wkb = wkb((Point) value);
                ByteBuffer stored = ByteBuffer.allocate(4 + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
                yield hex(stored.putInt(size).put(wkb).array());
            }
        };
    }

    /** The bitmask of a comma-joined SET value. */
    long setBits(String value) {
        long bits = 0;
        if (!value.isEmpty()) {
            for (String member : value.split(",")) {
                int at = labels.indexOf(member);
                if (at < 0) {
                    throw new IllegalArgumentException(member + " is not a member of " + name);
                }
                bits |= 1L << at;
            }
        }
        return bits;
    }

    /** Appends exactly fsp fraction digits to a value of whole seconds; the value must not need rounding. */
    private String withFraction(String wholeSeconds, int nanos) {
        String micros = String.format("%06d", nanos / 1000);
        if (nanos % 1000 != 0 || !micros.substring(size).chars().allMatch(c -> c == '0')) {
            throw new IllegalArgumentException(name + " keeps " + size + " fraction digits; " + wholeSeconds + "."
                    + micros + " would be rounded");
        }
        return size == 0 ? wholeSeconds : wholeSeconds + "." + micros.substring(0, size);
    }

    /** A temporal literal such as {@code -838:59:59} or {@code 100:00:00.5}, with exactly fsp fraction digits. */
    private String withFraction(String literal) {
        int dot = literal.indexOf('.');
        String whole = dot < 0 ? literal : literal.substring(0, dot);
        String fraction = dot < 0 ? "" : literal.substring(dot + 1);
        if (fraction.length() > 6) {
            throw new IllegalArgumentException(literal + " has more than 6 fraction digits");
        }
        return withFraction(whole, Integer.parseInt((fraction + "000000").substring(0, 6)) * 1000);
    }

    /** Little-endian WKB of a point. */
    static byte[] wkb(Point p) {
        return ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 1).putInt(1).putDouble(p.x()).putDouble(p.y()).array();
    }

    static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** Bytes as the decoder reads text of an unknown charset: UTF-8, malformed input replaced. */
    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] stripTrailingZeros(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(bytes, n);
    }
}
