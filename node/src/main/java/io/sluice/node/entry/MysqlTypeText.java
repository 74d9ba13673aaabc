package io.sluice.node.entry;

import java.util.List;

import io.sluice.node.binlog.ColumnKind;
import io.sluice.node.binlog.ColumnSpec;
import io.sluice.node.binlog.ColumnType;

/**
 * A column's declared type as far as the TABLE_MAP event tells it, for when the schema history has no definition
 * ({@code int unsigned}, {@code decimal(10,2)}, {@code datetime(3)}, {@code enum('a','b')}). What the binlog does not
 * carry is left out rather than guessed: the display width of integers, the character length of CHAR/VARCHAR, and
 * the signedness of DECIMAL/FLOAT/DOUBLE.
 *
 * <p>Thread-safe: static helpers only.
 */
final class MysqlTypeText {
    private MysqlTypeText() {
    }

    static String of(ColumnSpec c) {
        ColumnType type = ColumnType.ofCode(c.typeCode());
        if (type == null) {
            return "";
        }
        String unsigned = c.isUnsigned() ? " unsigned" : "";
        return switch (c.kind()) {
            case INTEGER -> switch (type) {
                case TINY -> "tinyint" + unsigned;
                case SHORT -> "smallint" + unsigned;
                case INT24 -> "mediumint" + unsigned;
                case LONG -> "int" + unsigned;
                default -> "bigint" + unsigned;
            };
            case DECIMAL -> c.precision() > 0 ? "decimal(" + c.precision() + "," + c.scale() + ")" : "decimal";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BIT -> "bit(" + c.bitWidth() + ")";
            case YEAR -> "year";
            case DATE -> "date";
            case TIME -> withFsp("time", c.fsp());
            case DATETIME -> withFsp("datetime", c.fsp());
            case TIMESTAMP -> withFsp("timestamp", c.fsp());
            case ENUM -> labelled("enum", c.enumLabels());
            case SET -> labelled("set", c.setLabels());
            case JSON -> "json";
            case GEOMETRY -> "geometry";
            case VECTOR -> "vector";
            case TEXT, BYTES -> string(c, type);
            default -> "";
        };
    }

    private static String string(ColumnSpec c, ColumnType type) {
        boolean bytes = c.kind() == ColumnKind.BYTES;
        return switch (type) {
            case TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB -> {
                String prefix = switch (c.meta()) {
                    case 1 -> "tiny";
                    case 3 -> "medium";
                    case 4 -> "long";
                    default -> "";
                };
                yield prefix + (bytes ? "blob" : "text");
            }
            case STRING -> bytes ? "binary(" + c.length() + ")" : "char";
            default -> bytes ? "varbinary(" + c.length() + ")" : "varchar";
        };
    }

    private static String withFsp(String name, int fsp) {
        return fsp > 0 ? name + "(" + fsp + ")" : name;
    }

    private static String labelled(String name, List<String> labels) {
        if (labels == null) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('\'').append(labels.get(i).replace("'", "''")).append('\'');
        }
        return sb.append(')').toString();
    }
}
