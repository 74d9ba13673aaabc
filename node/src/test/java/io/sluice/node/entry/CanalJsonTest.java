package io.sluice.node.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.node.binlog.JsonDiff;
import io.sluice.node.binlog.JsonDom;

class CanalJsonTest {
    @Test
    void spacingAndEscapingAsCanal() {
        assertEquals("{\"a\": [1, 2.5, null], \"b\": {\"c\": \"x\"}}",
                CanalJson.format("{\"a\":[1,2.5,null],\"b\":{\"c\":\"x\"}}"));
        // canal escapes only quote and backslash in values; control characters stay raw; keys print raw, even a quote
        assertEquals("{\"k\"\": \"q\\\" s\\\\ \n é\"}",
                CanalJson.format("{\"k\\\"\":\"q\\\" s\\\\ \\n \\u00e9\"}"));
        assertEquals("\"a,b:c\"", CanalJson.format("\"a,b:c\""));
        assertEquals("[]", CanalJson.format("[]"));
    }

    @Test
    void partialUpdateExpression() {
        List<JsonDiff> diffs = List.of(
                new JsonDiff(JsonDiff.Operation.REPLACE, "$.a", new JsonDom.Scalar("1")),
                new JsonDiff(JsonDiff.Operation.REPLACE, "$.b", new JsonDom.Scalar("\"x\"")),
                new JsonDiff(JsonDiff.Operation.INSERT, "$.c[0]", new JsonDom.Scalar("2")),
                new JsonDiff(JsonDiff.Operation.REMOVE, "$.d", null));
        assertEquals("JSON_REMOVE(JSON_ARRAY_INSERT(JSON_REPLACE(doc, '$.a', 1, '$.b', \"x\"), '$.c[0]', 2), '$.d')",
                CanalJson.partialUpdate("doc", 3, diffs));
        assertEquals("JSON_REPLACE(@3, '$.a', 1)", CanalJson.partialUpdate(null, 3, diffs.subList(0, 1)));
    }
}
