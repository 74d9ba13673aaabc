package io.sluice.node.binlog;

/** Escaping of text inside JSON strings, as MySQL's JSON output and sluice's JSON lines both need it. */
public final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    /** Appends {@code s} as a quoted JSON string. */
    public static void appendQuoted(StringBuilder sb, String s) {
        sb.append('"');
        appendEscaped(sb, s);
        sb.append('"');
    }

    /** Appends {@code s} escaped for a JSON string body (no quotes). */
    public static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            appendEscaped(sb, s.charAt(i));
        }
    }

    /** Appends one character escaped for a JSON string body: b, f, n, r, t by letter, other controls as u00XX. */
    public static void appendEscaped(StringBuilder sb, char c) {
        if (c > 0x1f && c != '"' && c != '\\') {
            sb.append(c);
            return;
        }
        sb.append('\\');
        switch (c) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '\b' -> sb.append('b');
            case '\f' -> sb.append('f');
            case '\n' -> sb.append('n');
            case '\r' -> sb.append('r');
            case '\t' -> sb.append('t');
            default -> sb.append("u00").append(HEX[c >> 4]).append(HEX[c & 15]);
        }
    }
}
