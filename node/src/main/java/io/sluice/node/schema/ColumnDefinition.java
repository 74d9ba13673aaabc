package io.sluice.node.schema;

import java.util.List;
import java.util.Objects;

/**
 * One column of a table as its DDL defines it, at one moment of the binlog.
 *
 * @param name       column name as declared
 * @param dataType   the base type in lower case: {@code int}, {@code varchar}, {@code decimal}, {@code enum}, ...
 * @param columnType the full type as {@code information_schema.COLUMNS.COLUMN_TYPE} prints it, e.g.
 *                   {@code decimal(10,2) unsigned}, {@code varchar(255)}, {@code enum('a','b')}
 * @param nullable   whether NULL is allowed
 * @param unsigned   numeric and UNSIGNED
 * @param charset    character set of a character column (e.g. {@code utf8mb4}), {@code binary} for binary
 *                   strings, null for other types
 * @param collation  collation of a character column, null for other types
 * @param labels     ENUM or SET members in declaration order, empty for other types
 * @param generated  a generated (virtual or stored) column
 * @param invisible  declared INVISIBLE
 */
public record ColumnDefinition(
        String name,
        String dataType,
        String columnType,
        boolean nullable,
        boolean unsigned,
        String charset,
        String collation,
        List<String> labels,
        boolean generated,
        boolean invisible) {

    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(columnType, "columnType");
        labels = List.copyOf(labels);
    }
}
