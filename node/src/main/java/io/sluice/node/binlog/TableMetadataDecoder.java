package io.sluice.node.binlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * Decodes the optional metadata at the end of a TABLE_MAP event (MySQL 8.0.1+, MariaDB 10.5+) and resolves it to
 * one entry per column. The block is a sequence of type-length-value fields; each field lists values only for the
 * columns it applies to, in column order (MySQL libs/mysql/binlog/event/rows_event.h, "Table_map_event optional
 * metadata types", and the writer {@code Table_map_log_event::init_metadata_fields}):
 *
 * <ul>
 *   <li>SIGNEDNESS: one bit per numeric column, most significant bit first.
 *   <li>DEFAULT_CHARSET: the most common collation, then (index, collation) pairs for the character columns that
 *       differ, the index counting character columns only. COLUMN_CHARSET: one collation per character column.
 *       ENUM_AND_SET_* are the same for ENUM and SET columns.
 *   <li>COLUMN_NAME: a length-prefixed name for every column.
 *   <li>SET_STR_VALUE / ENUM_STR_VALUE: per SET (ENUM) column, a label count and the labels.
 *   <li>GEOMETRY_TYPE, VECTOR_DIMENSIONALITY: one value per GEOMETRY (VECTOR) column.
 *   <li>SIMPLE_PRIMARY_KEY: column indexes; PRIMARY_KEY_WITH_PREFIX: (column index, prefix length) pairs.
 *   <li>COLUMN_VISIBILITY: one bit per column, most significant bit first, set for visible columns.
 * </ul>
 *
 * Which columns count differs by server: MySQL counts VECTOR columns (9.0+) as character columns, MariaDB counts
 * GEOMETRY columns (its geometry field derives from BLOB; checked against a MariaDB 10.11 server) and YEAR columns
 * as numeric. ENUM and SET are written as STRING with their real type in the metadata. A
 * field whose type this decoder does not know is skipped: its length is explicit. Stateless.
 */
final class TableMetadataDecoder {
    static final int SIGNEDNESS = 1;
    static final int DEFAULT_CHARSET = 2;
    static final int COLUMN_CHARSET = 3;
    static final int COLUMN_NAME = 4;
    static final int SET_STR_VALUE = 5;
    static final int ENUM_STR_VALUE = 6;
    static final int GEOMETRY_TYPE = 7;
    static final int SIMPLE_PRIMARY_KEY = 8;
    static final int PRIMARY_KEY_WITH_PREFIX = 9;
    static final int ENUM_AND_SET_DEFAULT_CHARSET = 10;
    static final int ENUM_AND_SET_COLUMN_CHARSET = 11;
    static final int COLUMN_VISIBILITY = 12;
    static final int VECTOR_DIMENSIONALITY = 13;

    private TableMetadataDecoder() {
    }

    static TableMetadata decode(ByteReader r, byte[] types, int[] meta, boolean mariaDb) {
        int n = types.length;
        int[] realTypes = new int[n];
        for (int i = 0; i < n; i++) {
            realTypes[i] = realType(types[i] & 0xff, meta[i]);
        }
        boolean[] unsigned = null;
        int[] collations = null;
        List<String> names = null;
        List<List<String>> enumLabels = null;
        List<List<String>> setLabels = null;
        int[] geometryTypes = null;
        int[] primaryKey = null;
        int[] primaryKeyPrefixes = null;
        BitSet visible = null;
        int[] vectorDimensions = null;

        while (r.hasRemaining()) {
            int fieldType = r.u8();
            int length = Lengths.packedCount(r, 1, "optional metadata field length");
            ByteReader f = r.slice(length);
            String what = fieldName(fieldType);
            switch (fieldType) {
                case SIGNEDNESS -> unsigned = signedness(f, realTypes, mariaDb, what);
                case DEFAULT_CHARSET, COLUMN_CHARSET -> collations = charsets(f, fieldType == DEFAULT_CHARSET,
                        collations, realTypes, c -> isCharacter(c, mariaDb), "character", what);
                case ENUM_AND_SET_DEFAULT_CHARSET, ENUM_AND_SET_COLUMN_CHARSET -> collations = charsets(f,
                        fieldType == ENUM_AND_SET_DEFAULT_CHARSET, collations, realTypes,
                        TableMetadataDecoder::isEnumOrSet, "ENUM/SET", what);
                case COLUMN_NAME -> names = columnNames(f, n, what);
                case SET_STR_VALUE -> setLabels = labels(f, realTypes, ColumnType.SET.code(), what);
                case ENUM_STR_VALUE -> enumLabels = labels(f, realTypes, ColumnType.ENUM.code(), what);
                case GEOMETRY_TYPE -> geometryTypes = perColumn(f, realTypes, ColumnType.GEOMETRY.code(), what);
                case VECTOR_DIMENSIONALITY -> vectorDimensions = perColumn(f, realTypes, ColumnType.VECTOR.code(), what);
                case SIMPLE_PRIMARY_KEY, PRIMARY_KEY_WITH_PREFIX -> {
                    int[][] key = primaryKey(f, fieldType == PRIMARY_KEY_WITH_PREFIX, n, what);
                    primaryKey = key[0];
                    primaryKeyPrefixes = key[1];
                }
                case COLUMN_VISIBILITY -> visible = visibility(f, n, what);
                default -> {
                    // A field from a newer server; its length is explicit, so skipping it loses nothing we know.
                }
            }
        }
        return new TableMetadata(unsigned, collations, names, enumLabels, setLabels, geometryTypes, primaryKey,
                primaryKeyPrefixes, visible, vectorDimensions);
    }

    /**
     * The type a column really has: ENUM and SET columns are announced as STRING with the real type in the first
     * metadata byte. CHAR columns longer than 255 bytes borrow two bits of that byte for the length, which MySQL
     * marks by clearing bits 0x30 (Field_string::do_save_field_metadata).
     */
    static int realType(int type, int meta) {
        if (type != ColumnType.STRING.code()) {
            return type;
        }
        int first = meta >>> 8;
        return (first & 0x30) != 0x30 ? first | 0x30 : first;
    }

    /**
     * Columns SIGNEDNESS has a bit for. MySQL: the integer, DECIMAL and floating types ({@code is_numeric_type}).
     * MariaDB asks each field whether signedness applies, which adds YEAR and the pre-5.0 DECIMAL (a MariaDB
     * 10.11 server writes a bit for YEAR columns, none for BIT).
     */
    static boolean isNumeric(int t, boolean mariaDb) {
        if (t == ColumnType.TINY.code() || t == ColumnType.SHORT.code() || t == ColumnType.INT24.code()
                || t == ColumnType.LONG.code() || t == ColumnType.LONGLONG.code() || t == ColumnType.NEWDECIMAL.code()
                || t == ColumnType.FLOAT.code() || t == ColumnType.DOUBLE.code()) {
            return true;
        }
        return mariaDb && (t == ColumnType.YEAR.code() || t == ColumnType.DECIMAL.code());
    }

    static boolean isCharacter(int t, boolean mariaDb) {
        if (t == ColumnType.STRING.code() || t == ColumnType.VAR_STRING.code() || t == ColumnType.VARCHAR.code()
                || t == ColumnType.BLOB.code() || t == ColumnType.TINY_BLOB.code()
                || t == ColumnType.MEDIUM_BLOB.code() || t == ColumnType.LONG_BLOB.code()) {
            return true;
        }
        return mariaDb ? t == ColumnType.GEOMETRY.code() : t == ColumnType.VECTOR.code();
    }

    static boolean isEnumOrSet(int t) {
        return t == ColumnType.ENUM.code() || t == ColumnType.SET.code();
    }

    private static boolean[] signedness(ByteReader f, int[] realTypes, boolean mariaDb, String what) {
        boolean[] unsigned = new boolean[realTypes.length];
        int numeric = 0;
        for (int i = 0; i < realTypes.length; i++) {
            if (isNumeric(realTypes[i], mariaDb)) {
                numeric++;
            }
        }
        if (f.remaining() != (numeric + 7) / 8) {
            throw new BinlogFormatException(what + " has " + f.remaining() + " bytes, but the table has " + numeric
                    + " numeric columns, which need " + (numeric + 7) / 8);
        }
        byte[] a = f.array();
        int base = f.arrayOffset();
        int k = 0;
        for (int i = 0; i < realTypes.length; i++) {
            if (isNumeric(realTypes[i], mariaDb)) {
                unsigned[i] = (a[base + k / 8] & (0x80 >>> (k % 8))) != 0;
                k++;
            }
        }
        f.skip(f.remaining());
        return unsigned;
    }

    private interface TypePredicate {
        boolean test(int realType);
    }

    /** Collations per column; the character and the ENUM/SET fields fill disjoint columns of one array. */
    private static int[] charsets(ByteReader f, boolean defaultFormat, int[] collations, int[] realTypes,
            TypePredicate applies, String kind, String what) {
        int[] result = collations != null ? collations : filled(realTypes.length, -1);
        int[] columns = columnsWhere(realTypes, applies);
        if (defaultFormat) {
            int defaultCollation = collation(f, what);
            for (int column : columns) {
                result[column] = defaultCollation;
            }
            while (f.hasRemaining()) {
                int index = Lengths.packedCount(f, 0, what, "column index");
                if (index >= columns.length) {
                    throw new BinlogFormatException(what + " names " + kind + " column #" + index + ", but the table has "
                            + columns.length + " " + kind + " columns");
                }
                result[columns[index]] = collation(f, what);
            }
        } else {
            for (int i = 0; i < columns.length; i++) {
                if (!f.hasRemaining()) {
                    throw new BinlogFormatException(what + " lists " + i + " collations, but the table has "
                            + columns.length + " " + kind + " columns");
                }
                result[columns[i]] = collation(f, what);
            }
            if (f.hasRemaining()) {
                throw new BinlogFormatException(what + " lists more collations than the table's " + columns.length
                        + " " + kind + " columns");
            }
        }
        return result;
    }

    private static int collation(ByteReader f, String what) {
        long id = f.lenencInt();
        if (id < 0 || id > 0xffff) {
            throw new BinlogFormatException(what + " has collation id " + id + ", outside 0..65535");
        }
        return (int) id;
    }

    private static List<String> columnNames(ByteReader f, int n, String what) {
        List<String> names = new ArrayList<>(n);
        while (f.hasRemaining()) {
            int length = Lengths.packedCount(f, 1, what, "name length");
            names.add(f.string(length, StandardCharsets.UTF_8));
        }
        if (names.size() != n) {
            throw new BinlogFormatException(what + " lists " + names.size() + " names for " + n + " columns");
        }
        return List.copyOf(names);
    }

    /**
     * Labels per ENUM (SET) column, null for other columns. Labels are in the column's character set; they are
     * decoded as UTF-8, exact for utf8mb3/utf8mb4 and ASCII labels.
     */
    private static List<List<String>> labels(ByteReader f, int[] realTypes, int type, String what) {
        List<List<String>> result = new ArrayList<>(Collections.nCopies(realTypes.length, null));
        int[] columns = columnsWhere(realTypes, t -> t == type);
        int i = 0;
        while (f.hasRemaining()) {
            if (i >= columns.length) {
                throw new BinlogFormatException(what + " lists labels for more than the table's " + columns.length
                        + " such columns");
            }
            int count = Lengths.packedCount(f, 1, what, "label count");
            String[] labels = new String[count];
            for (int k = 0; k < count; k++) {
                int length = Lengths.packedCount(f, 1, what, "label length");
                labels[k] = f.string(length, StandardCharsets.UTF_8);
            }
            result.set(columns[i], List.of(labels));
            i++;
        }
        if (i != columns.length) {
            throw new BinlogFormatException(what + " lists labels for " + i + " of the table's " + columns.length
                    + " such columns");
        }
        return Collections.unmodifiableList(result);
    }

    /** One packed value per column of one type, -1 for the other columns. */
    private static int[] perColumn(ByteReader f, int[] realTypes, int type, String what) {
        int[] result = filled(realTypes.length, -1);
        int[] columns = columnsWhere(realTypes, t -> t == type);
        for (int i = 0; i < columns.length; i++) {
            if (!f.hasRemaining()) {
                throw new BinlogFormatException(what + " lists " + i + " values for the table's " + columns.length
                        + " such columns");
            }
            long value = f.lenencInt();
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new BinlogFormatException(what + " has value " + value + " for column " + columns[i]);
            }
            result[columns[i]] = (int) value;
        }
        if (f.hasRemaining()) {
            throw new BinlogFormatException(what + " lists more values than the table's " + columns.length
                    + " such columns");
        }
        return result;
    }

    private static int[][] primaryKey(ByteReader f, boolean withPrefix, int n, String what) {
        int[] columns = new int[Math.min(n, f.remaining())];
        int[] prefixes = new int[columns.length];
        int parts = 0;
        while (f.hasRemaining()) {
            if (parts == columns.length) {
                throw new BinlogFormatException(what + " has more key parts than the table's " + n + " columns");
            }
            int column = Lengths.packedCount(f, 0, what, "column index");
            if (column >= n) {
                throw new BinlogFormatException(what + " names column " + column + " of a table with " + n + " columns");
            }
            columns[parts] = column;
            prefixes[parts] = withPrefix ? Lengths.packedCount(f, 0, what, "prefix length") : 0;
            parts++;
        }
        return new int[][] {Arrays.copyOf(columns, parts), Arrays.copyOf(prefixes, parts)};
    }

    private static BitSet visibility(ByteReader f, int n, String what) {
        if (f.remaining() != (n + 7) / 8) {
            throw new BinlogFormatException(what + " has " + f.remaining() + " bytes for " + n + " columns, which need "
                    + (n + 7) / 8);
        }
        BitSet visible = new BitSet(n);
        byte[] a = f.array();
        int base = f.arrayOffset();
        for (int i = 0; i < n; i++) {
            if ((a[base + i / 8] & (0x80 >>> (i % 8))) != 0) {
                visible.set(i);
            }
        }
        f.skip(f.remaining());
        return visible;
    }

    private static int[] columnsWhere(int[] realTypes, TypePredicate applies) {
        int count = 0;
        for (int t : realTypes) {
            if (applies.test(t)) {
                count++;
            }
        }
        int[] columns = new int[count];
        int k = 0;
        for (int i = 0; i < realTypes.length; i++) {
            if (applies.test(realTypes[i])) {
                columns[k++] = i;
            }
        }
        return columns;
    }

    private static int[] filled(int n, int value) {
        int[] a = new int[n];
        Arrays.fill(a, value);
        return a;
    }

    /** Names for messages; constants, so that no message is built while decoding goes well. */
    private static String fieldName(int type) {
        return switch (type) {
            case SIGNEDNESS -> "optional metadata SIGNEDNESS";
            case DEFAULT_CHARSET -> "optional metadata DEFAULT_CHARSET";
            case COLUMN_CHARSET -> "optional metadata COLUMN_CHARSET";
            case COLUMN_NAME -> "optional metadata COLUMN_NAME";
            case SET_STR_VALUE -> "optional metadata SET_STR_VALUE";
            case ENUM_STR_VALUE -> "optional metadata ENUM_STR_VALUE";
            case GEOMETRY_TYPE -> "optional metadata GEOMETRY_TYPE";
            case SIMPLE_PRIMARY_KEY -> "optional metadata SIMPLE_PRIMARY_KEY";
            case PRIMARY_KEY_WITH_PREFIX -> "optional metadata PRIMARY_KEY_WITH_PREFIX";
            case ENUM_AND_SET_DEFAULT_CHARSET -> "optional metadata ENUM_AND_SET_DEFAULT_CHARSET";
            case ENUM_AND_SET_COLUMN_CHARSET -> "optional metadata ENUM_AND_SET_COLUMN_CHARSET";
            case COLUMN_VISIBILITY -> "optional metadata COLUMN_VISIBILITY";
            case VECTOR_DIMENSIONALITY -> "optional metadata VECTOR_DIMENSIONALITY";
            default -> "optional metadata field";
        };
    }
}
