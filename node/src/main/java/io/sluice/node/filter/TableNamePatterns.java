package io.sluice.node.filter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A list of Perl-style regular expressions on {@code schema.table}, written as canal writes
 * {@code canal.instance.filter.regex}, {@code canal.instance.filter.black.regex} and a client's
 * {@code subscribe(filter)}: {@code shop\..*,crm.customer}. Immutable and thread-safe; compiled once.
 *
 * <p>It answers exactly as canal 1.1.8's {@code AviaterRegexFilter} does:
 * <ol>
 *   <li>The text is split on commas; empty pieces are dropped; pieces are <em>not</em> trimmed, so a space after a
 *       comma belongs to the next pattern (and that pattern then never matches a real name). {@link #warnings()}
 *       reports such patterns.</li>
 *   <li>Patterns are sorted longest first (stable), each is anchored as {@code ^pattern$}, and all are joined with
 *       {@code |} into one expression, compiled case-insensitively.</li>
 *   <li>The name is lower-cased and must be matched whole by the <em>first</em> match the engine finds at its start
 *       (Perl's leftmost-alternative order). This is canal's engine behaviour and matters only for a pattern with a
 *       bare {@code |}: {@code a|ab} does not match {@code ab}, because {@code a} is found first.</li>
 *   <li>An empty list (or only commas), and an empty name, give the caller's default: an include list then accepts
 *       everything, an exclude list excludes nothing.</li>
 * </ol>
 * A pattern is a regular expression, not a glob, and is not split at the dot: {@code crm.customer} also matches
 * {@code crmXcustomer}; write {@code crm\.customer} to mean the dot. A pattern without any dot, such as
 * {@code orders}, can never match a {@code schema.table} name. Perl syntax is translated to Java's where the two
 * differ; see {@code PerlToJava} and docs/filters.md.
 */
public final class TableNamePatterns {
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL
            | Pattern.UNIX_LINES;
    private static final TableNamePatterns EMPTY = new TableNamePatterns("", List.of(), null, List.of());

    private final String source;
    private final List<String> patterns;
    private final Pattern combined;
    private final List<String> warnings;

    private TableNamePatterns(String source, List<String> patterns, Pattern combined, List<String> warnings) {
        this.source = source;
        this.patterns = patterns;
        this.combined = combined;
        this.warnings = warnings;
    }

    /** The empty list: matches nothing, so callers use their default. */
    public static TableNamePatterns none() {
        return EMPTY;
    }

    /**
     * @param setting what the text came from, for error messages (e.g. {@code canal.instance.filter.regex})
     * @param text    comma-separated patterns; null or empty for none
     * @throws FilterSyntaxException naming the setting, the pattern, its position and the fix
     */
    public static TableNamePatterns parse(String setting, String text) {
        Objects.requireNonNull(setting, "setting");
        if (text == null || text.isEmpty()) {
            return EMPTY;
        }
        List<String> written = new ArrayList<>();
        for (String piece : text.split(",", -1)) {
            if (!piece.isEmpty()) {
                written.add(piece);
            }
        }
        if (written.isEmpty()) {
            return EMPTY;
        }
        List<String> warnings = new ArrayList<>();
        List<String> rewritten = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            String pattern = written.get(i);
            rewritten.add(checked(setting, pattern, i, written.size()));
            if (!pattern.equals(pattern.strip())) {
                warnings.add(setting + ": pattern " + (i + 1) + " of " + written.size() + " `" + pattern
                        + "` starts or ends with whitespace, which is part of the pattern (canal does not trim"
                        + " either), so it cannot match a table name; remove the spaces around the commas");
            }
        }
        // canal sorts before anchoring; lengths of the written patterns decide the order, ties keep list order
        Integer[] order = new Integer[written.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt((Integer i) -> written.get(i).length()).reversed());
        StringJoiner joined = new StringJoiner("|");
        for (int i : order) {
            joined.add(rewritten.get(i));
        }
        Pattern combined;
        try {
            combined = Pattern.compile(joined.toString(), FLAGS);
        } catch (PatternSyntaxException e) {
            // each pattern compiled alone; only a back-reference into another pattern's group can fail here
            throw new FilterSyntaxException(setting + ": the patterns `" + text + "` are valid one by one but not"
                    + " together (" + e.getDescription() + "); a back-reference such as \\1 must refer to a group"
                    + " of its own pattern", e);
        }
        return new TableNamePatterns(text, List.copyOf(written), combined, List.copyOf(warnings));
    }

    private static String checked(String setting, String pattern, int index, int count) {
        String where = setting + ": pattern " + (index + 1) + " of " + count + " `" + pattern + "`";
        String java;
        try {
            java = PerlToJava.rewrite("^" + pattern + "$");
        } catch (PerlToJava.Refusal r) {
            throw new FilterSyntaxException(where + " is not supported at index " + r.index + ": " + r.getMessage());
        }
        try {
            Pattern.compile(java, FLAGS);
        } catch (PatternSyntaxException e) {
            throw new FilterSyntaxException(where + " is not a valid regular expression: " + e.getDescription()
                    + ". Fix the pattern, or put a backslash before a character meant literally (\\. for a dot,"
                    + " \\( for a parenthesis). Patterns are separated by commas, so a comma cannot be part of one"
                    + " (canal splits a{1,2} into a{1 and 2}).", e);
        }
        return java;
    }

    /** No patterns: {@link #matches} always gives the caller's default. */
    public boolean isEmpty() {
        return combined == null;
    }

    /**
     * Whether {@code name} matches, canal's way; {@code whenEmpty} when there are no patterns or the name is empty
     * (canal's {@code defaultEmptyValue}).
     */
    public boolean matches(String name, boolean whenEmpty) {
        if (combined == null || name == null || name.isEmpty()) {
            return whenEmpty;
        }
        // Root locale: canal uses the JVM default, which lower-cases 'I' to a dotless i under a Turkish locale
        String target = name.toLowerCase(Locale.ROOT);
        Matcher m = combined.matcher(target);
        // ORO's matches(): the first match found at the start must cover the whole name; no retry for a longer one
        return m.lookingAt() && m.end() == target.length();
    }

    /** The patterns as written, in list order, empty pieces dropped. */
    public List<String> patterns() {
        return patterns;
    }

    /** Patterns that are legal but almost certainly mistakes (surrounding whitespace); log them at startup. */
    public List<String> warnings() {
        return warnings;
    }

    /** The Java expression actually used, for diagnostics. */
    public String compiled() {
        return combined == null ? "" : combined.pattern();
    }

    /** The text as configured. */
    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableNamePatterns other && source.equals(other.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}
