package io.sluice.node.binlog;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One column of a {@link TableLayout}: the TABLE_MAP type code and metadata resolved once into how its values are
 * read ({@code op}) and shown ({@link ColumnKind}, charset, signedness, labels, precision).
 *
 * <p>Defaults when the TABLE_MAP carries no optional metadata and no {@link ColumnHints} say otherwise: integers
 * are signed; STRING/VARCHAR/VAR_STRING are UTF-8 text; BLOB-family columns are bytes (a TEXT column then shows
 * as hex: supply its collation through ColumnHints); ENUM/SET show their index/bitmask. A collation id this code
 * does not know is treated like a missing one.
 *
 * <p>Immutable and thread-safe.
 */
public final class ColumnSpec {
    // how values are read; package-private, used by RowsEventDecoder's switch
    static final int OP_UNSUPPORTED = 0;
    static final int OP_TINY = 1;
    static final int OP_SHORT = 2;
    static final int OP_INT24 = 3;
    static final int OP_LONG = 4;
    static final int OP_LONGLONG = 5;
    static final int OP_DECIMAL_LONG = 6;
    static final int OP_DECIMAL_BIG = 7;
    static final int OP_OLD_DECIMAL = 8;
    static final int OP_FLOAT = 9;
    static final int OP_DOUBLE = 10;
    static final int OP_BIT = 11;
    static final int OP_YEAR = 12;
    static final int OP_DATE = 13;
    static final int OP_TIME = 14;
    static final int OP_DATETIME = 15;
    static final int OP_TIMESTAMP = 16;
    static final int OP_TIME2 = 17;
    static final int OP_DATETIME2 = 18;
    static final int OP_TIMESTAMP2 = 19;
    static final int OP_VARSTRING = 20;
    static final int OP_CHAR = 21;
    static final int OP_BLOB = 22;
    static final int OP_ENUM = 23;
    static final int OP_SET = 24;
    static final int OP_JSON = 25;
    static final int OP_NULL = 26;

    final int op;
    private final int index;
    private final String name;
    private final int typeCode;
    private final int meta;
    private final ColumnKind kind;
    private final Boolean unsigned;
    private final int collationId;
    final Charset charset;
    final boolean padBinary;
    final int length;
    final int lengthBytes;
    final int precision;
    final int scale;
    final int fsp;
    final int bitWidth;
    private final List<String> enumLabels;
    private final List<String> setLabels;
    private final String problem;

    private ColumnSpec(Builder b) {
        this.op = b.op;
        this.index = b.index;
        this.name = b.name;
        this.typeCode = b.typeCode;
        this.meta = b.meta;
        this.kind = b.kind;
        this.unsigned = b.unsigned;
        this.collationId = b.collationId;
        this.charset = b.charset;
        this.padBinary = b.padBinary;
        this.length = b.length;
        this.lengthBytes = b.lengthBytes;
        this.precision = b.precision;
        this.scale = b.scale;
        this.fsp = b.fsp;
        this.bitWidth = b.bitWidth;
        this.enumLabels = b.enumLabels;
        this.setLabels = b.setLabels;
        this.problem = b.problem;
    }

    /** Column number in the table, from 0. */
    public int index() {
        return index;
    }

    /** The column name when TABLE_MAP metadata or hints give it, else null. */
    public String name() {
        return name;
    }

    /** The type code from the TABLE_MAP event (for CHAR-wrapped ENUM/SET this stays STRING). */
    public int typeCode() {
        return typeCode;
    }

    /** The unpacked TABLE_MAP metadata. */
    public int meta() {
        return meta;
    }

    public ColumnKind kind() {
        return kind;
    }

    /** True only when the column is known to be UNSIGNED. */
    public boolean isUnsigned() {
        return Boolean.TRUE.equals(unsigned);
    }

    /** True when signedness comes from the TABLE_MAP or hints; false when the signed default applies. */
    public boolean signednessKnown() {
        return unsigned != null;
    }

    /** The collation id, or -1 when unknown. */
    public int collationId() {
        return collationId;
    }

    /** The charset text is decoded with; null for BYTES and non-string kinds. */
    public Charset charset() {
        return charset;
    }

    /** Maximum byte length of CHAR/VARCHAR; pack length of ENUM/SET; -1 otherwise. */
    public int length() {
        return length;
    }

    /** DECIMAL precision, or -1. */
    public int precision() {
        return precision;
    }

    /** DECIMAL scale, or -1. */
    public int scale() {
        return scale;
    }

    /** Fractional second digits of a temporal column (0 for the old formats), or -1. */
    public int fsp() {
        return fsp;
    }

    /** Width of a BIT column, or -1. */
    public int bitWidth() {
        return bitWidth;
    }

    /** ENUM labels in order (index 1 is the first), or null when unknown. */
    public List<String> enumLabels() {
        return enumLabels;
    }

    /** SET member labels in bit order, or null when unknown. */
    public List<String> setLabels() {
        return setLabels;
    }

    /** Why values of this column cannot be decoded (kind UNSUPPORTED), else null. */
    public String problem() {
        return problem;
    }

    /** {@code 2 `name` (type 0xfe STRING, meta 0xfe08)}, for error messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder().append(index);
        if (name != null) {
            sb.append(" `").append(name).append('`');
        }
        ColumnType t = ColumnType.ofCode(typeCode);
        sb.append(" (type 0x").append(Integer.toHexString(typeCode)).append(t == null ? " unknown" : " " + t)
                .append(", meta 0x").append(Integer.toHexString(meta)).append(')');
        return sb.toString();
    }

    @Override
    public String toString() {
        return "ColumnSpec[" + describe() + ", " + kind + "]";
    }

    /** Resolves column {@code i} of the table map, hints overriding the event's metadata. */
    static ColumnSpec of(TableMapEvent table, int i, ColumnHints hints) {
        TableMetadata md = table.metadata() == null ? TableMetadata.EMPTY : table.metadata();
        Builder b = new Builder();
        b.index = i;
        b.typeCode = table.columnTypes()[i] & 0xff;
        b.meta = table.columnMeta() == null || i >= table.columnMeta().length ? 0 : table.columnMeta()[i];
        b.name = hints.name(i) != null ? hints.name(i)
                : md.columnNames() != null && i < md.columnNames().size() ? md.columnNames().get(i) : null;
        Boolean hintUnsigned = hints.unsigned(i);
        b.unsigned = hintUnsigned != null ? hintUnsigned
                : md.unsigned() != null && i < md.unsigned().length ? Boolean.valueOf(md.unsigned()[i]) : null;
        int coll = hints.collation(i);
        if (coll < 0 && md.collations() != null && i < md.collations().length) {
            coll = md.collations()[i];
        }
        b.collationId = Collations.isKnown(coll) ? coll : -1;
        b.enumLabels = hints.enumLabels(i) != null ? hints.enumLabels(i)
                : md.enumLabels() != null && i < md.enumLabels().size() ? md.enumLabels().get(i) : null;
        b.setLabels = hints.setLabels(i) != null ? hints.setLabels(i)
                : md.setLabels() != null && i < md.setLabels().size() ? md.setLabels().get(i) : null;
        b.resolve(hints.decimalLength(i));
        return new ColumnSpec(b);
    }

    private static final class Builder {
        int op = OP_UNSUPPORTED;
        int index;
        String name;
        int typeCode;
        int meta;
        ColumnKind kind = ColumnKind.UNSUPPORTED;
        Boolean unsigned;
        int collationId = -1;
        Charset charset;
        boolean padBinary;
        int length = -1;
        int lengthBytes = -1;
        int precision = -1;
        int scale = -1;
        int fsp = -1;
        int bitWidth = -1;
        List<String> enumLabels;
        List<String> setLabels;
        String problem;

        void set(int op, ColumnKind kind) {
            this.op = op;
            this.kind = kind;
        }

        void unsupported(String why) {
            op = OP_UNSUPPORTED;
            kind = ColumnKind.UNSUPPORTED;
            problem = why;
        }

        void resolve(int oldDecimalLength) {
            ColumnType type = ColumnType.ofCode(typeCode);
            if (type == null) {
                unsupported("unknown column type " + typeCode);
                return;
            }
            switch (type) {
                case TINY -> set(OP_TINY, ColumnKind.INTEGER);
                case SHORT -> set(OP_SHORT, ColumnKind.INTEGER);
                case INT24 -> set(OP_INT24, ColumnKind.INTEGER);
                case LONG -> set(OP_LONG, ColumnKind.INTEGER);
                case LONGLONG -> set(OP_LONGLONG, ColumnKind.INTEGER);
                case FLOAT -> set(OP_FLOAT, ColumnKind.FLOAT);
                case DOUBLE -> set(OP_DOUBLE, ColumnKind.DOUBLE);
                case NEWDECIMAL -> {
                    precision = meta >> 8;
                    scale = meta & 0xff;
                    try {
                        MysqlDecimal.checkType(precision, scale);
                    } catch (BinlogFormatException e) {
                        unsupported(e.getMessage());
                        return;
                    }
                    set(precision <= MysqlDecimal.LONG_PRECISION ? OP_DECIMAL_LONG : OP_DECIMAL_BIG,
                            ColumnKind.DECIMAL);
                    length = MysqlDecimal.binarySize(precision, scale);
                }
                case DECIMAL -> {
                    if (oldDecimalLength < 1) {
                        unsupported("pre-5.0 DECIMAL: TABLE_MAP does not carry its byte length; supply it with "
                                + "ColumnHints.decimalLength");
                        return;
                    }
                    set(OP_OLD_DECIMAL, ColumnKind.DECIMAL);
                    length = oldDecimalLength;
                }
                case BIT -> {
                    int bytes = meta & 0xff;
                    int bits = meta >> 8;
                    bitWidth = bytes * 8 + bits;
                    if (bits > 7 || bitWidth < 1 || bitWidth > 64) {
                        unsupported("invalid BIT metadata 0x" + Integer.toHexString(meta));
                        return;
                    }
                    set(OP_BIT, ColumnKind.BIT);
                    length = (bitWidth + 7) / 8;
                }
                case YEAR -> set(OP_YEAR, ColumnKind.YEAR);
                case DATE, NEWDATE -> set(OP_DATE, ColumnKind.DATE);
                case TIME -> {
                    set(OP_TIME, ColumnKind.TIME);
                    fsp = 0;
                }
                case DATETIME -> {
                    set(OP_DATETIME, ColumnKind.DATETIME);
                    fsp = 0;
                }
                case TIMESTAMP -> {
                    set(OP_TIMESTAMP, ColumnKind.TIMESTAMP);
                    fsp = 0;
                }
                case TIME2, DATETIME2, TIMESTAMP2 -> {
                    if (meta > 6) {
                        unsupported("invalid fractional second precision " + meta);
                        return;
                    }
                    fsp = meta;
                    switch (type) {
                        case TIME2 -> set(OP_TIME2, ColumnKind.TIME);
                        case DATETIME2 -> set(OP_DATETIME2, ColumnKind.DATETIME);
                        default -> set(OP_TIMESTAMP2, ColumnKind.TIMESTAMP);
                    }
                }
                case VARCHAR, VAR_STRING -> {
                    length = meta;
                    lengthBytes = meta > 255 ? 2 : 1;
                    op = OP_VARSTRING;
                    textOrBytes(true);
                }
                case STRING -> resolveString();
                case ENUM -> enumOrSet(true, meta & 0xff);
                case SET -> enumOrSet(false, meta & 0xff);
                case TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB -> {
                    if (!blobLength()) {
                        return;
                    }
                    op = OP_BLOB;
                    textOrBytes(false);
                }
                case GEOMETRY, VECTOR -> {
                    if (!blobLength()) {
                        return;
                    }
                    set(OP_BLOB, type == ColumnType.GEOMETRY ? ColumnKind.GEOMETRY : ColumnKind.VECTOR);
                }
                case JSON -> {
                    if (!blobLength()) {
                        return;
                    }
                    set(OP_JSON, ColumnKind.JSON);
                }
                case NULL -> set(OP_NULL, ColumnKind.NULL);
                default -> unsupported("column type " + type + " cannot appear in a row");
            }
        }

        private boolean blobLength() {
            if (meta < 1 || meta > 4) {
                unsupported("invalid length size " + meta + " (1..4)");
                return false;
            }
            lengthBytes = meta;
            return true;
        }

        /** STRING: CHAR/BINARY, or ENUM/SET with their real type in the first metadata byte. */
        private void resolveString() {
            int realType;
            int len;
            if (meta >= 256) {
                int byte0 = meta >> 8;
                int byte1 = meta & 0xff;
                if ((byte0 & 0x30) != 0x30) {
                    // CHAR longer than 255 bytes: two more length bits hide in the type byte (MySQL bug #37426)
                    len = byte1 | (((byte0 & 0x30) ^ 0x30) << 4);
                    realType = byte0 | 0x30;
                } else {
                    len = byte1;
                    realType = byte0;
                }
            } else {
                realType = ColumnType.STRING.code();
                len = meta;
            }
            if (realType == ColumnType.ENUM.code()) {
                enumOrSet(true, len);
            } else if (realType == ColumnType.SET.code()) {
                enumOrSet(false, len);
            } else if (realType == ColumnType.STRING.code() || realType == ColumnType.VAR_STRING.code()) {
                length = len;
                lengthBytes = len > 255 ? 2 : 1;
                op = OP_CHAR;
                textOrBytes(true);
                padBinary = kind == ColumnKind.BYTES && collationId == Collations.BINARY;
            } else {
                unsupported("STRING column with real type 0x" + Integer.toHexString(realType));
            }
        }

        private void enumOrSet(boolean isEnum, int packLength) {
            length = packLength;
            if (isEnum ? packLength < 1 || packLength > 2 : packLength < 1 || packLength > 8) {
                unsupported("invalid " + (isEnum ? "ENUM" : "SET") + " pack length " + packLength);
                return;
            }
            set(isEnum ? OP_ENUM : OP_SET, isEnum ? ColumnKind.ENUM : ColumnKind.SET);
        }

        /** Text when the collation names a character set; bytes for binary; unknown: text for CHAR/VARCHAR. */
        private void textOrBytes(boolean textByDefault) {
            if (collationId >= 0) {
                charset = Collations.charset(collationId);
            } else if (textByDefault) {
                charset = StandardCharsets.UTF_8;
            }
            kind = charset == null ? ColumnKind.BYTES : ColumnKind.TEXT;
        }
    }
}
