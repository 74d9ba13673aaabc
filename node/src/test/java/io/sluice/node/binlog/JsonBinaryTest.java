package io.sluice.node.binlog;

import static io.sluice.node.binlog.RowsTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * MySQL binary JSON to text. The binlog files (see BinlogFilesRowsTest) cover objects, strings, ints and the opaque
 * types DATE/TIME/DATETIME/DECIMAL/VARCHAR; the documents here are built from the format description to cover the
 * rest: every scalar type at the top level and inlined in small and large containers, doubles, escaping, long
 * strings, deep nesting and hostile input.
 */
class JsonBinaryTest {

    private static String json(byte[] doc) {
        return JsonBinary.toJson(doc, 0, doc.length);
    }

    private static String both(Object value) {
        String small = json(JsonBinaryWriter.small(value));
        String large = json(JsonBinaryWriter.large(value));
        assertEquals(small, large, "small and large forms print alike");
        // the DOM path renders identically
        byte[] doc = JsonBinaryWriter.small(value);
        assertEquals(small, JsonBinary.parse(doc, 0, doc.length).toString());
        return small;
    }

    @Test
    void handAnnotatedSmallObject() {
        // {"a":1,"bb":[true,null]}
        String doc = "00"           // small object
                + "0200 1f00"       // 2 members, 31 bytes
                + "1200 0100"       // key 0 at 18, length 1
                + "1300 0200"       // key 1 at 19, length 2
                + "05 0100"         // value 0: int16 1, inlined
                + "02 1500"         // value 1: small array at 21
                + "61 6262"         // "a" "bb"
                + "0200 0a00"       // array: 2 elements, 10 bytes
                + "04 0100 04 0000"; // true, null inlined
        assertEquals("{\"a\":1,\"bb\":[true,null]}", json(hex(doc)));
    }

    @Test
    void literalsAtTopLevelAndInlined() {
        assertEquals("null", json(hex("04 00")));
        assertEquals("true", json(hex("04 01")));
        assertEquals("false", json(hex("04 02")));
        assertEquals("[null,true,false]", both(Arrays.asList(null, true, false)));
        assertThrows(BinlogFormatException.class, () -> json(hex("04 03")));
    }

    @Test
    void everyIntegerType() {
        assertEquals("-32768", json(hex("05 0080")));
        assertEquals("65535", json(hex("06 ffff")));
        assertEquals("-2147483648", json(hex("07 00000080")));
        assertEquals("4294967295", json(hex("08 ffffffff")));
        assertEquals("-9223372036854775808", json(hex("09 0000000000000080")));
        assertEquals("18446744073709551615", json(hex("0a ffffffffffffffff")));
        List<Object> all = List.of(
                new JsonBinaryWriter.Typed(JsonBinary.INT16, -5),
                new JsonBinaryWriter.U(JsonBinary.UINT16, 65535),
                new JsonBinaryWriter.Typed(JsonBinary.INT32, -70000),
                new JsonBinaryWriter.U(JsonBinary.UINT32, 4294967295L),
                new JsonBinaryWriter.Typed(JsonBinary.INT64, Long.MIN_VALUE),
                new JsonBinaryWriter.U(JsonBinary.UINT64, -1L));
        // int32/uint32 are inlined in large containers and stored after the header in small ones
        assertEquals("[-5,65535,-70000,4294967295,-9223372036854775808,18446744073709551615]", both(all));
    }

    @Test
    void doublesAsMysqlPrintsThem() {
        assertEquals("1.0", json(doubleDoc(1.0)));
        assertEquals("-0.5", json(doubleDoc(-0.5)));
        assertEquals("0.1", json(doubleDoc(0.1)));
        assertEquals("100000000000000.0", json(doubleDoc(1e14)));
        assertEquals("1e15", json(doubleDoc(1e15)));
        assertEquals("1.5e300", json(doubleDoc(1.5e300)));
        assertEquals("0.00001", json(doubleDoc(1e-5)));
        assertEquals("1e-16", json(doubleDoc(1e-16)));
        assertEquals("[3.14,-2.5e-300]", both(List.of(3.14, -2.5e-300)));
        // NaN cannot be JSON
        assertThrows(BinlogFormatException.class, () -> json(doubleDoc(Double.NaN)));
    }

    private static byte[] doubleDoc(double d) {
        return RowsTestSupport.Bytes.of().u8(JsonBinary.DOUBLE).le(Double.doubleToRawLongBits(d), 8).array();
    }

    @Test
    void stringsEscapedLikeMysql() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\b\\f\\r\\u0001\\u001f/\u007f\"", json(JsonBinaryWriter.small(
                "a\"b\\c\n\t\b\f\r\u0001\u001f/\u007f")));
        assertEquals("\"漢字 😀\"", json(JsonBinaryWriter.small("漢字 😀")));
        assertEquals("\"\"", json(JsonBinaryWriter.small("")));
        // lengths of 1, 2 and 3 bytes (7 bits each)
        String s200 = "x".repeat(200);
        String s20000 = "y".repeat(20000);
        assertEquals("\"" + s200 + "\"", json(JsonBinaryWriter.small(s200)));
        assertEquals("\"" + s20000 + "\"", json(JsonBinaryWriter.small(s20000)));
        assertEquals("[\"" + s200 + "\",\"" + s20000 + "\"]", json(JsonBinaryWriter.large(List.of(s200, s20000))));
        // keys are escaped too
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k\"", 1);
        assertEquals("{\"k\\\"\":1}", both(m));
    }

    @Test
    void opaqueValues() {
        // DATE 2012-03-18 as a packed datetime: ((2012*13+3) << 5 | 18) << 41
        long date = ((long) (2012 * 13 + 3) << 5 | 18) << 41;
        assertEquals("\"2012-03-18\"", json(opaque(10, RowsTestSupport.Bytes.of().le(date, 8).array())));
        // DATETIME and TIMESTAMP: with 6 fraction digits
        long dt = date | (11L << 36) | (30L << 30) | (45L << 24) | 1;
        assertEquals("\"2012-03-18 11:30:45.000001\"",
                json(opaque(12, RowsTestSupport.Bytes.of().le(dt, 8).array())));
        assertEquals("\"2012-03-18 11:30:45.000001\"", json(opaque(7, RowsTestSupport.Bytes.of().le(dt, 8).array())));
        // TIME -87:31:46.654321: packed time negated
        long time = -((((87L << 12) | (31 << 6) | 46) << 24) + 654321);
        assertEquals("\"-87:31:46.654321\"", json(opaque(11, RowsTestSupport.Bytes.of().le(time, 8).array())));
        // DECIMAL(5,3) 12.345: precision, scale, binary decimal; printed as a number with its scale
        assertEquals("12.345", json(opaque(246, RowsTestSupport.Bytes.of().u8(5, 3)
                .bytes(MysqlDecimalTest.encode("12.345", 5, 3)).array())));
        assertEquals("-0.10", json(opaque(246, RowsTestSupport.Bytes.of().u8(3, 2)
                .bytes(MysqlDecimalTest.encode("-0.10", 3, 2)).array())));
        // VAR_STRING opaque prints as a string
        assertEquals("\"hi\"", json(opaque(253, "hi".getBytes())));
        // anything else: base64:typeN:, with MySQL's newline after 76 base64 characters (57 bytes)
        assertEquals("\"base64:type15:VQ==\"", json(opaque(15, new byte[] {0x55})));
        byte[] sixty = new byte[60];
        String b64 = java.util.Base64.getEncoder().encodeToString(sixty);
        assertEquals("\"base64:type252:" + b64.substring(0, 76) + "\\n" + b64.substring(76) + "\"",
                json(opaque(252, sixty)));
        // inside containers
        assertEquals("{\"d\":\"2012-03-18\"}", both(Map.of("d", new JsonBinaryWriter.Opaque(10,
                RowsTestSupport.Bytes.of().le(date, 8).array()))));
        // a temporal opaque of the wrong size is an error
        assertThrows(BinlogFormatException.class, () -> json(opaque(10, new byte[4])));
    }

    private static byte[] opaque(int fieldType, byte[] data) {
        return JsonBinaryWriter.small(new JsonBinaryWriter.Opaque(fieldType, data));
    }

    @Test
    void nestingAndOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("b", List.of(1, List.of(), Map.of()));
        inner.put("aa", "x");
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("z", inner);
        outer.put("yy", List.of(List.of(List.of(7))));
        // members print in storage order
        assertEquals("{\"z\":{\"b\":[1,[],{}],\"aa\":\"x\"},\"yy\":[[[7]]]}", both(outer));
        assertEquals("[]", both(List.of()));
        assertEquals("{}", both(Map.of()));
    }

    @Test
    void depthLimit() {
        Object doc = 1;
        for (int i = 0; i < JsonBinary.MAX_DEPTH; i++) {
            doc = List.of(doc);
        }
        String ok = json(JsonBinaryWriter.small(doc));
        assertEquals("[".repeat(100) + "1" + "]".repeat(100), ok);
        Object tooDeep = List.of(doc);
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> json(JsonBinaryWriter.large(tooDeep)));
        assertTrue(e.getMessage().contains("nesting deeper than 100"), e.getMessage());
        byte[] deep = JsonBinaryWriter.small(tooDeep);
        assertThrows(BinlogFormatException.class, () -> JsonBinary.parse(deep, 0, deep.length));
    }

    @Test
    void sharedEntriesCannotExplode() {
        // 40 nested arrays of two entries that both point at the same child: 2^40 values from ~400 bytes
        int childType = JsonBinary.DOUBLE;
        byte[] childBody = new byte[8];
        byte[] doc = null;
        for (int level = 0; level < 40; level++) {
            int header = 2 + 2 + 2 * 3; // count, size, two value entries
            doc = RowsTestSupport.Bytes.of().u8(JsonBinary.SMALL_ARRAY)
                    .le(2, 2).le(header + childBody.length, 2)
                    .u8(childType).le(header, 2)
                    .u8(childType).le(header, 2)
                    .bytes(childBody).array();
            childType = JsonBinary.SMALL_ARRAY;
            childBody = Arrays.copyOfRange(doc, 1, doc.length);
        }
        byte[] bomb = doc;
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> json(bomb));
        assertTrue(e.getMessage().contains("more values than bytes"), e.getMessage());
    }

    @Test
    void truncatedAndInconsistentDocuments() {
        byte[] good = JsonBinaryWriter.small(Map.of("key", List.of("value", 1.5)));
        for (int len = 1; len < good.length; len++) {
            int n = len;
            assertThrows(BinlogFormatException.class, () -> JsonBinary.toJson(good, 0, n), "length " + n);
        }
        // an element count that does not fit the size
        assertThrows(BinlogFormatException.class, () -> json(hex("02 ff7f 0800 04 0100")));
        // a value offset past the container
        assertThrows(BinlogFormatException.class, () -> json(hex("02 0100 0700 0c 0700")));
        // a key past the object
        assertThrows(BinlogFormatException.class, () -> json(hex("00 0100 0b00 0a00 0500 04 0100 61")));
        // unknown type
        assertThrows(BinlogFormatException.class, () -> json(hex("0e 00")));
        // a string length of more than 5 bytes
        assertThrows(BinlogFormatException.class, () -> json(hex("0c ffffffffff01")));
    }

    @Test
    void largeArrayOfManyElements() {
        List<Object> many = new ArrayList<>();
        StringBuilder expected = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            many.add(i % 2 == 0 ? (Object) i : "s" + i);
            expected.append(i == 0 ? "" : ",").append(i % 2 == 0 ? String.valueOf(i) : "\"s" + i + "\"");
        }
        assertEquals(expected.append(']').toString(), json(JsonBinaryWriter.large(many)));
    }
}
