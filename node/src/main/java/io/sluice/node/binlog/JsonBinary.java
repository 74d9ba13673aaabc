package io.sluice.node.binlog;

import java.nio.charset.StandardCharsets;

/**
 * MySQL's binary JSON (the storage format of JSON columns, {@code sql-common/json_binary.cc}) to compact JSON text,
 * or to a {@link JsonDom} tree when a partial update has to be applied to it.
 *
 * <p>Format: a type byte, then the value. Objects and arrays come in a small form (2-byte counts and offsets) and
 * a large one (4-byte): element count, byte size, for objects one key entry per member (offset, 2-byte length),
 * then one value entry per element (type byte + offset, or the value itself when it fits: literals and 16-bit
 * integers always, 32-bit integers in the large form), then keys and values. Offsets count from the start of the
 * container (after its type byte). Scalars: literal (0 null, 1 true, 2 false), int16/uint16/int32/uint32/int64/
 * uint64 little-endian, double, string (length in 7-bit groups, low first, then UTF-8 bytes), opaque (MySQL field
 * type byte, length as for strings, bytes).
 *
 * <p>Text follows MySQL's own printing ({@code Json_wrapper::to_string}) except that it is compact (no blank after
 * {@code ,} and {@code :}): members in storage order; strings escaped only for the quote, the backslash and control
 * characters (b, f, n, r, t by letter, others as u00XX); doubles as {@link MysqlDoubleFormat}; opaque DECIMAL
 * as a number with its scale; opaque DATE/TIME/DATETIME/TIMESTAMP as strings with 6 fraction digits (DATE without
 * time); opaque VAR_STRING as a plain string; any other opaque as {@code "base64:typeN:<base64>"} with MySQL's line
 * break after every 76 base64 characters (printed as {@code \n}). An empty value (length 0, which MySQL stores for a
 * NOT NULL column given no value) is JSON {@code null}, as MySQL reads it.
 *
 * <p>Hostile input: every offset and length is checked against its container before use; nesting deeper than
 * {@value #MAX_DEPTH} (MySQL's own limit) is refused; and since two entries may point at the same bytes, the number
 * of values visited is capped by the input length, so a small document cannot expand exponentially. Errors are
 * {@link BinlogFormatException}s naming what was wrong and where.
 *
 * <p>Not thread-safe per instance; the static methods create one per call.
 */
public final class JsonBinary {
    /** MySQL's JSON_DOCUMENT_MAX_DEPTH. */
    public static final int MAX_DEPTH = 100;

    static final int SMALL_OBJECT = 0x00;
    static final int LARGE_OBJECT = 0x01;
    static final int SMALL_ARRAY = 0x02;
    static final int LARGE_ARRAY = 0x03;
    static final int LITERAL = 0x04;
    static final int INT16 = 0x05;
    static final int UINT16 = 0x06;
    static final int INT32 = 0x07;
    static final int UINT32 = 0x08;
    static final int INT64 = 0x09;
    static final int UINT64 = 0x0a;
    static final int DOUBLE = 0x0b;
    static final int STRING = 0x0c;
    static final int OPAQUE = 0x0f;

    private static final char[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final byte[] buf;
    private final int docStart;
    private long budget;

    private JsonBinary(byte[] buf, int off, int len) {
        this.buf = buf;
        this.docStart = off;
        this.budget = len + 1L;
    }

    /** The compact JSON text of the binary JSON value in {@code buf[off, off+len)}. */
    public static String toJson(byte[] buf, int off, int len) {
        StringBuilder sb = new StringBuilder(Math.min(len * 2 + 16, 1 << 16));
        appendJson(sb, buf, off, len);
        return sb.toString();
    }

    /** Appends the compact JSON text of the binary JSON value in {@code buf[off, off+len)}. */
    public static void appendJson(StringBuilder sb, byte[] buf, int off, int len) {
        checkSlice(buf, off, len);
        if (len == 0) {
            sb.append("null");
            return;
        }
        JsonBinary p = new JsonBinary(buf, off, len);
        p.text(sb, buf[off] & 0xff, off + 1, off + len, 0);
    }

    /** The binary JSON value in {@code buf[off, off+len)} as a tree. */
    public static JsonDom.Node parse(byte[] buf, int off, int len) {
        checkSlice(buf, off, len);
        if (len == 0) {
            return JsonDom.Scalar.NULL;
        }
        JsonBinary p = new JsonBinary(buf, off, len);
        return p.dom(buf[off] & 0xff, off + 1, off + len, 0);
    }

    private static void checkSlice(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("slice " + off + "+" + len + " outside " + buf.length + " bytes");
        }
    }

    // ------------------------------------------------------------------ text

    /** Renders the value of {@code type} whose bytes start at {@code pos} and may extend up to {@code end}. */
    private void text(StringBuilder sb, int type, int pos, int end, int depth) {
        if (--budget < 0) {
            throw error("more values than bytes (entries share data)", pos);
        }
        switch (type) {
            case SMALL_OBJECT, LARGE_OBJECT -> container(sb, true, type == LARGE_OBJECT, pos, end, depth + 1);
            case SMALL_ARRAY, LARGE_ARRAY -> container(sb, false, type == LARGE_ARRAY, pos, end, depth + 1);
            default -> scalar(sb, type, pos, end);
        }
    }

    /**
     * Checks an object's or array's header at {@code pos}: nesting depth, that its declared size fits the bytes
     * left, and that its key and value entries fit its size.
     *
     * @return the element count
     */
    private int containerCount(boolean object, boolean large, int pos, int end, int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH, pos);
        }
        int os = large ? 4 : 2;
        need(pos, end, 2 * os, object ? "object header" : "array header");
        long count = offsetOrSize(pos, large);
        long size = offsetOrSize(pos + os, large);
        if (size > end - pos) {
            throw error((object ? "object" : "array") + " of " + size + " bytes, only " + (end - pos) + " left", pos);
        }
        long header = 2L * os + count * ((object ? os + 2 : 0) + 1 + os);
        if (header > size) {
            throw error((object ? "object" : "array") + " of " + count + " elements does not fit its " + size
                    + " bytes", pos);
        }
        return (int) count;
    }

    private void container(StringBuilder sb, boolean object, boolean large, int pos, int end, int depth) {
        int os = large ? 4 : 2;
        int keyEntry = os + 2;
        int valueEntry = 1 + os;
        int n = containerCount(object, large, pos, end, depth);
        long size = offsetOrSize(pos + os, large);
        int cEnd = pos + (int) size;
        int valuesAt = pos + 2 * os + (object ? n * keyEntry : 0);
        sb.append(object ? '{' : '[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (object) {
                int ke = pos + 2 * os + i * keyEntry;
                long keyOff = offsetOrSize(ke, large);
                int keyLen = u16(ke + os);
                if (keyOff + keyLen > size) {
                    throw error("key " + i + " at " + keyOff + "+" + keyLen + " outside object of " + size
                            + " bytes", ke);
                }
                appendQuoted(sb, buf, pos + (int) keyOff, keyLen);
                sb.append(':');
            }
            int ve = valuesAt + i * valueEntry;
            int vType = buf[ve] & 0xff;
            if (inlined(vType, large)) {
                if (--budget < 0) {
                    throw error("more values than bytes (entries share data)", ve);
                }
                inlinedScalar(sb, vType, ve + 1, large);
            } else {
                long vOff = offsetOrSize(ve + 1, large);
                if (vOff >= size) {
                    throw error("value " + i + " at offset " + vOff + " outside container of " + size + " bytes", ve);
                }
                text(sb, vType, pos + (int) vOff, cEnd, depth);
            }
        }
        sb.append(object ? '}' : ']');
    }

    private static boolean inlined(int type, boolean large) {
        return type == LITERAL || type == INT16 || type == UINT16 || (large && (type == INT32 || type == UINT32));
    }

    private void inlinedScalar(StringBuilder sb, int type, int p, boolean large) {
        switch (type) {
            case LITERAL -> literal(sb, buf[p] & 0xff, p);
            case INT16 -> sb.append((short) u16(p));
            case UINT16 -> sb.append(u16(p));
            case INT32 -> sb.append(s32(p));
            case UINT32 -> sb.append(s32(p) & 0xffffffffL);
            default -> throw error("type " + type + " cannot be inlined", p);
        }
    }

    private void literal(StringBuilder sb, int v, int p) {
        switch (v) {
            case 0 -> sb.append("null");
            case 1 -> sb.append("true");
            case 2 -> sb.append("false");
            default -> throw error("invalid literal " + v, p);
        }
    }

    private void scalar(StringBuilder sb, int type, int pos, int end) {
        switch (type) {
            case LITERAL -> {
                need(pos, end, 1, "literal");
                literal(sb, buf[pos] & 0xff, pos);
            }
            case INT16 -> {
                need(pos, end, 2, "int16");
                sb.append((short) u16(pos));
            }
            case UINT16 -> {
                need(pos, end, 2, "uint16");
                sb.append(u16(pos));
            }
            case INT32 -> {
                need(pos, end, 4, "int32");
                sb.append(s32(pos));
            }
            case UINT32 -> {
                need(pos, end, 4, "uint32");
                sb.append(s32(pos) & 0xffffffffL);
            }
            case INT64 -> {
                need(pos, end, 8, "int64");
                sb.append(s64(pos));
            }
            case UINT64 -> {
                need(pos, end, 8, "uint64");
                sb.append(Long.toUnsignedString(s64(pos)));
            }
            case DOUBLE -> {
                need(pos, end, 8, "double");
                MysqlDoubleFormat.appendJson(sb, Double.longBitsToDouble(s64(pos)));
            }
            case STRING -> {
                long lenAndSize = varLength(pos, end);
                int n = (int) (lenAndSize >>> 8);
                int at = pos + (int) (lenAndSize & 0xff);
                need(at, end, n, "string");
                appendQuoted(sb, buf, at, n);
            }
            case OPAQUE -> {
                need(pos, end, 1, "opaque type");
                int fieldType = buf[pos] & 0xff;
                long lenAndSize = varLength(pos + 1, end);
                int n = (int) (lenAndSize >>> 8);
                int at = pos + 1 + (int) (lenAndSize & 0xff);
                need(at, end, n, "opaque value");
                opaque(sb, fieldType, at, n);
            }
            default -> throw error("unknown value type 0x" + Integer.toHexString(type), pos);
        }
    }

    private void opaque(StringBuilder sb, int fieldType, int at, int n) {
        switch (fieldType) {
            case 246 -> { // NEWDECIMAL: precision, scale, binary decimal
                if (n < 2) {
                    throw error("opaque DECIMAL of " + n + " bytes", at);
                }
                int precision = buf[at] & 0xff;
                int scale = buf[at + 1] & 0xff;
                MysqlDecimal.checkType(precision, scale);
                int size = MysqlDecimal.binarySize(precision, scale);
                if (size > n - 2) {
                    throw error("opaque DECIMAL(" + precision + "," + scale + ") needs " + size + " bytes, has "
                            + (n - 2), at);
                }
                if (precision <= MysqlDecimal.LONG_PRECISION) {
                    MysqlDecimal.appendText(sb, MysqlDecimal.decodeUnscaled(buf, at + 2, precision, scale), scale);
                } else {
                    sb.append(MysqlDecimal.toText(MysqlDecimal.decode(buf, at + 2, precision, scale)));
                }
            }
            case 10, 11, 12, 7 -> { // DATE, TIME, DATETIME, TIMESTAMP: 8-byte packed value
                if (n < 8) {
                    throw error("opaque temporal of " + n + " bytes", at);
                }
                long packed = s64(at);
                sb.append('"');
                if (fieldType == 11) {
                    appendPackedTime(sb, packed, at);
                } else {
                    appendPackedDatetime(sb, packed, fieldType == 10, at);
                }
                sb.append('"');
            }
            case 253 -> appendQuoted(sb, buf, at, n); // VAR_STRING: printed as a plain string
            default -> {
                sb.append("\"base64:type").append(fieldType).append(':');
                appendBase64(sb, buf, at, n);
                sb.append('"');
            }
        }
    }

    private void appendPackedTime(StringBuilder sb, long packed, int at) {
        long abs = Math.abs(packed);
        long hms = abs >>> 24;
        int micros = (int) (abs & 0xffffff);
        if (micros > 999999 || ((hms >>> 6) & 63) > 59 || (hms & 63) > 59 || packed == Long.MIN_VALUE) {
            throw error("invalid packed TIME " + packed, at);
        }
        // TIME_from_longlong_time_packed keeps 10 bits of hours
        long time = packed < 0 ? -(((hms & 0x3fffff) << 24) + micros) : (((hms & 0x3fffff) << 24) + micros);
        TemporalCodec.appendTime(sb, time, 6);
    }

    private void appendPackedDatetime(StringBuilder sb, long packed, boolean dateOnly, int at) {
        if (packed < 0) {
            throw error("negative packed DATETIME " + packed, at);
        }
        int y = TemporalCodec.year(packed), mo = TemporalCodec.month(packed), d = TemporalCodec.day(packed);
        int h = TemporalCodec.hour(packed), mi = TemporalCodec.minute(packed), s = TemporalCodec.second(packed);
        if (y > 9999 || d > 31 || h > 23 || mi > 59 || s > 59 || TemporalCodec.micros(packed) > 999999) {
            throw error("invalid packed DATETIME " + packed, at);
        }
        if (dateOnly) {
            TemporalCodec.appendDate(sb, packed);
        } else {
            TemporalCodec.appendDatetime(sb, packed, 6);
        }
    }

    // ------------------------------------------------------------------ DOM

    private JsonDom.Node dom(int type, int pos, int end, int depth) {
        if (--budget < 0) {
            throw error("more values than bytes (entries share data)", pos);
        }
        boolean object = type == SMALL_OBJECT || type == LARGE_OBJECT;
        if (!object && type != SMALL_ARRAY && type != LARGE_ARRAY) {
            StringBuilder sb = new StringBuilder();
            scalar(sb, type, pos, end);
            return new JsonDom.Scalar(sb.toString());
        }
        depth++;
        boolean large = type == LARGE_OBJECT || type == LARGE_ARRAY;
        int os = large ? 4 : 2;
        int keyEntry = os + 2;
        int valueEntry = 1 + os;
        int n = containerCount(object, large, pos, end, depth);
        long size = offsetOrSize(pos + os, large);
        int cEnd = pos + (int) size;
        int valuesAt = pos + 2 * os + (object ? n * keyEntry : 0);
        JsonDom.Obj obj = object ? new JsonDom.Obj(n) : null;
        JsonDom.Arr arr = object ? null : new JsonDom.Arr(n);
        for (int i = 0; i < n; i++) {
            String key = null;
            if (object) {
                int ke = pos + 2 * os + i * keyEntry;
                long keyOff = offsetOrSize(ke, large);
                int keyLen = u16(ke + os);
                if (keyOff + keyLen > size) {
                    throw error("key " + i + " outside object", ke);
                }
                key = new String(buf, pos + (int) keyOff, keyLen, StandardCharsets.UTF_8);
            }
            int ve = valuesAt + i * valueEntry;
            int vType = buf[ve] & 0xff;
            JsonDom.Node value;
            if (inlined(vType, large)) {
                StringBuilder sb = new StringBuilder(8);
                inlinedScalar(sb, vType, ve + 1, large);
                value = new JsonDom.Scalar(sb.toString());
            } else {
                long vOff = offsetOrSize(ve + 1, large);
                if (vOff >= size) {
                    throw error("value " + i + " outside container", ve);
                }
                value = dom(vType, pos + (int) vOff, cEnd, depth);
            }
            if (object) {
                obj.append(key, value);
            } else {
                arr.add(value);
            }
        }
        return object ? obj : arr;
    }

    // ------------------------------------------------------------------ bytes

    private void need(int pos, int end, long n, String what) {
        if (n > end - pos) {
            throw error(what + " needs " + n + " bytes, only " + (end - pos) + " left", pos);
        }
    }

    private long offsetOrSize(int p, boolean large) {
        return large ? s32(p) & 0xffffffffL : u16(p);
    }

    private int u16(int p) {
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
    }

    private int s32(int p) {
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16 | (buf[p + 3] & 0xff) << 24;
    }

    private long s64(int p) {
        return (s32(p) & 0xffffffffL) | ((long) s32(p + 4) << 32);
    }

    /** A length in 7-bit groups (low first, high bit = more): the length {@code << 8} | the bytes it took. */
    private long varLength(int pos, int end) {
        long len = 0;
        for (int i = 0; i < 5; i++) {
            if (pos + i >= end) {
                throw error("truncated length", pos);
            }
            int b = buf[pos + i] & 0xff;
            len |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (len > Integer.MAX_VALUE) {
                    throw error("length " + len + " too large", pos);
                }
                return (len << 8) | (i + 1);
            }
        }
        throw error("length longer than 5 bytes", pos);
    }

    private BinlogFormatException error(String what, int pos) {
        return new BinlogFormatException("invalid binary JSON: " + what + " (at byte " + (pos - docStart) + ")");
    }

    // ------------------------------------------------------------------ text helpers

    /** Appends the UTF-8 bytes as a JSON string, escaping as MySQL's {@code double_quote} does. */
    static void appendQuoted(StringBuilder sb, byte[] b, int off, int n) {
        sb.append('"');
        int i = off;
        int end = off + n;
        while (i < end) {
            int c = b[i];
            if (c < 0) {
                // non-ASCII: decode the rest in one go, then escape it char by char
                JsonStrings.appendEscaped(sb, new String(b, i, end - i, StandardCharsets.UTF_8));
                break;
            }
            JsonStrings.appendEscaped(sb, (char) c);
            i++;
        }
        sb.append('"');
    }

    /** MySQL's {@code base64_encode}: standard alphabet, padded, a newline after every 76 characters. */
    static void appendBase64(StringBuilder sb, byte[] b, int off, int n) {
        int lineLen = 0;
        for (int i = 0; i < n; i += 3) {
            if (lineLen == 76) {
                sb.append("\\n"); // inside a JSON string the newline is escaped
                lineLen = 0;
            }
            int c = (b[off + i] & 0xff) << 16;
            if (i + 1 < n) {
                c |= (b[off + i + 1] & 0xff) << 8;
            }
            if (i + 2 < n) {
                c |= b[off + i + 2] & 0xff;
            }
            sb.append(BASE64[(c >> 18) & 63]).append(BASE64[(c >> 12) & 63]);
            sb.append(i + 1 < n ? BASE64[(c >> 6) & 63] : '=');
            sb.append(i + 2 < n ? BASE64[c & 63] : '=');
            lineLen += 4;
        }
    }
}
