package io.sluice.node.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.sluice.node.binlog.ColumnType;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.binlog.TableMetadata;

/**
 * Compares a TABLE_MAP event with the tracked definition of its table: column count, each column's type code
 * against the declared type (e.g. {@code varchar} is VARCHAR, {@code int} is LONG, {@code enum} is STRING with real
 * type ENUM), the metadata that follows from the declaration where it is exact (DECIMAL precision and scale, BIT
 * width, BLOB/TEXT length bytes, fractional seconds of TIME2/DATETIME2/TIMESTAMP2), and the column names when the
 * event carries them. VARCHAR/CHAR lengths are not compared: their byte length depends on the character set's
 * maximum, which an old server may compute differently.
 *
 * <p>What to do with a mismatch is the caller's policy: at the head of the binlog, refresh the definition from
 * the source and log it ({@link SchemaHistory#refresh}); behind the head, stop with {@link Mismatch#describe}.
 * Stateless and thread-safe.
 */
public final class TableMapCheck {

    /**
     * A disagreement.
     *
     * @param column the first disagreeing column, -1 for a column count difference
     * @param reason what differs
     */
    public record Mismatch(TableMapEvent table, TableDefinition definition, int column, String reason) {
        /** The full message, naming table, position and both definitions. */
        public String describe(String position) {
            return "TABLE_MAP for " + table.qualifiedName() + " at " + position + " does not match the schema "
                    + "history: " + reason + "; binlog: " + binlogColumns(table) + "; history: "
                    + historyColumns(definition);
        }
    }

    private TableMapCheck() {
    }

    /** Empty when the event agrees with the definition. */
    public static Optional<Mismatch> check(TableMapEvent table, TableDefinition def) {
        List<ColumnDefinition> columns = def.columns();
        if (columns.size() != table.columnCount()) {
            return Optional.of(new Mismatch(table, def, -1, "the binlog has " + table.columnCount()
                    + " columns, the history " + columns.size()));
        }
        TableMetadata md = table.metadata() == null ? TableMetadata.EMPTY : table.metadata();
        for (int i = 0; i < columns.size(); i++) {
            ColumnDefinition c = columns.get(i);
            int code = table.columnTypes()[i] & 0xff;
            int meta = table.columnMeta() == null || i >= table.columnMeta().length ? 0 : table.columnMeta()[i];
            String problem = compare(c, code, meta);
            if (problem == null && md.columnNames() != null && i < md.columnNames().size()
                    && !md.columnNames().get(i).equalsIgnoreCase(c.name())) {
                problem = "named `" + md.columnNames().get(i) + "` in the binlog";
            }
            if (problem != null) {
                return Optional.of(new Mismatch(table, def, i, "column " + i + " `" + c.name() + "` "
                        + c.columnType() + ": " + problem));
            }
        }
        return Optional.empty();
    }

    /** Null when compatible, else what differs. */
    static String compare(ColumnDefinition c, int code, int meta) {
        ColumnType t = ColumnType.ofCode(code);
        if (t == null) {
            return "unknown binlog type code " + code;
        }
        String type = c.dataType().toLowerCase(Locale.ROOT);
        String expected;
        boolean ok;
        switch (type) {
            case "tinyint" -> {
                return verdict(t == ColumnType.TINY, "TINY", t, meta);
            }
            case "smallint" -> {
                return verdict(t == ColumnType.SHORT, "SHORT", t, meta);
            }
            case "mediumint" -> {
                return verdict(t == ColumnType.INT24, "INT24", t, meta);
            }
            case "int" -> {
                return verdict(t == ColumnType.LONG, "LONG", t, meta);
            }
            case "bigint" -> {
                return verdict(t == ColumnType.LONGLONG, "LONGLONG", t, meta);
            }
            case "float" -> {
                return verdict(t == ColumnType.FLOAT, "FLOAT", t, meta);
            }
            case "double" -> {
                return verdict(t == ColumnType.DOUBLE, "DOUBLE", t, meta);
            }
            case "decimal" -> {
                int[] ps = numbers(c.columnType());
                int want = ps.length == 2 ? ps[0] << 8 | ps[1] : -1;
                expected = "NEWDECIMAL meta 0x" + Integer.toHexString(want);
                ok = t == ColumnType.DECIMAL || (t == ColumnType.NEWDECIMAL && (want < 0 || meta == want));
            }
            case "bit" -> {
                int[] n = numbers(c.columnType());
                int want = n.length == 1 ? (n[0] % 8) << 8 | n[0] / 8 : -1;
                expected = "BIT meta 0x" + Integer.toHexString(want);
                ok = t == ColumnType.BIT && (want < 0 || meta == want);
            }
            case "char", "binary", "inet4", "inet6", "uuid" -> {
                expected = "STRING";
                ok = t == ColumnType.STRING && realType(meta) == ColumnType.STRING.code();
            }
            case "varchar", "varbinary" -> {
                expected = "VARCHAR";
                ok = t == ColumnType.VARCHAR || t == ColumnType.VAR_STRING;
            }
            case "enum", "set" -> {
                ColumnType real = type.equals("enum") ? ColumnType.ENUM : ColumnType.SET;
                expected = "STRING with real type " + real;
                ok = t == real || (t == ColumnType.STRING && realType(meta) == real.code());
            }
            case "tinytext", "tinyblob", "text", "blob", "mediumtext", "mediumblob", "longtext", "longblob" -> {
                int want = type.startsWith("tiny") ? 1 : type.startsWith("medium") ? 3 : type.startsWith("long") ? 4
                        : 2;
                expected = "BLOB meta " + want;
                ok = t == ColumnType.BLOB && meta == want;
            }
            case "date" -> {
                return verdict((t == ColumnType.DATE || t == ColumnType.NEWDATE), "DATE", t, meta);
            }
            case "year" -> {
                return verdict(t == ColumnType.YEAR, "YEAR", t, meta);
            }
            case "time", "datetime", "timestamp" -> {
                int[] n = numbers(c.columnType());
                int fsp = n.length == 1 ? n[0] : 0;
                ColumnType old = type.equals("time") ? ColumnType.TIME : type.equals("datetime")
                        ? ColumnType.DATETIME : ColumnType.TIMESTAMP;
                ColumnType v2 = type.equals("time") ? ColumnType.TIME2 : type.equals("datetime")
                        ? ColumnType.DATETIME2 : ColumnType.TIMESTAMP2;
                expected = v2 + " meta " + fsp;
                ok = (t == old && fsp == 0) || (t == v2 && meta == fsp);
            }
            case "json" -> {
                return verdict(t == ColumnType.JSON, "JSON", t, meta);
            }
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                    "geometrycollection", "geomcollection" -> {
                return verdict(t == ColumnType.GEOMETRY, "GEOMETRY", t, meta);
            }
            case "vector" -> {
                return verdict((t == ColumnType.VECTOR || t == ColumnType.VARCHAR), "VECTOR", t, meta);
            }
            default -> {
                // a type this check does not know: nothing to compare
                return null;
            }
        }
        return verdict(ok, expected, t, meta);
    }

    private static String verdict(boolean ok, String expected, ColumnType t, int meta) {
        return ok ? null : "expected " + expected + ", the binlog has " + t + " meta 0x" + Integer.toHexString(meta);
    }

    private static int realType(int meta) {
        if (meta < 256) {
            return ColumnType.STRING.code();
        }
        int byte0 = meta >> 8;
        return (byte0 & 0x30) != 0x30 ? byte0 | 0x30 : byte0;
    }

    /** The numbers inside the first parentheses of a COLUMN_TYPE: {@code decimal(10,2)} → {10, 2}. */
    private static int[] numbers(String columnType) {
        int open = columnType.indexOf('(');
        int close = columnType.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            return new int[0];
        }
        String[] parts = columnType.substring(open + 1, close).split(",");
        int[] out = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            return new int[0];
        }
        return out;
    }

    static String binlogColumns(TableMapEvent table) {
        StringBuilder sb = new StringBuilder("(");
        TableMetadata md = table.metadata() == null ? TableMetadata.EMPTY : table.metadata();
        for (int i = 0; i < table.columnCount(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (md.columnNames() != null && i < md.columnNames().size()) {
                sb.append('`').append(md.columnNames().get(i)).append("` ");
            }
            int code = table.columnTypes()[i] & 0xff;
            ColumnType t = ColumnType.ofCode(code);
            sb.append(t == null ? "type " + code : t.name());
            int meta = table.columnMeta() == null || i >= table.columnMeta().length ? 0 : table.columnMeta()[i];
            if (meta != 0) {
                sb.append(" meta 0x").append(Integer.toHexString(meta));
            }
        }
        return sb.append(')').toString();
    }

    static String historyColumns(TableDefinition def) {
        StringBuilder sb = new StringBuilder(def.qualifiedName()).append('(');
        for (int i = 0; i < def.columns().size(); i++) {
            ColumnDefinition c = def.columns().get(i);
            sb.append(i > 0 ? ", " : "").append('`').append(c.name()).append("` ").append(c.columnType());
        }
        return sb.append(')').toString();
    }
}
