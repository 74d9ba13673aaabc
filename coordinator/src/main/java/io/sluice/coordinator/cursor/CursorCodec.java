package io.sluice.coordinator.cursor;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sluice.common.position.BinlogPosition;

/**
 * A {@link ClientCursor} as JSON, readable with {@code zkCli.sh get}:
 * {@code {"version":1,"binlogFile":"mysql-bin.000003","binlogOffset":1234,"gtidSet":"0-1-100",
 * "commitTimeMillis":...,"updatedAtMillis":...}}.
 */
final class CursorCodec {

    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CursorCodec() {
    }

    static byte[] encode(ClientCursor cursor) {
        ObjectNode tree = JSON.createObjectNode();
        tree.put("version", VERSION);
        tree.put("binlogFile", cursor.position().file());
        tree.put("binlogOffset", cursor.position().offset());
        tree.put("gtidSet", cursor.gtidSet());
        tree.put("commitTimeMillis", cursor.commitTimeMillis());
        tree.put("updatedAtMillis", cursor.updatedAtMillis());
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write cursor " + cursor, e);
        }
    }

    /**
     * @throws CorruptCursorException naming {@code path} if the data is not a cursor of a known version
     */
    static ClientCursor decode(String path, byte[] data) {
        JsonNode tree;
        try {
            tree = JSON.readTree(data);
        } catch (IOException e) {
            throw new CorruptCursorException(path + " holds no cursor JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject() || tree.path("version").asInt(-1) != VERSION) {
            throw new CorruptCursorException(path + " holds no cursor of format version " + VERSION
                    + "; reset the client's cursor with sluicectl");
        }
        try {
            return new ClientCursor(new BinlogPosition(text(tree, "binlogFile", path), number(tree, "binlogOffset", path)),
                    text(tree, "gtidSet", path), number(tree, "commitTimeMillis", path),
                    number(tree, "updatedAtMillis", path));
        } catch (IllegalArgumentException e) {
            throw new CorruptCursorException(path + " holds a bad cursor: " + e.getMessage());
        }
    }

    private static String text(JsonNode tree, String key, String path) {
        JsonNode value = tree.get(key);
        if (value == null || !value.isTextual()) {
            throw new CorruptCursorException(path + ": cursor field " + key + " is missing or not text");
        }
        return value.asText();
    }

    private static long number(JsonNode tree, String key, String path) {
        JsonNode value = tree.get(key);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new CorruptCursorException(path + ": cursor field " + key + " is missing or not an integer");
        }
        return value.asLong();
    }
}
