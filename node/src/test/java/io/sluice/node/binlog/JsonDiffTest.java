package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Partial JSON updates: path syntax, MySQL's apply semantics, and the wire format of the diff list. */
class JsonDiffTest {

    private static JsonDom.Node doc(Object value) {
        byte[] b = JsonBinaryWriter.small(value);
        return JsonBinary.parse(b, 0, b.length);
    }

    private static JsonDom.Node v(Object value) {
        return doc(value);
    }

    private static String apply(Object before, JsonDiff... diffs) {
        return JsonDiff.apply(doc(before), List.of(diffs)).toString();
    }

    private static JsonDiff replace(String path, Object value) {
        return new JsonDiff(JsonDiff.Operation.REPLACE, path, v(value));
    }

    private static JsonDiff insert(String path, Object value) {
        return new JsonDiff(JsonDiff.Operation.INSERT, path, v(value));
    }

    private static JsonDiff remove(String path) {
        return new JsonDiff(JsonDiff.Operation.REMOVE, path, null);
    }

    @Test
    void paths() {
        assertEquals(List.of("a", new JsonDiff.Index(2, false), "b c", new JsonDiff.Index(1, true)),
                JsonDiff.parsePath("$.a[2].\"b c\"[last-1]"));
        assertEquals(List.of(), JsonDiff.parsePath("$"));
        assertEquals(List.of("x", new JsonDiff.Index(0, true)), JsonDiff.parsePath(" $ . x [ last ] "));
        assertEquals(List.of("q\"\n\u00e9"), JsonDiff.parsePath("$.\"q\\\"\\n\\u00e9\""));
        for (String bad : new String[] {"a", "$.", "$[", "$[x]", "$.*", "$[last+1]", "$.\"open", "$[1]x"}) {
            assertThrows(BinlogFormatException.class, () -> JsonDiff.parsePath(bad), bad);
        }
    }

    @Test
    void replaceInObjectsAndArrays() {
        assertEquals("{\"a\":2}", apply(Map.of("a", 1), replace("$.a", 2)));
        assertEquals("[1,\"x\",3]", apply(List.of(1, 2, 3), replace("$[1]", "x")));
        assertEquals("[1,2,{\"k\":[]}]", apply(List.of(1, 2, 3), replace("$[last]", Map.of("k", List.of()))));
        assertThrows(BinlogFormatException.class, () -> apply(Map.of("a", 1), replace("$.b", 2)));
        assertThrows(BinlogFormatException.class, () -> apply(List.of(1), replace("$[5]", 2)));
        assertThrows(BinlogFormatException.class, () -> apply(Map.of("a", 1), replace("$", 2)));
    }

    @Test
    void insertKeepsMysqlKeyOrderAndArrayPositions() {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("b", 1);
        m.put("aa", 2);
        // key order is length first, then bytes: "a" < "b" < "aa" < "zz" < "abc"
        assertEquals("{\"a\":0,\"b\":1,\"aa\":2}", apply(m, insert("$.a", 0)));
        assertEquals("{\"b\":1,\"aa\":2,\"zz\":3}", apply(m, insert("$.zz", 3)));
        assertEquals("{\"b\":1,\"aa\":2,\"abc\":4}", apply(m, insert("$.abc", 4)));
        assertThrows(BinlogFormatException.class, () -> apply(m, insert("$.b", 9)), "existing member");
        assertEquals("[0,1,2]", apply(List.of(1, 2), insert("$[0]", 0)));
        assertEquals("[1,2,3]", apply(List.of(1, 2), insert("$[7]", 3)), "past the end appends");
        assertEquals("{\"a\":[1,{\"x\":null},2]}", apply(Map.of("a", List.of(1, 2)), insert("$.a[1]",
                java.util.Collections.singletonMap("x", null))));
        assertThrows(BinlogFormatException.class, () -> apply(Map.of("a", 1), insert("$.a.b", 1)), "parent");
    }

    @Test
    void remove() {
        assertEquals("{\"b\":2}", apply(Map.of("a", 1, "b", 2), JsonDiffTest.remove("$.a")));
        assertEquals("[1,3]", apply(List.of(1, 2, 3), JsonDiffTest.remove("$[1]")));
        assertEquals("[1,2]", apply(List.of(1, 2, 3), JsonDiffTest.remove("$[last]")));
        assertThrows(BinlogFormatException.class, () -> apply(List.of(1), JsonDiffTest.remove("$[3]")));
        assertThrows(BinlogFormatException.class, () -> apply(Map.of("a", 1), JsonDiffTest.remove("$.z")));
    }

    @Test
    void diffsApplyInOrder() {
        assertEquals("{\"a\":[3]}", apply(Map.of("a", List.of(1)), insert("$.a[0]", 2), replace("$.a[0]", 3),
                JsonDiffTest.remove("$.a[1]")));
    }

    @Test
    void wireFormat() {
        byte[] value = JsonBinaryWriter.small(List.of(true));
        byte[] list = RowsTestSupport.Bytes.of()
                .u8(0).lenenc(3).utf8("$.a").lenenc(value.length).bytes(value)   // REPLACE $.a [true]
                .u8(2).lenenc(6).utf8("$.b[0]")                                  // REMOVE $.b[0]
                .array();
        List<JsonDiff> diffs = JsonDiff.parseList(list, 0, list.length);
        assertEquals(2, diffs.size());
        assertEquals(JsonDiff.Operation.REPLACE, diffs.get(0).operation());
        assertEquals("$.a", diffs.get(0).path());
        assertEquals("[true]", diffs.get(0).value().toString());
        assertEquals(JsonDiff.Operation.REMOVE, diffs.get(1).operation());
        assertEquals(null, diffs.get(1).value());
        // operation 3 does not exist; lengths past the end are errors
        assertThrows(BinlogFormatException.class, () -> JsonDiff.parseList(new byte[] {3, 1, '$'}, 0, 3));
        assertThrows(BinlogFormatException.class, () -> JsonDiff.parseList(new byte[] {0, 9, '$'}, 0, 3));
        byte[] noValue = RowsTestSupport.Bytes.of().u8(0).lenenc(1).utf8("$").lenenc(5).u8(4).array();
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> JsonDiff.parseList(noValue, 0, noValue.length));
        assertTrue(e.getMessage().contains("value of 5 bytes"), e.getMessage());
    }

    @Test
    void describeAsMysqlbinlogDoes() {
        assertEquals("JSON_REMOVE(JSON_ARRAY_INSERT(`doc`, '$[0]', CAST('1' AS JSON)), '$.x')",
                JsonDiff.describe("`doc`", List.of(insert("$[0]", 1), JsonDiffTest.remove("$.x"))));
        assertEquals("JSON_INSERT(@1, '$.it\\'s', CAST('\"a\\\\\\\\b\"' AS JSON))",
                JsonDiff.describe("@1", List.of(insert("$.it's", "a\\b"))));
    }
}
