package io.sluice.common.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.sluice.common.protocol.EventType;

/**
 * What a destination keeps, as canal writes it, kept as plain text: the node compiles it (its
 * {@code DestinationFilter} reads {@link #toCanalProperties()}), so this record holds no regex engine. Patterns are
 * taken as the YAML parser yields them: {@code "shop\\..*"} in a double-quoted YAML string is the pattern
 * {@code shop\..*}.
 *
 * @param include        table include patterns, canal's {@code canal.instance.filter.regex}; empty keeps all
 * @param exclude        table exclude patterns, canal's {@code canal.instance.filter.black.regex}
 * @param includeColumns columns delivered per table, canal's {@code canal.instance.filter.field}
 *                       ({@code shop.orders:id/amount,crm.customer:id/name})
 * @param excludeColumns columns dropped per table, canal's {@code canal.instance.filter.black.field}
 * @param drops          kinds of entries dropped, canal's {@code canal.instance.filter.dml.*}, {@code .query.*} and
 *                       {@code .transaction.entry} switches
 * @param dropTypes      canal event type names (upper case) dropped whatever their origin, e.g. TRUNCATE
 */
public record FilterSpec(String include, String exclude, String includeColumns, String excludeColumns,
                         Set<Drop> drops, Set<String> dropTypes) {

    /** Keeps everything. */
    public static final FilterSpec NONE = new FilterSpec("", "", "", "", Set.of(), Set.of());

    /** canal's switches, each with its name in sluice's configuration and canal's property. */
    public enum Drop {
        INSERTS("inserts", "canal.instance.filter.dml.insert"),
        UPDATES("updates", "canal.instance.filter.dml.update"),
        DELETES("deletes", "canal.instance.filter.dml.delete"),
        QUERY_ENTRIES("queryEntries", "canal.instance.filter.query.ddl"),
        DML_STATEMENTS("dmlStatements", "canal.instance.filter.query.dml"),
        OTHER_STATEMENTS("otherStatements", "canal.instance.filter.query.dcl"),
        TRANSACTION_ENTRIES("transactionEntries", "canal.instance.filter.transaction.entry");

        private final String configName;
        private final String canalProperty;

        Drop(String configName, String canalProperty) {
            this.configName = configName;
            this.canalProperty = canalProperty;
        }

        public String configName() {
            return configName;
        }

        public String canalProperty() {
            return canalProperty;
        }

        public static Optional<Drop> byConfigName(String name) {
            return Arrays.stream(values()).filter(d -> d.configName.equals(name)).findFirst();
        }

        /** The names accepted in configuration, for error messages. */
        public static String accepted() {
            return Arrays.stream(values()).map(Drop::configName).collect(Collectors.joining(", "));
        }
    }

    public FilterSpec {
        Objects.requireNonNull(include, "include");
        Objects.requireNonNull(exclude, "exclude");
        Objects.requireNonNull(includeColumns, "includeColumns");
        Objects.requireNonNull(excludeColumns, "excludeColumns");
        drops = drops.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(drops));
        for (String type : dropTypes) {
            if (!isEventType(type)) {
                throw new IllegalArgumentException("'" + type + "' is not a canal event type; use "
                        + eventTypeNames());
            }
        }
        dropTypes = Set.copyOf(new TreeSet<>(dropTypes));
    }

    /** Canal's event type names, for error messages. */
    public static String eventTypeNames() {
        return Arrays.stream(EventType.values()).map(Enum::name)
                .collect(Collectors.joining(", "));
    }

    private static boolean isEventType(String name) {
        if (!name.equals(name.toUpperCase(Locale.ROOT))) {
            return false;
        }
        try {
            EventType.valueOf(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The filter as canal's instance properties (plus {@code sluice.filter.drop.types}), which the node's
     * {@code DestinationFilter.parse} reads. Only settings that differ from canal's defaults are present.
     */
    public Map<String, String> toCanalProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        putIfSet(properties, "canal.instance.filter.regex", include);
        putIfSet(properties, "canal.instance.filter.black.regex", exclude);
        putIfSet(properties, "canal.instance.filter.field", includeColumns);
        putIfSet(properties, "canal.instance.filter.black.field", excludeColumns);
        for (Drop drop : Drop.values()) {
            if (drops.contains(drop)) {
                properties.put(drop.canalProperty(), "true");
            }
        }
        if (!dropTypes.isEmpty()) {
            properties.put("sluice.filter.drop.types", String.join(",", new TreeSet<>(dropTypes)));
        }
        return properties;
    }

    private static void putIfSet(Map<String, String> properties, String key, String value) {
        if (!value.isEmpty()) {
            properties.put(key, value);
        }
    }
}
