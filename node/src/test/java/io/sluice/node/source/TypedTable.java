package io.sluice.node.source;

import java.util.ArrayList;
import java.util.List;

import io.sluice.testkit.MariaDbOptions.RowMetadata;

/**
 * A table of typed columns whose first column is {@code id INT PRIMARY KEY}.
 *
 * @param schema  the database
 * @param name    the table
 * @param columns every column, {@code id} first
 */
record TypedTable(String schema, String name, List<TypedColumn> columns) {

    TypedTable {
        columns = List.copyOf(columns);
        if (!columns.get(0).name().equals("id")) {
            throw new IllegalArgumentException("the first column of " + name + " must be id");
        }
    }

    static TypedTable of(String schema, String name, TypedColumn... columns) {
        List<TypedColumn> all = new ArrayList<>();
        all.add(TypedColumn.of("id", "INT NOT NULL PRIMARY KEY", TypedColumn.Form.SIGNED, 32));
        all.addAll(List.of(columns));
        return new TypedTable(schema, name, all);
    }

    String qualifiedName() {
        return schema + "." + name;
    }

    String createTable() {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(qualifiedName()).append(" (");
        for (int i = 0; i < columns.size(); i++) {
            ddl.append(i == 0 ? "" : ", ").append(columns.get(i).name()).append(' ').append(columns.get(i).ddl());
        }
        return ddl.append(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4").toString();
    }

    int indexOf(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + column + " in " + name);
    }

    List<String> columnNames() {
        return columns.stream().map(TypedColumn::name).toList();
    }

    /** The canonical texts of a row of Java values; null for a missing image. */
    List<String> expected(Object[] row, RowMetadata metadata) {
        if (row == null) {
            return null;
        }
        List<String> texts = new ArrayList<>(row.length);
        for (int i = 0; i < row.length; i++) {
            texts.add(columns.get(i).expected(row[i], metadata));
        }
        return texts;
    }
}
