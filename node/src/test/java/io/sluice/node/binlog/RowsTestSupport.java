package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only helpers for the rows decoder tests: byte builders, one-column tables, the shared test data folder and a
 * minimal JSON reader for the vector files (the node module has no JSON library on its test classpath).
 */
final class RowsTestSupport {
    static final int WRITE_V1 = 23;
    static final int UPDATE_V1 = 24;
    static final int DELETE_V1 = 25;
    static final int WRITE_V2 = 30;
    static final int UPDATE_V2 = 31;
    static final int DELETE_V2 = 32;
    static final int PARTIAL_UPDATE = 39;

    private RowsTestSupport() {
    }

    // ------------------------------------------------------------------ bytes

    /** Hex digits to bytes; blanks, '|' and '_' are ignored so literals can be grouped by field. */
    static byte[] hex(String s) {
        String h = s.replaceAll("[\\s|_]", "");
        if (h.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + s);
        }
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String toHex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    /** Builds byte strings field by field. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        static Bytes of() {
            return new Bytes();
        }

        Bytes u8(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        /** Little-endian integer of {@code n} bytes. */
        Bytes le(long v, int n) {
            for (int i = 0; i < n; i++) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        /** Big-endian integer of {@code n} bytes. */
        Bytes be(long v, int n) {
            for (int i = n - 1; i >= 0; i--) {
                out.write((int) (v >>> (8 * i)));
            }
            return this;
        }

        Bytes hex(String h) {
            return bytes(RowsTestSupport.hex(h));
        }

        Bytes bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        Bytes utf8(String s) {
            return bytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** Length-encoded integer of the MySQL protocol. */
        Bytes lenenc(long v) {
            if (v < 251) {
                return u8((int) v);
            }
            if (v < (1 << 16)) {
                return u8(0xfc).le(v, 2);
            }
            if (v < (1 << 24)) {
                return u8(0xfd).le(v, 3);
            }
            return u8(0xfe).le(v, 8);
        }

        /** MySQL's binary JSON variable length (7 bits a byte, low first). */
        Bytes varlen(int v) {
            do {
                int b = v & 0x7f;
                v >>>= 7;
                out.write(v != 0 ? b | 0x80 : b);
            } while (v != 0);
            return this;
        }

        int size() {
            return out.size();
        }

        byte[] array() {
            return out.toByteArray();
        }
    }

    // ------------------------------------------------------------------ tables and events

    static EventHeader header(int typeCode, int bodyLength) {
        return new EventHeader(1_700_000_000L, typeCode, 1, EventHeader.LENGTH + bodyLength, 0, 0);
    }

    static TableMapEvent table(long id, String schema, String name, int[] types, int[] meta, TableMetadata md) {
        byte[] t = new byte[types.length];
        BitSet nullable = new BitSet();
        for (int i = 0; i < types.length; i++) {
            t[i] = (byte) types[i];
            nullable.set(i);
        }
        return new TableMapEvent(header(19, 0), id, 1, schema, name, t, meta.clone(), nullable,
                md == null ? TableMetadata.EMPTY : md);
    }

    /** Metadata with signedness, collations and labels per column (any argument may be null). */
    static TableMetadata metadata(boolean[] unsigned, int[] collations, List<String> names,
            List<List<String>> enumLabels, List<List<String>> setLabels) {
        return new TableMetadata(unsigned, collations, names, enumLabels, setLabels, null, null, null, null, null);
    }

    static RowsEvent decode(int typeCode, byte[] body, int postHeaderLength, TableMapEvent... tables) {
        return decode(new RowsEventDecoder(), typeCode, body, postHeaderLength, tables);
    }

    static RowsEvent decode(RowsEventDecoder decoder, int typeCode, byte[] body, int postHeaderLength,
            TableMapEvent... tables) {
        Map<Long, TableMapEvent> byId = new HashMap<>();
        for (TableMapEvent t : tables) {
            byId.put(t.tableId(), t);
        }
        ByteReader r = new ByteReader(body);
        RowsEvent e = decoder.decode(header(typeCode, body.length), r, postHeaderLength, byId::get);
        assertEquals(0, r.remaining(), "the decoder consumes the whole body");
        return e;
    }

    /**
     * A WRITE_ROWS_V1 body for table id 1 with every column present and one row: NULL bitmap (no NULLs) followed by
     * {@code values}.
     */
    static byte[] insertOneRow(int columns, byte[] values) {
        Bytes b = Bytes.of().le(1, 6).le(RowsEvent.STMT_END_F, 2).lenenc(columns);
        int bitmapBytes = (columns + 7) / 8;
        for (int i = 0; i < bitmapBytes; i++) {
            int bits = Math.min(8, columns - 8 * i);
            b.u8((1 << bits) - 1);
        }
        for (int i = 0; i < bitmapBytes; i++) {
            b.u8(0);
        }
        return b.bytes(values).array();
    }

    /** Decodes one value of a one-column table; asserts that it consumed exactly {@code value}. */
    static RowImage one(int type, int meta, TableMetadata md, byte[] value) {
        TableMapEvent t = table(1, "db", "t", new int[] {type}, new int[] {meta}, md);
        RowsEvent e = decode(WRITE_V1, insertOneRow(1, value), 8, t);
        assertEquals(1, e.rowCount(), "exactly one row: the value used exactly its bytes");
        return e.rows().get(0).after();
    }

    static String oneText(int type, int meta, byte[] value) {
        return one(type, meta, null, value).text(0);
    }

    static TableMetadata collation(int id) {
        return metadata(null, new int[] {id}, null, null, null);
    }

    static TableMetadata unsignedColumn() {
        return metadata(new boolean[] {true}, null, null, null, null);
    }

    // ------------------------------------------------------------------ test data

    /** The shared binlog test data folder, or a skipped test saying where it was looked for. */
    static Path testdata() {
        String override = System.getProperty("sluice.testdata");
        List<Path> tried = new ArrayList<>();
        if (override != null) {
            Path p = Path.of(override);
            if (Files.isDirectory(p)) {
                return p;
            }
            tried.add(p);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("../shared/testdata/mysql-binlogs").normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            tried.add(p);
        }
        assumeTrue(false, "binlog test data not found (looked for ../shared/testdata/mysql-binlogs from the project "
                + "root, tried " + tried + "); set -Dsluice.testdata=DIR to point at it");
        return null;
    }

    // ------------------------------------------------------------------ a minimal JSON reader

    /** Parses JSON into Map (insertion ordered), List, String, BigDecimal, Boolean and null. */
    static Object parseJson(String s) {
        JsonReader r = new JsonReader(s);
        Object v = r.value();
        r.blank();
        if (r.i != s.length()) {
            throw new IllegalArgumentException("trailing text at " + r.i);
        }
        return v;
    }

    private static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String s) {
            this.s = s;
        }

        void blank() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        Object value() {
            blank();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    blank();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        blank();
                        String k = string();
                        blank();
                        expect(':');
                        m.put(k, value());
                        blank();
                        if (s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        expect('}');
                        return m;
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    blank();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        blank();
                        if (s.charAt(i) == ',') {
                            i++;
                            continue;
                        }
                        expect(']');
                        return l;
                    }
                }
                case '"':
                    return string();
                case 't':
                    i += 4;
                    return Boolean.TRUE;
                case 'f':
                    i += 5;
                    return Boolean.FALSE;
                case 'n':
                    i += 4;
                    return null;
                default: {
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    return new BigDecimal(s.substring(start, i));
                }
            }
        }

        void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + i);
            }
            i++;
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }
}
