package io.sluice.node.binlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One logical change of a MySQL 8 partial JSON update ({@code binlog_row_value_options=PARTIAL_JSON}), as the after
 * image of a PARTIAL_UPDATE_ROWS event carries it instead of the whole document ({@code sql/json_diff.cc}).
 *
 * <p>Wire format of a column value: 4-byte little-endian length of the list, then per diff: operation byte
 * (0 REPLACE, 1 INSERT, 2 REMOVE), path length (length-encoded integer), path text ({@code $.a[1]."b c"}), and
 * unless REMOVE, value length (length-encoded integer) and the value in binary JSON.
 *
 * <p>{@link #apply} replays the list on the before image's document with MySQL's semantics
 * ({@code apply_json_diffs}): REPLACE needs the path to exist; INSERT needs the parent, adds an object member at its
 * key-order place or inserts into an array (past the end = append); REMOVE needs the path. MySQL only logs diffs it
 * could apply to the same document, so a diff that does not apply means the bytes are corrupt, and it is reported
 * as such.
 *
 * @param operation what to do
 * @param path      the path as logged, e.g. {@code $.a[2]}
 * @param value     the new value; null for REMOVE
 */
public record JsonDiff(Operation operation, String path, JsonDom.Node value) {

    public enum Operation {
        REPLACE, INSERT, REMOVE
    }

    /**
     * Parses a diff list; {@code buf[off, off+len)} is the list after its 4-byte length.
     *
     * @throws BinlogFormatException for an unknown operation, a length past the end, or invalid binary JSON
     */
    public static List<JsonDiff> parseList(byte[] buf, int off, int len) {
        List<JsonDiff> diffs = new ArrayList<>();
        ByteReader r = new ByteReader(buf, off, len);
        while (r.hasRemaining()) {
            int op = r.u8();
            if (op > 2) {
                throw new BinlogFormatException("JSON diff " + diffs.size() + ": unknown operation " + op);
            }
            long pathLen = r.lenencInt();
            if (pathLen < 0 || pathLen > r.remaining()) {
                throw new BinlogFormatException("JSON diff " + diffs.size() + ": path of " + pathLen + " bytes, only "
                        + r.remaining() + " left");
            }
            String path = r.string((int) pathLen, StandardCharsets.UTF_8);
            JsonDom.Node value = null;
            if (op != 2) {
                long valueLen = r.lenencInt();
                if (valueLen < 0 || valueLen > r.remaining()) {
                    throw new BinlogFormatException("JSON diff " + diffs.size() + " at " + path + ": value of "
                            + valueLen + " bytes, only " + r.remaining() + " left");
                }
                int at = r.arrayOffset();
                value = JsonBinary.parse(buf, at, (int) valueLen);
                r.skip((int) valueLen);
            }
            diffs.add(new JsonDiff(Operation.values()[op], path, value));
        }
        return diffs;
    }

    /**
     * Applies the diffs in order to {@code doc} and returns the resulting document (the root may be replaced).
     *
     * @throws BinlogFormatException when a path is invalid or does not apply
     */
    public static JsonDom.Node apply(JsonDom.Node doc, List<JsonDiff> diffs) {
        for (JsonDiff diff : diffs) {
            diff.applyTo(doc);
        }
        return doc;
    }

    private void applyTo(JsonDom.Node doc) {
        List<Object> legs = parsePath(path);
        if (legs.isEmpty()) {
            throw fail("cannot " + operation + " the document root");
        }
        JsonDom.Node parent = doc;
        for (int i = 0; i < legs.size() - 1; i++) {
            parent = child(parent, legs.get(i));
            if (parent == null) {
                throw fail("path does not exist in the before image");
            }
        }
        Object last = legs.get(legs.size() - 1);
        switch (operation) {
            case REPLACE -> {
                if (parent instanceof JsonDom.Obj o && last instanceof String k) {
                    if (!o.replace(k, value)) {
                        throw fail("member to replace does not exist");
                    }
                } else if (parent instanceof JsonDom.Arr a && last instanceof Index idx) {
                    int p = idx.position(a.size());
                    if (p < 0 || p >= a.size()) {
                        throw fail("array cell to replace does not exist");
                    }
                    a.set(p, value);
                } else {
                    throw fail("path does not exist in the before image");
                }
            }
            case INSERT -> {
                if (parent instanceof JsonDom.Obj o && last instanceof String k) {
                    if (!o.put(k, value)) {
                        throw fail("member to insert exists already");
                    }
                } else if (parent instanceof JsonDom.Arr a && last instanceof Index idx) {
                    a.insert(idx.position(a.size()), value);
                } else {
                    throw fail("parent of the path is not an object or array matching the path");
                }
            }
            case REMOVE -> {
                if (parent instanceof JsonDom.Obj o && last instanceof String k) {
                    if (!o.remove(k)) {
                        throw fail("member to remove does not exist");
                    }
                } else if (parent instanceof JsonDom.Arr a && last instanceof Index idx) {
                    int p = idx.position(a.size());
                    if (p < 0 || p >= a.size()) {
                        throw fail("array cell to remove does not exist");
                    }
                    a.remove(p);
                } else {
                    throw fail("path does not exist in the before image");
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * The diffs as an SQL expression in the style of {@code mysqlbinlog -v}, for when the before image does not
     * hold the document (e.g. {@code binlog_row_image=MINIMAL}): {@code JSON_REPLACE(@3, '$.a', CAST('1' AS JSON))},
     * each diff wrapping the previous expression.
     */
    public static String describe(String column, List<JsonDiff> diffs) {
        String expr = column;
        for (JsonDiff d : diffs) {
            StringBuilder sb = new StringBuilder();
            String fn = switch (d.operation) {
                case REPLACE -> "JSON_REPLACE";
                case INSERT -> d.path.endsWith("]") ? "JSON_ARRAY_INSERT" : "JSON_INSERT";
                case REMOVE -> "JSON_REMOVE";
            };
            sb.append(fn).append('(').append(expr).append(", ");
            sqlQuote(sb, d.path);
            if (d.value != null) {
                sb.append(", CAST(");
                sqlQuote(sb, d.value.toString());
                sb.append(" AS JSON)");
            }
            sb.append(')');
            expr = sb.toString();
        }
        return expr;
    }

    private static void sqlQuote(StringBuilder sb, String s) {
        sb.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('\'');
    }

    private static JsonDom.Node child(JsonDom.Node node, Object leg) {
        if (node instanceof JsonDom.Obj o && leg instanceof String k) {
            return o.get(k);
        }
        if (node instanceof JsonDom.Arr a && leg instanceof Index idx) {
            int p = idx.position(a.size());
            return p >= 0 && p < a.size() ? a.get(p) : null;
        }
        return null;
    }

    private BinlogFormatException fail(String why) {
        return new BinlogFormatException("JSON diff " + operation + " " + path + ": " + why);
    }

    /** An array leg: {@code [n]} (fromEnd false) or {@code [last-n]} (fromEnd true). */
    record Index(long n, boolean fromEnd) {
        int position(int size) {
            long p = fromEnd ? size - 1 - n : n;
            return p < 0 ? -1 : p > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) p;
        }
    }

    /**
     * Parses a MySQL JSON path without wildcards into legs: a String per member, an {@link Index} per cell.
     * Accepts {@code $}, {@code .name}, {@code ."quoted name"} with JSON escapes, {@code [n]}, {@code [last]},
     * {@code [last-n]} and blanks between legs.
     */
    static List<Object> parsePath(String path) {
        List<Object> legs = new ArrayList<>();
        int i = skipBlanks(path, 0);
        if (i >= path.length() || path.charAt(i) != '$') {
            throw badPath(path, "must start with $");
        }
        i = skipBlanks(path, i + 1);
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i = skipBlanks(path, i + 1);
                if (i < path.length() && path.charAt(i) == '"') {
                    StringBuilder key = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < path.length()) {
                        char k = path.charAt(i++);
                        if (k == '"') {
                            closed = true;
                            break;
                        }
                        if (k == '\\') {
                            if (i >= path.length()) {
                                break;
                            }
                            char e = path.charAt(i++);
                            switch (e) {
                                case 'b' -> key.append('\b');
                                case 'f' -> key.append('\f');
                                case 'n' -> key.append('\n');
                                case 'r' -> key.append('\r');
                                case 't' -> key.append('\t');
                                case 'u' -> {
                                    if (i + 4 > path.length()) {
                                        throw badPath(path, "short \\u escape");
                                    }
                                    try {
                                        key.append((char) Integer.parseInt(path.substring(i, i + 4), 16));
                                    } catch (NumberFormatException ex) {
                                        throw badPath(path, "invalid \\u escape");
                                    }
                                    i += 4;
                                }
                                default -> key.append(e);
                            }
                        } else {
                            key.append(k);
                        }
                    }
                    if (!closed) {
                        throw badPath(path, "unterminated quoted member");
                    }
                    legs.add(key.toString());
                } else {
                    int start = i;
                    while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '['
                            && !Character.isWhitespace(path.charAt(i))) {
                        i++;
                    }
                    if (i == start) {
                        throw badPath(path, "empty member name");
                    }
                    String name = path.substring(start, i);
                    if (name.equals("*")) {
                        throw badPath(path, "wildcards are not allowed");
                    }
                    legs.add(name);
                }
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw badPath(path, "unterminated [");
                }
                String cell = path.substring(i + 1, close).trim();
                legs.add(parseCell(path, cell));
                i = close + 1;
            } else {
                throw badPath(path, "unexpected '" + c + "'");
            }
            i = skipBlanks(path, i);
        }
        return legs;
    }

    private static Index parseCell(String path, String cell) {
        try {
            if (cell.startsWith("last")) {
                String rest = cell.substring(4).trim();
                if (rest.isEmpty()) {
                    return new Index(0, true);
                }
                if (rest.charAt(0) != '-') {
                    throw badPath(path, "invalid cell [" + cell + "]");
                }
                return new Index(parseIndex(path, rest.substring(1).trim()), true);
            }
            return new Index(parseIndex(path, cell), false);
        } catch (NumberFormatException e) {
            throw badPath(path, "invalid cell [" + cell + "]");
        }
    }

    private static long parseIndex(String path, String digits) {
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw badPath(path, "invalid array index " + digits);
        }
        return Long.parseLong(digits);
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static BinlogFormatException badPath(String path, String why) {
        return new BinlogFormatException("invalid JSON path in diff '" + path + "': " + why);
    }
}
