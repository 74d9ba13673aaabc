package io.sluice.node.schema;

import java.util.Map;
import java.util.Objects;

/**
 * What a source server decides for DDL that does not say it: the server character set and collation (for
 * databases created without one), each character set's default collation, how TIMESTAMP columns default, how
 * table names compare, and how {@code information_schema.COLUMNS.COLUMN_TYPE} prints types on this flavor.
 * {@link SourceSchemaLoader#serverDefaults} reads them from a live server.
 *
 * @param charset                      {@code @@character_set_server}
 * @param collation                    {@code @@collation_server}
 * @param explicitDefaultsForTimestamp {@code @@explicit_defaults_for_timestamp}; when off, a TIMESTAMP column
 *                                     without NULL is NOT NULL
 * @param lowerCaseTableNames          {@code @@lower_case_table_names}: 0 names compare exactly (Linux default),
 *                                     1 names are stored and compared in lower case, 2 stored as given and compared
 *                                     in lower case
 * @param flavor                       how types print
 * @param defaultCollations            default collation per character set, overriding the built-in table (e.g.
 *                                     MySQL 8's {@code utf8mb4 → utf8mb4_0900_ai_ci}); may be empty
 */
public record ServerDefaults(
        String charset,
        String collation,
        boolean explicitDefaultsForTimestamp,
        int lowerCaseTableNames,
        Flavor flavor,
        Map<String, String> defaultCollations) {

    /** How a server prints column types. */
    public enum Flavor {
        /** MariaDB: integer display widths, {@code year(4)}, JSON is {@code longtext} utf8mb4_bin. */
        MARIADB,
        /** MySQL 5.7 and 8.0 before 8.0.19: integer display widths, {@code year(4)}, native JSON. */
        MYSQL_LEGACY,
        /** MySQL 8.0.19 and later: no integer display widths (except tinyint(1) and ZEROFILL), {@code year}. */
        MYSQL
    }

    public ServerDefaults {
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(collation, "collation");
        Objects.requireNonNull(flavor, "flavor");
        if (lowerCaseTableNames < 0 || lowerCaseTableNames > 2) {
            throw new IllegalArgumentException("lowerCaseTableNames " + lowerCaseTableNames + " must be 0, 1 or 2");
        }
        defaultCollations = Map.copyOf(defaultCollations);
    }

    /** MariaDB 10.11's compiled-in defaults (latin1, explicit_defaults_for_timestamp ON). */
    public static ServerDefaults mariaDb() {
        return new ServerDefaults("latin1", "latin1_swedish_ci", true, 0, Flavor.MARIADB, Map.of());
    }

    /** MySQL 8.0.19+ defaults (utf8mb4_0900_ai_ci). */
    public static ServerDefaults mysql8() {
        return new ServerDefaults("utf8mb4", "utf8mb4_0900_ai_ci", true, 0, Flavor.MYSQL,
                Map.of("utf8mb4", "utf8mb4_0900_ai_ci"));
    }

    /** The default collation of a character set on this server. */
    public String defaultCollation(String charsetName) {
        String c = defaultCollations.get(charsetName);
        return c != null ? c : Charsets.defaultCollation(charsetName);
    }

    /** A table or database name as this server compares it. */
    String nameKey(String name) {
        return lowerCaseTableNames == 0 ? name : name.toLowerCase(java.util.Locale.ROOT);
    }
}
