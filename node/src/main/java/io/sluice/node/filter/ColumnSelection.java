package io.sluice.node.filter;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The columns of one table that are delivered. Names are compared case-insensitively (canal upper-cases both
 * sides). When {@code include} is not empty it alone decides and {@code exclude} is ignored, as in canal.
 * Immutable.
 *
 * @param include upper-cased names to keep; empty means every column not excluded
 * @param exclude upper-cased names to drop; used only when {@code include} is empty
 */
public record ColumnSelection(Set<String> include, Set<String> exclude) {

    /** Every column. */
    public static final ColumnSelection ALL = new ColumnSelection(Set.of(), Set.of());

    public ColumnSelection {
        include = Set.copyOf(include);
        exclude = Set.copyOf(exclude);
    }

    public boolean accepts(String column) {
        Objects.requireNonNull(column, "column");
        String key = column.toUpperCase(Locale.ROOT);
        return include.isEmpty() ? !exclude.contains(key) : include.contains(key);
    }

    /** True when nothing is dropped, so a caller can skip the per-column check. */
    public boolean acceptsAll() {
        return include.isEmpty() && exclude.isEmpty();
    }
}
