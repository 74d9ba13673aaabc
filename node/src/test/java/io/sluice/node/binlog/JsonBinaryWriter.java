package io.sluice.node.binlog;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-only writer of MySQL binary JSON, built from the format description (json_binary.h) to produce documents
 * the binlog files do not contain: every scalar type at the top level and inlined, large containers, deep nesting.
 * Values: Map (keys written in the map's order), List, String, Integer/Long (smallest fitting signed type), {@link U}
 * for unsigned types, Double, Boolean, null, {@link Opaque}, {@link Typed} to force a type.
 */
final class JsonBinaryWriter {
    private final boolean large;

    private JsonBinaryWriter(boolean large) {
        this.large = large;
    }

    /** An unsigned integer of the given binary JSON type (UINT16, UINT32 or UINT64). */
    record U(int type, long value) {
    }

    /** A signed integer of a forced type (INT16, INT32 or INT64). */
    record Typed(int type, long value) {
    }

    /** An opaque value: MySQL field type and raw bytes. */
    record Opaque(int fieldType, byte[] data) {
    }

    /** The document with small containers. */
    static byte[] small(Object value) {
        return new JsonBinaryWriter(false).document(value);
    }

    /** The document with large (4-byte offset) containers. */
    static byte[] large(Object value) {
        return new JsonBinaryWriter(true).document(value);
    }

    private byte[] document(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type(value));
        byte[] body = body(value);
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    int type(Object v) {
        if (v instanceof Map) {
            return large ? JsonBinary.LARGE_OBJECT : JsonBinary.SMALL_OBJECT;
        }
        if (v instanceof List) {
            return large ? JsonBinary.LARGE_ARRAY : JsonBinary.SMALL_ARRAY;
        }
        if (v == null || v instanceof Boolean) {
            return JsonBinary.LITERAL;
        }
        if (v instanceof U u) {
            return u.type;
        }
        if (v instanceof Typed t) {
            return t.type;
        }
        if (v instanceof Integer || v instanceof Long) {
            long l = ((Number) v).longValue();
            if (l >= Short.MIN_VALUE && l <= Short.MAX_VALUE) {
                return JsonBinary.INT16;
            }
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? JsonBinary.INT32 : JsonBinary.INT64;
        }
        if (v instanceof Double) {
            return JsonBinary.DOUBLE;
        }
        if (v instanceof String) {
            return JsonBinary.STRING;
        }
        if (v instanceof Opaque) {
            return JsonBinary.OPAQUE;
        }
        throw new IllegalArgumentException("cannot write " + v);
    }

    private boolean inlined(int type) {
        return type == JsonBinary.LITERAL || type == JsonBinary.INT16 || type == JsonBinary.UINT16
                || (large && (type == JsonBinary.INT32 || type == JsonBinary.UINT32));
    }

    /** The value without its type byte. */
    byte[] body(Object v) {
        RowsTestSupport.Bytes b = RowsTestSupport.Bytes.of();
        int t = type(v);
        switch (t) {
            case JsonBinary.SMALL_OBJECT, JsonBinary.LARGE_OBJECT, JsonBinary.SMALL_ARRAY, JsonBinary.LARGE_ARRAY -> {
                return container(v);
            }
            case JsonBinary.LITERAL -> b.u8(v == null ? 0 : (Boolean) v ? 1 : 2);
            case JsonBinary.INT16, JsonBinary.UINT16 -> b.le(number(v), 2);
            case JsonBinary.INT32, JsonBinary.UINT32 -> b.le(number(v), 4);
            case JsonBinary.INT64, JsonBinary.UINT64 -> b.le(number(v), 8);
            case JsonBinary.DOUBLE -> b.le(Double.doubleToRawLongBits((Double) v), 8);
            case JsonBinary.STRING -> {
                byte[] s = ((String) v).getBytes(StandardCharsets.UTF_8);
                b.varlen(s.length).bytes(s);
            }
            case JsonBinary.OPAQUE -> {
                Opaque o = (Opaque) v;
                b.u8(o.fieldType).varlen(o.data.length).bytes(o.data);
            }
            default -> throw new IllegalStateException();
        }
        return b.array();
    }

    private static long number(Object v) {
        if (v instanceof U u) {
            return u.value;
        }
        if (v instanceof Typed t) {
            return t.value;
        }
        return ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    private byte[] container(Object v) {
        boolean object = v instanceof Map;
        List<String> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (object) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                keys.add(e.getKey());
                values.add(e.getValue());
            }
        } else {
            values.addAll((List<Object>) v);
        }
        int os = large ? 4 : 2;
        int n = values.size();
        int header = 2 * os + (object ? n * (os + 2) : 0) + n * (1 + os);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        int[] keyOffsets = new int[n];
        byte[][] keyBytes = new byte[n][];
        for (int i = 0; i < keys.size(); i++) {
            keyBytes[i] = keys.get(i).getBytes(StandardCharsets.UTF_8);
            keyOffsets[i] = header + tail.size();
            tail.write(keyBytes[i], 0, keyBytes[i].length);
        }
        long[] valueField = new long[n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            Object val = values.get(i);
            types[i] = type(val);
            if (inlined(types[i])) {
                valueField[i] = types[i] == JsonBinary.LITERAL ? (val == null ? 0 : (Boolean) val ? 1 : 2)
                        : number(val);
            } else {
                valueField[i] = header + tail.size();
                byte[] body = body(val);
                tail.write(body, 0, body.length);
            }
        }
        RowsTestSupport.Bytes b = RowsTestSupport.Bytes.of();
        b.le(n, os).le(header + tail.size(), os);
        for (int i = 0; i < keys.size(); i++) {
            b.le(keyOffsets[i], os).le(keyBytes[i].length, 2);
        }
        for (int i = 0; i < n; i++) {
            b.u8(types[i]).le(valueField[i], os);
        }
        b.bytes(tail.toByteArray());
        return b.array();
    }

    static BigInteger unsigned64(long bits) {
        return new BigInteger(Long.toUnsignedString(bits));
    }
}
