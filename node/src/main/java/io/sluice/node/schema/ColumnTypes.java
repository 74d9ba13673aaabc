package io.sluice.node.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a column definition as written ({@link Ddl.Column}) into the {@link ColumnDefinition} the server stores:
 * synonyms and defaults applied, charset and collation inherited from the table, and the type printed as
 * {@code information_schema.COLUMNS.COLUMN_TYPE} prints it on the server's flavor. Stateless.
 */
final class ColumnTypes {
    static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint");
    static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal",
            "float", "double");
    static final List<String> TEXTS = List.of("tinytext", "text", "mediumtext", "longtext");
    static final List<String> BLOBS = List.of("tinyblob", "blob", "mediumblob", "longblob");
    private static final long[] TEXT_BYTES = {255L, 65_535L, 16_777_215L, 4_294_967_295L};
    /** Display width when none is given: {signed, unsigned}. */
    private static final Map<String, int[]> WIDTHS = Map.of("tinyint", new int[] {4, 3}, "smallint",
            new int[] {6, 5}, "mediumint", new int[] {9, 8}, "int", new int[] {11, 10}, "bigint", new int[] {20, 20});

    private ColumnTypes() {
    }

    /** True for types that hold text in a character set (CHAR, VARCHAR, TEXT family, ENUM, SET). */
    static boolean isCharacterType(String type) {
        return type.equals("char") || type.equals("varchar") || TEXTS.contains(type) || type.equals("enum")
                || type.equals("set");
    }

    static boolean isBinaryType(String type) {
        return type.equals("binary") || type.equals("varbinary") || BLOBS.contains(type);
    }

    /**
     * @param tableCharset   the table's default character set at this point, for columns that do not say
     * @param tableCollation the table's default collation
     */
    static ColumnDefinition resolve(Ddl.Column c, String tableCharset, String tableCollation,
            ServerDefaults server) {
        String type = c.type();
        List<String> args = c.args();
        String charset = Charsets.canonical(c.charset());
        String collation = Charsets.canonical(c.collation());
        if (isCharacterType(type) || isBinaryType(type)) {
            if ("binary".equals(charset) || "binary".equals(collation)) {
                type = switch (type) {
                    case "char" -> "binary";
                    case "varchar" -> "varbinary";
                    default -> TEXTS.contains(type) ? BLOBS.get(TEXTS.indexOf(type)) : type;
                };
            }
            if (type.equals("text") && !args.isEmpty()) {
                type = TEXTS.get(sizeClass(Long.parseLong(args.get(0)) * charsetFor(charset, collation,
                        tableCharset)));
                args = List.of();
            } else if (type.equals("blob") && !args.isEmpty()) {
                type = BLOBS.get(sizeClass(Long.parseLong(args.get(0))));
                args = List.of();
            }
        }
        if (isCharacterType(type)) {
            if (charset == null && collation == null) {
                charset = tableCharset;
                collation = c.binaryAttr() ? charset + "_bin" : tableCollation;
            } else if (collation == null) {
                collation = c.binaryAttr() ? charset + "_bin" : server.defaultCollation(charset);
            } else if (charset == null) {
                charset = Charsets.ofCollation(collation);
            }
        } else if (isBinaryType(type)) {
            charset = "binary";
            collation = null;
        } else {
            charset = null;
            collation = null;
        }
        String dataType = type;
        boolean unsigned = NUMERIC.contains(type) && (c.unsigned() || c.zerofill());
        StringBuilder ct = new StringBuilder();
        switch (type) {
            case "tinyint", "smallint", "mediumint", "int", "bigint" -> {
                ct.append(type);
                boolean widths = server.flavor() != ServerDefaults.Flavor.MYSQL;
                if (!args.isEmpty() && (widths || c.zerofill() || (type.equals("tinyint") && args.get(0).equals("1")))) {
                    ct.append('(').append(args.get(0)).append(')');
                } else if (args.isEmpty() && (widths || c.zerofill())) {
                    ct.append('(').append(WIDTHS.get(type)[unsigned ? 1 : 0]).append(')');
                }
            }
            case "decimal" -> ct.append("decimal(").append(args.isEmpty() ? "10" : args.get(0)).append(',')
                    .append(args.size() < 2 ? "0" : args.get(1)).append(')');
            case "float", "double" -> {
                if (type.equals("float") && args.size() == 1) {
                    dataType = Integer.parseInt(args.get(0)) <= 24 ? "float" : "double";
                    ct.append(dataType);
                } else {
                    ct.append(type);
                    if (args.size() == 2) {
                        ct.append('(').append(args.get(0)).append(',').append(args.get(1)).append(')');
                    }
                }
            }
            case "bit", "char", "binary" -> ct.append(type).append('(').append(args.isEmpty() ? "1" : args.get(0))
                    .append(')');
            case "varchar", "varbinary" -> {
                if (args.isEmpty()) {
                    throw new IllegalArgumentException(type.toUpperCase(java.util.Locale.ROOT)
                            + " needs a length: column `" + c.name() + "`");
                }
                ct.append(type).append('(').append(args.get(0)).append(')');
            }
            case "enum", "set" -> {
                ct.append(type).append('(');
                for (int i = 0; i < c.labels().size(); i++) {
                    if (i > 0) {
                        ct.append(',');
                    }
                    ct.append('\'').append(c.labels().get(i).replace("'", "''")).append('\'');
                }
                ct.append(')');
            }
            case "time", "datetime", "timestamp" -> {
                ct.append(type);
                if (!args.isEmpty() && !args.get(0).equals("0")) {
                    ct.append('(').append(args.get(0)).append(')');
                }
            }
            case "year" -> ct.append(server.flavor() == ServerDefaults.Flavor.MYSQL ? "year" : "year(4)");
            case "json" -> {
                if (server.flavor() == ServerDefaults.Flavor.MARIADB) {
                    dataType = "longtext";
                    charset = "utf8mb4";
                    collation = "utf8mb4_bin";
                    ct.append("longtext");
                } else {
                    ct.append("json");
                }
            }
            case "geometrycollection" -> {
                dataType = server.flavor() == ServerDefaults.Flavor.MARIADB ? type : "geomcollection";
                ct.append(dataType);
            }
            case "vector" -> ct.append("vector(").append(args.isEmpty() ? "0" : args.get(0)).append(')');
            default -> ct.append(type);
        }
        if (unsigned) {
            ct.append(" unsigned");
        }
        if (c.zerofill() && NUMERIC.contains(type)) {
            ct.append(" zerofill");
        }
        boolean nullable = c.nullable() != null ? c.nullable()
                : !(type.equals("timestamp") && !server.explicitDefaultsForTimestamp());
        if (c.primaryKey()) {
            nullable = false;
        }
        List<String> labels = type.equals("enum") || type.equals("set") ? c.labels() : List.of();
        return new ColumnDefinition(c.name(), dataType, ct.toString(), nullable, unsigned, charset, collation, labels,
                c.generated(), c.invisible());
    }

    private static int charsetFor(String charset, String collation, String tableCharset) {
        String cs = charset != null ? charset : collation != null ? Charsets.ofCollation(collation) : tableCharset;
        return Charsets.maxLength(cs);
    }

    /** 0 tiny, 1 plain, 2 medium, 3 long: the smallest TEXT/BLOB that holds {@code bytes}. */
    static int sizeClass(long bytes) {
        for (int i = 0; i < TEXT_BYTES.length; i++) {
            if (bytes <= TEXT_BYTES[i]) {
                return i;
            }
        }
        return TEXT_BYTES.length - 1;
    }

    /**
     * The column after {@code CONVERT TO CHARACTER SET}: character columns take the new charset and collation, and a
     * TEXT column grows to the smallest TEXT type that still holds as many characters as before (the servers never
     * shrink it).
     */
    static ColumnDefinition convert(ColumnDefinition col, String charset, String collation) {
        if (col.charset() == null || col.charset().equals("binary")) {
            return col;
        }
        String dataType = col.dataType();
        String columnType = col.columnType();
        int cls = TEXTS.indexOf(dataType);
        if (cls >= 0) {
            long chars = TEXT_BYTES[cls] / Charsets.maxLength(col.charset());
            int wanted = Math.max(cls, sizeClass(chars * Charsets.maxLength(charset)));
            dataType = TEXTS.get(wanted);
            columnType = dataType;
        }
        return new ColumnDefinition(col.name(), dataType, columnType, col.nullable(), col.unsigned(), charset,
                collation, col.labels(), col.generated(), col.invisible());
    }
}
