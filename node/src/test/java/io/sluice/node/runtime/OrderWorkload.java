package io.sluice.node.runtime;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes a seeded mix of transactions to {@code shop.orders} through JDBC (multi-row inserts, range updates and
 * range deletes, 1 to 300 rows each) and records, in commit order, every row change the binlog will carry with the
 * values as canal prints them. The single writer commits one transaction at a time, so commit order is the order
 * of this list.
 */
final class OrderWorkload {
    static final String CREATE_TABLE = "CREATE TABLE shop.orders (id BIGINT PRIMARY KEY, qty INT NOT NULL, "
            + "price DECIMAL(12,2) NOT NULL, name VARCHAR(64) CHARACTER SET utf8mb4 NOT NULL, "
            + "created DATETIME(3) NOT NULL, day DATE NULL, flag TINYINT NOT NULL, note TEXT NULL, "
            + "ratio DOUBLE NOT NULL)";
    static final List<String> COLUMNS = List.of("id", "qty", "price", "name", "created", "day", "flag", "note",
            "ratio");
    private static final DateTimeFormatter DATETIME_3 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /** One row change: its kind (INSERT, UPDATE, DELETE), key, and the row image canal reports (after, or before
     *  for a delete), column name to value text, null for SQL NULL. */
    record Change(String kind, long id, Map<String, String> values) {
    }

    private final Random random;
    private final List<Change> changes = Collections.synchronizedList(new ArrayList<>());
    private final TreeMap<Long, Map<String, String>> live = new TreeMap<>();
    private long nextId = 1;
    private int version;

    OrderWorkload(long seed) {
        this.random = new Random(seed);
    }

    List<Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    int size() {
        return changes.size();
    }

    /** Writes transactions until at least {@code rows} row changes are committed. */
    void write(Connection c, int rows) throws SQLException {
        c.setAutoCommit(false);
        int target = changes.size() + rows;
        while (changes.size() < target) {
            int pick = random.nextInt(10);
            int size = 1 + random.nextInt(Math.min(300, Math.max(1, target - changes.size())));
            if (pick < 8 || live.size() < 50) {
                insert(c, size);
            } else if (pick == 8) {
                update(c, size);
            } else {
                delete(c, size);
            }
            c.commit();
        }
    }

    private void insert(Connection c, int size) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO shop.orders VALUES ");
        for (int i = 0; i < size; i++) {
            sql.append(i == 0 ? "" : ",").append("(?,?,?,?,?,?,?,?,?)");
        }
        List<Change> made = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < size; i++) {
                long id = nextId++;
                Map<String, String> row = row(id, 0);
                p = bind(ps, p, id, 0);
                live.put(id, row);
                made.add(new Change("INSERT", id, row));
            }
            ps.executeUpdate();
        }
        changes.addAll(made);
    }

    private void update(Connection c, int size) throws SQLException {
        List<Long> ids = range(size);
        int v = ++version;
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE shop.orders SET qty = ?, note = ?, ratio = ? WHERE id BETWEEN ? AND ?")) {
            ps.setInt(1, v);
            ps.setString(2, "v" + v + " 更新");
            ps.setDouble(3, v / 8.0);
            ps.setLong(4, ids.get(0));
            ps.setLong(5, ids.get(ids.size() - 1));
            ps.executeUpdate();
        }
        for (long id : ids) {
            Map<String, String> row = new LinkedHashMap<>(live.get(id));
            row.put("qty", Integer.toString(v));
            row.put("note", "v" + v + " 更新");
            row.put("ratio", Double.toString(v / 8.0));
            live.put(id, row);
            changes.add(new Change("UPDATE", id, row));
        }
    }

    private void delete(Connection c, int size) throws SQLException {
        List<Long> ids = range(size);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM shop.orders WHERE id BETWEEN " + ids.get(0) + " AND "
                    + ids.get(ids.size() - 1));
        }
        for (long id : ids) {
            changes.add(new Change("DELETE", id, live.remove(id)));
        }
    }

    /** Up to {@code size} consecutive live ids, starting at a random live one; key order, as InnoDB visits them. */
    private List<Long> range(int size) {
        List<Long> keys = new ArrayList<>(live.keySet());
        int from = random.nextInt(keys.size());
        return keys.subList(from, Math.min(keys.size(), from + size));
    }

    private static Map<String, String> row(long id, int v) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", Long.toString(id));
        row.put("qty", Integer.toString(qty(id)));
        row.put("price", canalDecimal(price(id)));
        row.put("name", name(id));
        row.put("created", created(id).format(DATETIME_3));
        row.put("day", id % 10 == 0 ? null : day(id).toString());
        row.put("flag", Long.toString(id % 2));
        row.put("note", id % 5 == 0 ? null : "note " + id);
        row.put("ratio", Double.toString(id / 4.0));
        return row;
    }

    private static int bind(PreparedStatement ps, int p, long id, int v) throws SQLException {
        ps.setLong(p++, id);
        ps.setInt(p++, qty(id));
        ps.setBigDecimal(p++, price(id));
        ps.setString(p++, name(id));
        ps.setTimestamp(p++, Timestamp.valueOf(created(id)));
        if (id % 10 == 0) {
            ps.setNull(p++, Types.DATE);
        } else {
            ps.setObject(p++, day(id));
        }
        ps.setInt(p++, (int) (id % 2));
        if (id % 5 == 0) {
            ps.setNull(p++, Types.VARCHAR);
        } else {
            ps.setString(p++, "note " + id);
        }
        ps.setDouble(p++, id / 4.0);
        return p;
    }

    /**
     * A DECIMAL(12,2) as canal's values show it (the node's default): the two fraction digits are left out when both
     * are zero, {@code 1013.0} for 1013.00 (docs/entries.md, {@code decimalFullScale}).
     */
    private static String canalDecimal(BigDecimal v) {
        String plain = v.toPlainString();
        return plain.endsWith(".00") ? plain.substring(0, plain.length() - 2) + "0" : plain;
    }

    private static int qty(long id) {
        return (int) (id * 7919 % 200_000) - 100_000;
    }

    private static BigDecimal price(long id) {
        return BigDecimal.valueOf(id * 1_013 % 100_000_000, 2);
    }

    private static String name(long id) {
        return switch ((int) (id % 3)) {
            case 0 -> "order-" + id + "-日本";
            case 1 -> "order-" + id + "-😀";
            default -> "order-" + id + "-café";
        };
    }

    private static LocalDateTime created(long id) {
        return LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(id).plusNanos(id % 1000 * 1_000_000);
    }

    private static LocalDate day(long id) {
        return LocalDate.of(2020, 1, 1).plusDays(id % 3000);
    }
}
