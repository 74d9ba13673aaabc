package io.sluice.node.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which tables a destination (or a client) sees: an include list and an exclude list of {@link TableNamePatterns},
 * asked about {@code schema + "." + table}. Immutable and thread-safe.
 *
 * <p>As in canal, a table is accepted when the include list is empty or matches, and the exclude list is empty or
 * does not match; exclusion wins. Filters answer by name only and keep no state, so a table renamed into (or out of)
 * the lists is accepted (or dropped) from its next event on, under its new name. What to do with a DDL statement on
 * an excluded table (it still goes to the schema history) is the caller's decision.
 *
 * @param include canal's {@code canal.instance.filter.regex}, or a client's subscribe filter
 * @param exclude canal's {@code canal.instance.filter.black.regex}
 */
public record TableFilter(TableNamePatterns include, TableNamePatterns exclude) {

    public static final String INCLUDE_SETTING = "canal.instance.filter.regex";
    public static final String EXCLUDE_SETTING = "canal.instance.filter.black.regex";

    /** Accepts every table. */
    public static final TableFilter ALL = new TableFilter(TableNamePatterns.none(), TableNamePatterns.none());

    public TableFilter {
        Objects.requireNonNull(include, "include");
        Objects.requireNonNull(exclude, "exclude");
    }

    /**
     * @param include the value of {@code canal.instance.filter.regex} (null or empty: every table)
     * @param exclude the value of {@code canal.instance.filter.black.regex} (null or empty: none)
     * @throws FilterSyntaxException for a pattern that cannot be compiled, naming it and the fix
     */
    public static TableFilter parse(String include, String exclude) {
        return new TableFilter(TableNamePatterns.parse(INCLUDE_SETTING, include),
                TableNamePatterns.parse(EXCLUDE_SETTING, exclude));
    }

    public boolean accepts(String schema, String table) {
        return accepts(schema + "." + table);
    }

    /** @param qualifiedName {@code schema.table}; an empty name is accepted, as canal does */
    public boolean accepts(String qualifiedName) {
        return include.matches(qualifiedName, true) && !exclude.matches(qualifiedName, false);
    }

    /**
     * canal's rule for a {@code RENAME TABLE} statement: it passes when the include list accepts either name, unless
     * the exclude list matches both names. (This is not "either name is accepted": a rename from an excluded name to
     * a name that is included but also excluded still passes, as it does in canal.)
     */
    public boolean acceptsRename(String fromSchema, String fromTable, String toSchema, String toTable) {
        String from = fromSchema + "." + fromTable;
        String to = toSchema + "." + toTable;
        boolean included = include.matches(to, true) || include.matches(from, true);
        boolean excluded = exclude.matches(to, false) && exclude.matches(from, false);
        return included && !excluded;
    }

    /**
     * The filter a client is served with after {@code subscribe(filter)}. As in canal, a non-empty client filter
     * replaces the include list and keeps the exclude list; an empty (or null) one keeps this filter unchanged.
     * Entries were already filtered by the destination before they were stored, so a client filter can narrow what
     * a client sees but cannot bring back tables the destination dropped.
     *
     * @throws FilterSyntaxException for a client pattern that cannot be compiled
     */
    public TableFilter forSubscription(String clientFilter) {
        if (clientFilter == null || clientFilter.isEmpty()) {
            return this;
        }
        return new TableFilter(TableNamePatterns.parse("subscribe filter", clientFilter), exclude);
    }

    /** Warnings from both lists (patterns with surrounding whitespace), to log once at startup. */
    public List<String> warnings() {
        List<String> all = new ArrayList<>(include.warnings());
        all.addAll(exclude.warnings());
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "include=[" + include + "] exclude=[" + exclude + "]";
    }
}
