package io.sluice.node.entry;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.alibaba.otter.canal.parse.driver.mysql.packets.server.FieldPacket;
import com.alibaba.otter.canal.parse.driver.mysql.packets.server.ResultSetPacket;
import com.alibaba.otter.canal.parse.inbound.mysql.MysqlConnection;

/**
 * canal's {@link MysqlConnection} answering {@link #query} over a JDBC connection instead of canal's own protocol
 * driver, so that canal's unmodified {@code TableMetaCache} can load table metadata from a test server. It is handed
 * the statements canal's cache sends ({@code show create table `s`.`t`}, falling back to {@code desc}, and the
 * {@code show global variables like 'rds\_%'} / {@code 'polarx\_%'} probes) and returns their result sets as canal's
 * driver would: one {@link FieldPacket} per column (its name) and every value as text, row after row, SQL NULL as
 * null.
 *
 * <p>Nothing else of the connection is used; {@link #reconnect} fails, so that a failed query surfaces instead of
 * being retried. Not thread-safe (one JDBC connection).
 */
final class JdbcCanalConnection extends MysqlConnection {
    private final Connection jdbc;
    private final List<String> statements = new ArrayList<>();

    JdbcCanalConnection(Connection jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    @Override
    public ResultSetPacket query(String sql) throws IOException {
        statements.add(sql);
        try (Statement statement = jdbc.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<FieldPacket> fields = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                FieldPacket field = new FieldPacket();
                field.setName(meta.getColumnLabel(c));
                fields.add(field);
            }
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    values.add(rows.getString(c));
                }
            }
            ResultSetPacket packet = new ResultSetPacket();
            packet.setFieldDescriptors(fields);
            packet.setFieldValues(values);
            return packet;
        } catch (SQLException e) {
            throw new IOException("canal's metadata query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void connect() {
        // the JDBC connection is open already
    }

    @Override
    public void reconnect() throws IOException {
        throw new IOException("no reconnect: the query before it failed (statements so far: " + statements + ")");
    }

    @Override
    public void disconnect() {
        // the caller owns the JDBC connection
    }

    /** Every statement canal sent, in order. */
    List<String> statements() {
        return List.copyOf(statements);
    }
}
