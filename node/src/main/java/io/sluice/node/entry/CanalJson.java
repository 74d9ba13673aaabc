package io.sluice.node.entry;

import java.util.List;

import io.sluice.node.binlog.JsonDiff;

/**
 * JSON text as canal prints it, rebuilt from the decoder's compact JSON: a blank after every {@code ,} and {@code :}
 * between elements (MySQL's own spacing), object keys printed raw, and strings escaped only for {@code "} and
 * {@code \} (control characters stay raw). Numbers, literals and member order are kept as the decoder wrote them.
 *
 * <p>Thread-safe: static helpers only.
 */
final class CanalJson {
    private CanalJson() {
    }

    /** Canal's text of a compact JSON document (as {@code RowImage.text} gives it). */
    static String format(String compact) {
        StringBuilder sb = new StringBuilder(compact.length() + (compact.length() >> 2));
        append(sb, compact);
        return sb.toString();
    }

    static void append(StringBuilder sb, String json) {
        int n = json.length();
        // Keys are the strings directly followed by ':'; canal prints them unescaped.
        int i = 0;
        while (i < n) {
            char c = json.charAt(i);
            switch (c) {
                case ',' -> {
                    sb.append(", ");
                    i++;
                }
                case ':' -> {
                    sb.append(": ");
                    i++;
                }
                case '"' -> {
                    int end = stringEnd(json, i);
                    boolean key = end + 1 < n && json.charAt(end + 1) == ':';
                    sb.append('"');
                    unescape(sb, json, i + 1, end, !key);
                    sb.append('"');
                    i = end + 1;
                }
                case ' ', '\t', '\n', '\r' -> i++;
                default -> {
                    sb.append(c);
                    i++;
                }
            }
        }
    }

    /** Index of the closing quote of the string opening at {@code start}. */
    private static int stringEnd(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated JSON string at " + start + " in " + s);
    }

    /** Decodes JSON escapes of {@code s[from, to)}; re-escapes {@code "} and {@code \} as canal does when asked. */
    private static void unescape(StringBuilder sb, String s, int from, int to, boolean canalEscape) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'b' -> c = '\b';
                    case 'f' -> c = '\f';
                    case 'n' -> c = '\n';
                    case 'r' -> c = '\r';
                    case 't' -> c = '\t';
                    case 'u' -> {
                        c = (char) Integer.parseInt(s, i + 1, i + 5, 16);
                        i += 4;
                    }
                    default -> c = e; // \" \\ \/
                }
            }
            if (canalEscape && (c == '"' || c == '\\')) {
                sb.append('\\');
            }
            sb.append(c);
        }
    }

    /**
     * Canal's rendering of a partial JSON update ({@code JsonDiffConversion.print_json_diff}): runs of the same
     * operation share one function call, e.g. {@code JSON_INSERT(JSON_REPLACE(doc, '$.a', 1, '$.b', "x"), '$.c', 2)};
     * values are JSON text, not {@code CAST(... AS JSON)}.
     *
     * @param column the column name, or null to print {@code @index} (0-based, as canal does)
     */
    static String partialUpdate(String column, int index, List<JsonDiff> diffs) {
        StringBuilder sb = new StringBuilder();
        int n = diffs.size();
        for (int i = n - 1; i >= 0; i--) {
            if (i == 0 || !operation(diffs.get(i - 1)).equals(operation(diffs.get(i)))) {
                sb.append(operation(diffs.get(i))).append('(');
            }
        }
        if (column != null) {
            sb.append(column);
        } else {
            sb.append('@').append(index);
        }
        if (n == 0) {
            return sb.toString();
        }
        sb.append(", ");
        for (int i = 0; i < n; i++) {
            JsonDiff d = diffs.get(i);
            sb.append('\'').append(d.path()).append('\'');
            if (d.value() != null) {
                sb.append(", ");
                append(sb, d.value().toString());
            }
            if (i == n - 1 || !operation(diffs.get(i + 1)).equals(operation(d))) {
                sb.append(')');
            }
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        return sb.toString();
    }

    private static String operation(JsonDiff d) {
        return switch (d.operation()) {
            case REPLACE -> "JSON_REPLACE";
            case INSERT -> d.path().endsWith("]") ? "JSON_ARRAY_INSERT" : "JSON_INSERT";
            case REMOVE -> "JSON_REMOVE";
        };
    }
}
