package io.sluice.node.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.sluice.node.binlog.RowsEvent;
import io.sluice.testkit.MariaDbOptions.RowMetadata;

/**
 * Writes rows through JDBC prepared statements and keeps, for each statement, the row changes the binlog must show,
 * in commit order: the expected side of every comparison is derived from the Java values written here, never read
 * back from the server. Tables must have no triggers or defaults that change what was written. Not thread-safe.
 */
final class ChangeScript {

    /**
     * A change the binlog must hold: Java values of the before and after images, and the number of the transaction
     * that committed it (1, 2, ... in commit order; an autocommit statement is a transaction of its own).
     */
    record Change(TypedTable table, RowsEvent.Kind kind, Object[] before, Object[] after, int transaction) {
        ChangeText expected(RowMetadata metadata) {
            return new ChangeText(table.schema(), table.name(), kind.name(),
                    metadata == RowMetadata.FULL ? table.columnNames() : null,
                    table.expected(before, metadata), table.expected(after, metadata));
        }
    }

    private final Connection connection;
    private final List<Change> committed = new ArrayList<>();
    private final List<Change> inTransaction = new ArrayList<>();
    /** The rows each table holds now, by id. */
    private final Map<TypedTable, TreeMap<Integer, Object[]>> rows = new HashMap<>();
    private int transactionNumber = 1;

    ChangeScript(Connection connection) {
        this.connection = connection;
    }

    /** Every committed change in commit order. */
    List<Change> changes() {
        return List.copyOf(committed);
    }

    /** One INSERT statement for all {@code values} (a multi-row INSERT when there are several). */
    void insert(TypedTable table, Object[]... values) throws SQLException {
        List<String> columns = table.columnNames();
        String tuple = "(" + String.join(", ", table.columns().stream().map(TypedColumn::placeholder).toList()) + ")";
        String sql = "INSERT INTO " + table.qualifiedName() + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(values.length, tuple));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int parameter = 1;
            for (Object[] row : values) {
                if (row.length != columns.size()) {
                    throw new IllegalArgumentException(table.name() + " has " + columns.size() + " columns, row has "
                            + row.length);
                }
                for (int i = 0; i < row.length; i++) {
                    table.columns().get(i).bind(statement, parameter++, row[i]);
                }
            }
            statement.executeUpdate();
        }
        for (Object[] row : values) {
            Object[] copy = row.clone();
            tableRows(table).put((Integer) copy[0], copy);
            record(new Change(table, RowsEvent.Kind.INSERT, null, copy, transactionNumber));
        }
        statementDone();
    }

    /**
     * One UPDATE statement setting {@code assignments} (column, value, column, value ...) on the rows {@code ids};
     * the server changes them in primary-key order, so that is the order of the expected changes.
     */
    void update(TypedTable table, List<Integer> ids, Object... assignments) throws SQLException {
        Map<Integer, Object> changes = new LinkedHashMap<>();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < assignments.length; i += 2) {
            int column = table.indexOf((String) assignments[i]);
            changes.put(column, assignments[i + 1]);
            sets.add(table.columns().get(column).name() + " = " + table.columns().get(column).placeholder());
        }
        String sql = "UPDATE " + table.qualifiedName() + " SET " + String.join(", ", sets) + " WHERE id IN ("
                + String.join(", ", ids.stream().map(id -> "?").toList()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int parameter = 1;
            for (Map.Entry<Integer, Object> change : changes.entrySet()) {
                table.columns().get(change.getKey()).bind(statement, parameter++, change.getValue());
            }
            for (int id : ids) {
                statement.setInt(parameter++, id);
            }
            int updated = statement.executeUpdate();
            if (updated != ids.size()) {
                throw new IllegalStateException(sql + " changed " + updated + " rows, not " + ids.size()
                        + " (an UPDATE that changes nothing is not logged)");
            }
        }
        for (int id : ids.stream().sorted().toList()) {
            Object[] before = tableRows(table).get(id);
            Object[] after = before.clone();
            changes.forEach((column, value) -> after[column] = value);
            if (Arrays.deepEquals(before, after)) {
                throw new IllegalArgumentException("the update of " + table.name() + " row " + id + " changes nothing");
            }
            tableRows(table).put(id, after);
            record(new Change(table, RowsEvent.Kind.UPDATE, before, after, transactionNumber));
        }
        statementDone();
    }

    void delete(TypedTable table, int id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM " + table.qualifiedName() + " WHERE id = ?")) {
            statement.setInt(1, id);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("no row " + id + " in " + table.name());
            }
        }
        record(new Change(table, RowsEvent.Kind.DELETE, tableRows(table).remove(id), null, transactionNumber));
        statementDone();
    }

    /** Work of several statements is committed as one transaction. */
    interface Work {
        void run() throws SQLException;
    }

    void transaction(Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
            committed.addAll(inTransaction);
            transactionNumber++;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            inTransaction.clear();
            connection.setAutoCommit(true);
        }
    }

    private void record(Change change) throws SQLException {
        if (connection.getAutoCommit()) {
            committed.add(change);
        } else {
            inTransaction.add(change);
        }
    }

    /** An autocommit statement is a transaction of its own. */
    private void statementDone() throws SQLException {
        if (connection.getAutoCommit()) {
            transactionNumber++;
        }
    }

    private TreeMap<Integer, Object[]> tableRows(TypedTable table) {
        return rows.computeIfAbsent(table, t -> new TreeMap<>());
    }
}
