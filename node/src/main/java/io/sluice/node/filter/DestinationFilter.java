package io.sluice.node.filter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.sluice.common.protocol.EventType;

/**
 * Everything a destination filters before storing: tables, columns and kinds of entries. Immutable and thread-safe.
 * Built once from configuration by {@link #parse(Map)}, which reads canal's own property names so that a canal
 * user's {@code instance.properties} values can be copied as they are.
 *
 * @param tables  which {@code schema.table} names are kept
 * @param columns which columns of a kept table are delivered
 * @param events  which kinds of entries are kept
 */
public record DestinationFilter(TableFilter tables, ColumnFilter columns, EventTypeFilter events) {

    public static final String FILTER_ROWS = "canal.instance.filter.rows";
    public static final String FILTER_DML_INSERT = "canal.instance.filter.dml.insert";
    public static final String FILTER_DML_UPDATE = "canal.instance.filter.dml.update";
    public static final String FILTER_DML_DELETE = "canal.instance.filter.dml.delete";
    public static final String FILTER_QUERY_DDL = "canal.instance.filter.query.ddl";
    public static final String FILTER_QUERY_DML = "canal.instance.filter.query.dml";
    public static final String FILTER_QUERY_DCL = "canal.instance.filter.query.dcl";
    public static final String FILTER_TRANSACTION_ENTRY = "canal.instance.filter.transaction.entry";
    /** sluice only: canal event type names dropped whatever their origin, comma-separated, e.g. TRUNCATE,ERASE. */
    public static final String DROP_TYPES = "sluice.filter.drop.types";

    /** Keeps everything. */
    public static final DestinationFilter NONE = new DestinationFilter(TableFilter.ALL, ColumnFilter.ALL,
            EventTypeFilter.NONE);

    public DestinationFilter {
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(events, "events");
    }

    /**
     * Reads the filter settings from a destination's properties; absent keys take canal's defaults (no filtering).
     * Values are taken as a properties file yields them: {@code shop\\..*} in the file is the pattern
     * {@code shop\..*}.
     *
     * @throws FilterSyntaxException naming the key, the value and the fix
     */
    public static DestinationFilter parse(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties");
        TableFilter tables = TableFilter.parse(properties.get(TableFilter.INCLUDE_SETTING),
                properties.get(TableFilter.EXCLUDE_SETTING));
        ColumnFilter columns = ColumnFilter.parse(properties.get(ColumnFilter.INCLUDE_SETTING),
                properties.get(ColumnFilter.EXCLUDE_SETTING));
        Set<EventType> rowTypes = EnumSet.noneOf(EventType.class);
        if (flag(properties, FILTER_ROWS)) {
            rowTypes.addAll(EnumSet.of(EventType.INSERT, EventType.UPDATE, EventType.DELETE));
        }
        if (flag(properties, FILTER_DML_INSERT)) {
            rowTypes.add(EventType.INSERT);
        }
        if (flag(properties, FILTER_DML_UPDATE)) {
            rowTypes.add(EventType.UPDATE);
        }
        if (flag(properties, FILTER_DML_DELETE)) {
            rowTypes.add(EventType.DELETE);
        }
        EventTypeFilter events = new EventTypeFilter(rowTypes, flag(properties, FILTER_QUERY_DDL),
                flag(properties, FILTER_QUERY_DML), flag(properties, FILTER_QUERY_DCL),
                eventTypes(properties.get(DROP_TYPES)), flag(properties, FILTER_TRANSACTION_ENTRY));
        DestinationFilter filter = new DestinationFilter(tables, columns, events);
        return filter.equals(NONE) ? NONE : filter;
    }

    /** The table filter a client is served with after {@code subscribe(filter)}; see {@link TableFilter#forSubscription}. */
    public TableFilter forSubscription(String clientFilter) {
        return tables.forSubscription(clientFilter);
    }

    /** Everything legal but suspicious found while parsing, to log once at startup. */
    public List<String> warnings() {
        List<String> all = new ArrayList<>(tables.warnings());
        all.addAll(columns.warnings());
        return List.copyOf(all);
    }

    /** Spring's boolean spellings, which canal's placeholders go through. */
    private static boolean flag(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new FilterSyntaxException(key + " = `" + value + "` is not a boolean; write true or"
                    + " false");
        };
    }

    private static Set<EventType> eventTypes(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : value.split(",")) {
            String trimmed = name.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                types.add(EventType.valueOf(trimmed.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new FilterSyntaxException(DROP_TYPES + ": `" + trimmed + "` is not a canal event type; use"
                        + " INSERT, UPDATE, DELETE, CREATE, ALTER, ERASE, RENAME, TRUNCATE, CINDEX, DINDEX or QUERY",
                        e);
            }
        }
        return types;
    }
}
