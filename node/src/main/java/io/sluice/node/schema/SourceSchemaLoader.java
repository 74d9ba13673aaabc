package io.sluice.node.schema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.sluice.node.mysql.MysqlConnection;
import io.sluice.node.mysql.QueryResult;
import io.sluice.node.mysql.ServerVersion;

/**
 * Reads current definitions from a live source through {@code information_schema} (COLUMNS, STATISTICS, TABLES,
 * SCHEMATA), which is exact where parsing {@code SHOW CREATE TABLE} would be a second parser to trust: COLUMN_TYPE
 * is the server's own spelling, charsets and collations are resolved, and generated/invisible columns are flagged
 * in EXTRA.
 *
 * <p>Flavor notes. MariaDB reports JSON columns as {@code longtext} utf8mb4_bin (JSON is an alias there), prints
 * integer display widths and {@code year(4)}, and lists system-versioned tables as TABLE_TYPE
 * {@code SYSTEM VERSIONED}. MySQL 8.0.19+ prints no display widths. Both report no character set for binary strings;
 * this loader reports {@code binary} for them, as {@link ColumnDefinition} documents. The primary key is the index
 * named PRIMARY (a UNIQUE NOT NULL key that InnoDB promotes internally does not count).
 *
 * <p>Not thread-safe: uses the caller's connection, which must not be used concurrently.
 */
public final class SourceSchemaLoader {
    private static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "performance_schema");
    private final MysqlConnection connection;

    public SourceSchemaLoader(MysqlConnection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The server's defaults for DDL that does not say (charsets, TIMESTAMP nullability, name case, flavor). */
    public ServerDefaults serverDefaults() throws IOException {
        QueryResult r = connection.query("SELECT @@character_set_server, @@collation_server, "
                + "@@explicit_defaults_for_timestamp, @@lower_case_table_names");
        QueryResult.Row row = r.rows().get(0);
        ServerVersion version = connection.serverVersion();
        ServerDefaults.Flavor flavor = version.isMariaDb() ? ServerDefaults.Flavor.MARIADB
                : version.atLeast(8, 0, 19) ? ServerDefaults.Flavor.MYSQL : ServerDefaults.Flavor.MYSQL_LEGACY;
        Map<String, String> collations = new HashMap<>();
        for (QueryResult.Row c : connection.query("SELECT CHARACTER_SET_NAME, DEFAULT_COLLATE_NAME "
                + "FROM information_schema.CHARACTER_SETS").rows()) {
            collations.put(Charsets.canonical(c.get(0)), Charsets.canonical(c.get(1)));
        }
        String explicit = row.get(2);
        return new ServerDefaults(Charsets.canonical(row.get(0)), Charsets.canonical(row.get(1)),
                "1".equals(explicit) || "ON".equalsIgnoreCase(explicit), Integer.parseInt(row.get(3)), flavor,
                collations);
    }

    /** Server defaults, every database, and the definitions of the tables {@code selected} accepts. */
    public SchemaSnapshot load(Predicate<TableName> selected) throws IOException {
        ServerDefaults server = serverDefaults();
        List<DatabaseDefinition> databases = new ArrayList<>();
        for (QueryResult.Row r : connection.query("SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, "
                + "DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA").rows()) {
            databases.add(new DatabaseDefinition(r.get(0), Charsets.canonical(r.get(1)),
                    Charsets.canonical(r.get(2))));
        }
        Map<String, List<String>> tablesBySchema = new LinkedHashMap<>();
        for (QueryResult.Row r : connection.query("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
                + "WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_SCHEMA, TABLE_NAME")
                .rows()) {
            TableName name = new TableName(r.get(0), r.get(1));
            if (!SYSTEM_SCHEMAS.contains(name.schema().toLowerCase(Locale.ROOT)) && selected.test(name)) {
                tablesBySchema.computeIfAbsent(name.schema(), s -> new ArrayList<>()).add(name.name());
            }
        }
        List<TableDefinition> tables = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : tablesBySchema.entrySet()) {
            Map<String, TableDefinition> all = loadSchema(e.getKey(), null);
            for (String t : e.getValue()) {
                TableDefinition def = all.get(t);
                if (def != null) {
                    tables.add(def);
                }
            }
        }
        return SchemaSnapshot.of(server, databases, tables);
    }

    /** One table's definition now, or empty when it does not exist (or is a view). */
    public Optional<TableDefinition> loadTable(String schema, String table) throws IOException {
        return Optional.ofNullable(loadSchema(schema, table).get(table));
    }

    /** Definitions of the base tables of a schema (or of one table), by table name. */
    private Map<String, TableDefinition> loadSchema(String schema, String onlyTable) throws IOException {
        String where = "TABLE_SCHEMA = " + literal(schema) + (onlyTable == null ? ""
                : " AND TABLE_NAME = " + literal(onlyTable));
        Map<String, String> tableCollations = new HashMap<>();
        for (QueryResult.Row r : connection.query("SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES "
                + "WHERE " + where + " AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')").rows()) {
            tableCollations.put(r.get(0), Charsets.canonical(r.get(1)));
        }
        Map<String, List<ColumnDefinition>> columns = new LinkedHashMap<>();
        for (QueryResult.Row r : connection.query("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, "
                + "IS_NULLABLE, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA FROM information_schema.COLUMNS WHERE "
                + where + " ORDER BY TABLE_NAME, ORDINAL_POSITION").rows()) {
            if (tableCollations.containsKey(r.get(0))) {
                columns.computeIfAbsent(r.get(0), t -> new ArrayList<>()).add(column(r));
            }
        }
        Map<String, List<String>> keys = new HashMap<>();
        for (QueryResult.Row r : connection.query("SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.STATISTICS "
                + "WHERE " + where + " AND INDEX_NAME = 'PRIMARY' ORDER BY TABLE_NAME, SEQ_IN_INDEX").rows()) {
            keys.computeIfAbsent(r.get(0), t -> new ArrayList<>()).add(r.get(1));
        }
        Map<String, TableDefinition> tables = new LinkedHashMap<>();
        for (Map.Entry<String, List<ColumnDefinition>> e : columns.entrySet()) {
            String collation = tableCollations.get(e.getKey());
            tables.put(e.getKey(), new TableDefinition(schema, e.getKey(), e.getValue(),
                    keys.getOrDefault(e.getKey(), List.of()), Charsets.ofCollation(collation), collation));
        }
        return tables;
    }

    private static ColumnDefinition column(QueryResult.Row r) {
        String dataType = r.get(2).toLowerCase(Locale.ROOT);
        String columnType = r.get(3);
        String charset = Charsets.canonical(r.get(5));
        if (charset == null && ColumnTypes.isBinaryType(dataType)) {
            charset = "binary";
        }
        String extra = r.get(7) == null ? "" : r.get(7).toUpperCase(Locale.ROOT);
        List<String> labels = dataType.equals("enum") || dataType.equals("set") ? labels(columnType) : List.of();
        return new ColumnDefinition(r.get(1), dataType, columnType, "YES".equals(r.get(4)),
                columnType.toLowerCase(Locale.ROOT).contains(" unsigned"), charset, Charsets.canonical(r.get(6)),
                labels, extra.contains("GENERATED"), extra.contains("INVISIBLE"));
    }

    /** The members of {@code enum('a','b''c')} as COLUMN_TYPE prints them. */
    static List<String> labels(String columnType) {
        List<String> labels = new ArrayList<>();
        int i = columnType.indexOf('(') + 1;
        while (i > 0 && i < columnType.length()) {
            if (columnType.charAt(i) != '\'') {
                i++;
                continue;
            }
            StringBuilder sb = new StringBuilder();
            i++;
            while (i < columnType.length()) {
                char c = columnType.charAt(i++);
                if (c == '\'') {
                    if (i < columnType.length() && columnType.charAt(i) == '\'') {
                        sb.append('\'');
                        i++;
                        continue;
                    }
                    break;
                }
                sb.append(c);
            }
            labels.add(sb.toString());
        }
        return labels;
    }

    private static String literal(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
