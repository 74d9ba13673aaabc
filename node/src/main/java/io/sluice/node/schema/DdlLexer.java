package io.sluice.node.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one SQL statement into tokens the way the MySQL/MariaDB server does, for {@link DdlParser}.
 *
 * <ul>
 *   <li>Comments {@code -- …}, {@code # …} and {@code /* … *}{@code /} are skipped. Executable comments
 *       ({@code /*!50100 … *}{@code /}, MariaDB's {@code /*M!100500 … *}{@code /}) are read as code whatever their
 *       version, as a current server does; that is how {@code mysqldump} and the server itself write optional
 *       clauses.</li>
 *   <li>Backquoted names ({@code `a``b`}) are {@link Kind#QUOTED} and never keywords. Double-quoted text is a
 *       string: the parser assumes sql_mode without ANSI_QUOTES.</li>
 *   <li>Strings keep their unescaped value ({@code ''}, {@code \'} and the other backslash escapes); an introducer
 *       ({@code _utf8mb4'x'}) or {@code N'x'}, {@code X'ff'}, {@code B'01'} is one {@link Kind#STRING} token.</li>
 * </ul>
 *
 * <p>Not thread-safe; one instance per statement.
 */
final class DdlLexer {
    enum Kind { WORD, QUOTED, STRING, NUMBER, SYMBOL, END }

    /**
     * @param text   the name, unescaped string value, number or symbol; upper/lower case kept
     * @param offset where the token starts in the statement
     */
    record Token(Kind kind, String text, int offset) {
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }

        boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case END -> "end of statement";
                case QUOTED -> "`" + text + "`";
                case STRING -> "'" + text + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private final String sql;
    private int pos;
    private boolean inExecutableComment;

    private DdlLexer(String sql) {
        this.sql = sql;
    }

    /** All tokens of the statement, ending with one {@link Kind#END}. */
    static List<Token> tokenize(String sql) {
        DdlLexer lexer = new DdlLexer(sql);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Kind.END);
        return tokens;
    }

    private Token next() {
        skipSpaceAndComments();
        if (pos >= sql.length()) {
            return new Token(Kind.END, "", sql.length());
        }
        int start = pos;
        char c = sql.charAt(pos);
        if (c == '`') {
            return new Token(Kind.QUOTED, quoted('`'), start);
        }
        if (c == '\'' || c == '"') {
            return new Token(Kind.STRING, quoted(c), start);
        }
        if ((c == 'x' || c == 'X' || c == 'b' || c == 'B' || c == 'n' || c == 'N') && pos + 1 < sql.length()
                && sql.charAt(pos + 1) == '\'') {
            pos++;
            return new Token(Kind.STRING, quoted('\''), start);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < sql.length() && Character.isDigit(sql.charAt(pos + 1))
                && !previousIsNamePart(start))) {
            return number(start);
        }
        if (isWordChar(c)) {
            while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                pos++;
            }
            String word = sql.substring(start, pos);
            // an introducer: _utf8mb4'text' is one string literal
            if (word.startsWith("_") && pos < sql.length() && sql.charAt(pos) == '\'') {
                return new Token(Kind.STRING, quoted('\''), start);
            }
            return new Token(Kind.WORD, word, start);
        }
        pos++;
        return new Token(Kind.SYMBOL, String.valueOf(c), start);
    }

    private boolean previousIsNamePart(int at) {
        return at > 0 && (isWordChar(sql.charAt(at - 1)) || sql.charAt(at - 1) == '`');
    }

    private Token number(int start) {
        while (pos < sql.length() && (Character.isDigit(sql.charAt(pos)) || sql.charAt(pos) == '.')) {
            pos++;
        }
        if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        // a name may start with digits (`1abc`, 0x1f is a number too but only matters as a skipped value)
        if (pos < sql.length() && isWordChar(sql.charAt(pos))) {
            while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.WORD, sql.substring(start, pos), start);
        }
        return new Token(Kind.NUMBER, sql.substring(start, pos), start);
    }

    private static boolean isWordChar(char c) {
        return c == '_' || c == '$' || c >= 0x80 || Character.isLetterOrDigit(c);
    }

    private String quoted(char quote) {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= sql.length()) {
                throw new DdlParseException(sql, start, "unterminated " + (quote == '`' ? "name" : "string"));
            }
            char c = sql.charAt(pos++);
            if (c == quote) {
                if (pos < sql.length() && sql.charAt(pos) == quote) {
                    sb.append(quote);
                    pos++;
                    continue;
                }
                return sb.toString();
            }
            if (c == '\\' && quote != '`' && pos < sql.length()) {
                char e = sql.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    case 'b' -> sb.append('\b');
                    case 'Z' -> sb.append('\u001a');
                    // \% and \_ keep their backslash (LIKE patterns)
                    case '%', '_' -> sb.append('\\').append(e);
                    default -> sb.append(e);
                }
                continue;
            }
            sb.append(c);
        }
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c) || c == '\u0000') {
                pos++;
            } else if (c == '#') {
                skipLine();
            } else if (c == '-' && sql.startsWith("--", pos)
                    && (pos + 2 >= sql.length() || Character.isWhitespace(sql.charAt(pos + 2)))) {
                skipLine();
            } else if (c == '/' && sql.startsWith("/*", pos)) {
                int bang = sql.startsWith("/*!", pos) ? pos + 3 : sql.startsWith("/*M!", pos) ? pos + 4 : -1;
                if (bang >= 0 && !inExecutableComment) {
                    pos = bang;
                    while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) {
                        pos++;
                    }
                    inExecutableComment = true;
                } else {
                    int end = sql.indexOf("*/", pos + 2);
                    if (end < 0) {
                        throw new DdlParseException(sql, pos, "unterminated comment");
                    }
                    pos = end + 2;
                }
            } else if (c == '*' && inExecutableComment && sql.startsWith("*/", pos)) {
                pos += 2;
                inExecutableComment = false;
            } else {
                return;
            }
        }
    }

    private void skipLine() {
        while (pos < sql.length() && sql.charAt(pos) != '\n') {
            pos++;
        }
    }
}
