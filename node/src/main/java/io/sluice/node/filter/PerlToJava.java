package io.sluice.node.filter;

/**
 * Rewrites one anchored canal pattern ({@code ^pattern$}) from the Perl 5 dialect canal compiles (Jakarta ORO) to
 * {@link java.util.regex.Pattern} syntax with the same meaning, or refuses it when Java would read it differently
 * and no faithful rewrite exists. Stateless.
 *
 * <p>What changes (each was checked against ORO 2.0.8, the engine of canal 1.1.8):
 * <ul>
 *   <li>{@code {} that does not open {@code {n}} is a literal in Perl and an error in Java: it is escaped. This is
 *       common because canal splits patterns on commas, so {@code \d{1,2}} arrives here as {@code \d{1} and
 *       {@code 2}}.</li>
 *   <li>Inside a character class, {@code [} and {@code &} are literals in Perl but nest or intersect classes in
 *       Java: they are escaped. {@code [\b]} (backspace) becomes {@code \x08}.</li>
 *   <li>POSIX classes ({@code [[:alpha:]]}), octal escapes ({@code \0}, {@code \101}), {@code \x{...}} and escapes
 *       Perl 5 does not know but Java does ({@code \z}, {@code \p{..}}, {@code \Q}, {@code \u0041}, ...) are
 *       refused: Java would accept them with another meaning.</li>
 * </ul>
 * Everything else is copied: the two dialects agree on literals, {@code . * + ? |}, groups, {@code {n}}, classes and
 * ranges, {@code \d \w \s \b}, their negations, {@code \A \Z}, {@code \xHH}, {@code \cX}, {@code \1}..{@code \9}
 * and inline flags.
 */
final class PerlToJava {

    /** Why a pattern was refused; {@code index} is in the pattern as the user wrote it. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int index;

        Refusal(int index, String message) {
            super(message, null, false, false);
            this.index = index;
        }
    }

    private PerlToJava() {
    }

    /**
     * @param anchored {@code "^" + pattern + "$"}, exactly as canal builds it (a trailing backslash in the pattern
     *                 therefore escapes canal's {@code $}, as it does in canal)
     */
    static String rewrite(String anchored) throws Refusal {
        StringBuilder out = new StringBuilder(anchored.length() + 8);
        int n = anchored.length();
        int i = 0;
        boolean inClass = false;
        int classStart = -1;
        // whether the previous item can take a quantifier; Perl quietly never matches "^*", "|{2}", "\\b+" or
        // "(?i){2}" where Java repeats nothing, so those are refused
        boolean canRepeat = false;
        while (i < n) {
            char c = anchored.charAt(i);
            if (c == '\\') {
                if (!inClass) {
                    char e = i + 1 < n ? anchored.charAt(i + 1) : ' ';
                    canRepeat = "bBAZ".indexOf(e) < 0;
                }
                i = escape(anchored, i, inClass, out);
                continue;
            }
            if (inClass) {
                if (c == ']' && i > classStart) {
                    inClass = false;
                    out.append(c);
                } else if (c == '[') {
                    if (i + 1 < n && ":.=".indexOf(anchored.charAt(i + 1)) >= 0
                            && anchored.indexOf(anchored.charAt(i + 1) + "]", i + 2) > 0) {
                        throw new Refusal(i - 1, "POSIX character classes such as [:alpha:] are not supported; use"
                                + " an explicit class such as [a-z] or [0-9], or \\d, \\w, \\s");
                    }
                    out.append("\\[");
                } else if (c == '&') {
                    out.append("\\&");
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (c == '[') {
                canRepeat = true;
                out.append(c);
                i++;
                if (i < n && anchored.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                // A ']' right after '[' or '[^' is a literal in both dialects; Java needs no escape either,
                // but escaping keeps the class boundary obvious to the loop above.
                if (i < n && anchored.charAt(i) == ']') {
                    out.append("\\]");
                    i++;
                }
                inClass = true;
                classStart = i;
                continue;
            }
            int close = c == '{' ? countedClosureEnd(anchored, i) : -1;
            if (c == '*' || c == '+' || c == '?' || close > 0) {
                if (!canRepeat) {
                    throw new Refusal(i - 1, "'" + (close > 0 ? anchored.substring(i, close + 1) : c) + "' has"
                            + " nothing to repeat (it follows the start, '|', '(', an anchor or another"
                            + " quantifier); put a backslash before it if it is meant literally");
                }
                int end = close > 0 ? close + 1 : i + 1;
                if (end < n && anchored.charAt(end) == '?') {
                    end++; // lazy form, same in both dialects
                }
                out.append(anchored, i, end);
                i = end;
                canRepeat = false;
                continue;
            }
            if (c == '(') {
                out.append(c);
                i++;
                if (i < n && anchored.charAt(i) == '?') {
                    // group prefix or inline flags: (?:  (?=  (?!  (?i)  (?i-s:
                    int j = i + 1;
                    while (j < n && (Character.isLetter(anchored.charAt(j)) || anchored.charAt(j) == '-')) {
                        j++;
                    }
                    if (j < n && ":=!)".indexOf(anchored.charAt(j)) >= 0) {
                        j++;
                    }
                    out.append(anchored, i, j);
                    i = j;
                }
                canRepeat = false;
                continue;
            }
            if (c == '{') {
                out.append("\\{");
                canRepeat = true;
                i++;
                continue;
            }
            canRepeat = c != '|' && c != '^' && c != '$';
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The index of the '}' of a {n} at {@code open}, or -1 when Perl reads the brace as a literal. */
    private static int countedClosureEnd(String s, int open) {
        int j = open + 1;
        while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
            j++;
        }
        return j > open + 1 && j < s.length() && s.charAt(j) == '}' ? j : -1;
    }

    private static int escape(String s, int at, boolean inClass, StringBuilder out) throws Refusal {
        // 'at' counts the leading '^' canal adds; positions reported to users do not
        int userIndex = at - 1;
        if (at + 1 >= s.length()) {
            // cannot happen: the anchored form always ends with the '$' canal appends
            throw new Refusal(userIndex, "a pattern cannot end with a lone backslash");
        }
        char e = s.charAt(at + 1);
        if (!Character.isLetterOrDigit(e)) {
            out.append('\\').append(e);
            return at + 2;
        }
        if (inClass && e == 'b') {
            out.append("\\x08");
            return at + 2;
        }
        if ("dDwWsSnrtfe".indexOf(e) >= 0 || (!inClass && "bBAZ".indexOf(e) >= 0)) {
            out.append('\\').append(e);
            return at + 2;
        }
        if (e == 'x') {
            if (at + 3 < s.length() && isHex(s.charAt(at + 2)) && isHex(s.charAt(at + 3))) {
                out.append(s, at, at + 4);
                return at + 4;
            }
            throw new Refusal(userIndex, "write a character code as \\x followed by exactly two hex digits, e.g."
                    + " \\x5f for '_'");
        }
        if (e == 'c' && at + 2 < s.length() && Character.isLetter(s.charAt(at + 2))) {
            out.append(s, at, at + 3);
            return at + 3;
        }
        if (e >= '1' && e <= '9' && !inClass
                && (at + 2 >= s.length() || !Character.isDigit(s.charAt(at + 2)))) {
            out.append('\\').append(e);
            return at + 2;
        }
        if (Character.isDigit(e)) {
            throw new Refusal(userIndex, "octal escapes (\\" + e + "...) are read differently by canal's Perl engine"
                    + " and Java; write the character itself, or \\x followed by two hex digits");
        }
        throw new Refusal(userIndex, "\\" + e + " is not a Perl 5 escape that canal understands (canal would read it"
                + " as a plain '" + e + "'); remove the backslash, or use \\d, \\w, \\s, \\b or their upper-case"
                + " negations");
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
