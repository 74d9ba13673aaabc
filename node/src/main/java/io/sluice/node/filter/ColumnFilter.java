package io.sluice.node.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Per-table column include and exclude lists, in the format of canal's {@code canal.instance.filter.field} and
 * {@code canal.instance.filter.black.field}: {@code shop.orders:id/amount,crm.customer:id/name}. Immutable and
 * thread-safe.
 *
 * <p>Parsed as canal parses it: entries are separated by commas, blank entries are skipped, each entry is
 * {@code schema.table:col1/col2/...}. The table name is an exact name, not a regular expression; it and the column
 * names are compared case-insensitively. The table part is trimmed, and so is the column part as a whole, but not
 * each column ({@code id/ name} lists {@code " name"}, which matches no column). An entry without exactly one colon
 * is ignored, as canal ignores it; {@link #warnings()} lists it. A later entry for the same table replaces an earlier
 * one. For a table with an include list only those columns are delivered and its exclude list is ignored; otherwise
 * the exclude list is dropped. Primary-key columns get no special treatment.
 */
public final class ColumnFilter {
    public static final String INCLUDE_SETTING = "canal.instance.filter.field";
    public static final String EXCLUDE_SETTING = "canal.instance.filter.black.field";

    /** Delivers every column of every table. */
    public static final ColumnFilter ALL = new ColumnFilter(Map.of(), Map.of(), List.of());

    private final Map<String, Set<String>> include;
    private final Map<String, Set<String>> exclude;
    private final List<String> warnings;

    private ColumnFilter(Map<String, Set<String>> include, Map<String, Set<String>> exclude, List<String> warnings) {
        this.include = include;
        this.exclude = exclude;
        this.warnings = warnings;
    }

    /**
     * @param include the value of {@code canal.instance.filter.field}, null or blank for none
     * @param exclude the value of {@code canal.instance.filter.black.field}, null or blank for none
     */
    public static ColumnFilter parse(String include, String exclude) {
        List<String> warnings = new ArrayList<>();
        Map<String, Set<String>> in = parseOne(INCLUDE_SETTING, include, warnings);
        Map<String, Set<String>> out = parseOne(EXCLUDE_SETTING, exclude, warnings);
        if (in.isEmpty() && out.isEmpty() && warnings.isEmpty()) {
            return ALL;
        }
        return new ColumnFilter(in, out, List.copyOf(warnings));
    }

    private static Map<String, Set<String>> parseOne(String setting, String text, List<String> warnings) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, Set<String>> byTable = new HashMap<>();
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i];
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split(":");
            if (parts.length != 2) {
                warnings.add(setting + ": entry " + (i + 1) + " `" + entry + "` is ignored (as canal ignores it):"
                        + " write schema.table:column1/column2");
                continue;
            }
            String table = parts[0].trim().toUpperCase(Locale.ROOT);
            String[] columns = parts[1].trim().toUpperCase(Locale.ROOT).split("/");
            byTable.put(table, Set.copyOf(new LinkedHashSet<>(Arrays.asList(columns))));
        }
        return Map.copyOf(byTable);
    }

    /** The columns delivered for one table; {@link ColumnSelection#ALL} when no entry names it. */
    public ColumnSelection forTable(String schema, String table) {
        if (include.isEmpty() && exclude.isEmpty()) {
            return ColumnSelection.ALL;
        }
        String key = (schema + "." + table).toUpperCase(Locale.ROOT);
        Set<String> in = include.getOrDefault(key, Set.of());
        Set<String> out = exclude.getOrDefault(key, Set.of());
        return in.isEmpty() && out.isEmpty() ? ColumnSelection.ALL : new ColumnSelection(in, out);
    }

    public boolean accepts(String schema, String table, String column) {
        return forTable(schema, table).accepts(column);
    }

    /** Entries ignored while parsing, to log once at startup. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ColumnFilter other && include.equals(other.include) && exclude.equals(other.exclude);
    }

    @Override
    public int hashCode() {
        return Objects.hash(include, exclude);
    }

    @Override
    public String toString() {
        return "include=" + include + " exclude=" + exclude;
    }
}
