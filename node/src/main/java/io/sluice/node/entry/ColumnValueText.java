package io.sluice.node.entry;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sluice.node.binlog.ColumnKind;
import io.sluice.node.binlog.ColumnSpec;
import io.sluice.node.binlog.ColumnType;
import io.sluice.node.binlog.RowImage;
import io.sluice.node.binlog.TemporalCodec;
import io.sluice.node.schema.ColumnDefinition;

/**
 * A column value's text and {@code java.sql.Types} code as canal 1.1.8 delivers them
 * ({@code RowsLogBuffer.fetchValue} and {@code LogEventConvert.parseOneRow}), with the switches of
 * {@link EntryOptions} where sluice differs. docs/entries.md lists every type with an example.
 *
 * <p>Which facts about a column are used: the {@link ColumnDefinition} from the schema history when there is one
 * (signedness, binary or text, ENUM/SET labels, charset), else the decoder's {@link ColumnSpec} (TABLE_MAP
 * metadata and hints).
 *
 * <p>Immutable and thread-safe.
 */
public final class ColumnValueText {
    private static final ZoneOffset NO_FIXED_OFFSET = null;
    private static final Map<String, Charset> MYSQL_CHARSETS = Map.ofEntries(
            Map.entry("utf8mb4", StandardCharsets.UTF_8),
            Map.entry("utf8mb3", StandardCharsets.UTF_8),
            Map.entry("utf8", StandardCharsets.UTF_8),
            Map.entry("ascii", StandardCharsets.US_ASCII),
            Map.entry("latin1", Charset.forName("windows-1252")),
            Map.entry("ucs2", StandardCharsets.UTF_16BE),
            Map.entry("utf16", StandardCharsets.UTF_16BE),
            Map.entry("utf16le", StandardCharsets.UTF_16LE),
            Map.entry("utf32", Charset.forName("UTF-32BE")),
            Map.entry("gbk", Charset.forName("GBK")),
            Map.entry("gb2312", Charset.forName("GB2312")),
            Map.entry("gb18030", Charset.forName("GB18030")),
            Map.entry("big5", Charset.forName("Big5")),
            Map.entry("sjis", Charset.forName("Shift_JIS")),
            Map.entry("cp932", Charset.forName("windows-31j")),
            Map.entry("ujis", Charset.forName("EUC-JP")),
            Map.entry("eucjpms", Charset.forName("EUC-JP")),
            Map.entry("euckr", Charset.forName("EUC-KR")),
            Map.entry("cp1250", Charset.forName("windows-1250")),
            Map.entry("cp1251", Charset.forName("windows-1251")),
            Map.entry("cp1256", Charset.forName("windows-1256")),
            Map.entry("cp1257", Charset.forName("windows-1257")),
            Map.entry("latin2", Charset.forName("ISO-8859-2")),
            Map.entry("greek", Charset.forName("ISO-8859-7")),
            Map.entry("hebrew", Charset.forName("ISO-8859-8")),
            Map.entry("latin5", Charset.forName("ISO-8859-9")),
            Map.entry("latin7", Charset.forName("ISO-8859-13")),
            Map.entry("koi8r", Charset.forName("KOI8-R")),
            Map.entry("koi8u", Charset.forName("KOI8-U")),
            Map.entry("tis620", Charset.forName("TIS-620")),
            Map.entry("cp866", Charset.forName("IBM866")),
            Map.entry("cp852", Charset.forName("IBM852")),
            Map.entry("cp850", Charset.forName("IBM850")));

    private final EntryOptions options;
    private final ZoneRules zoneRules;
    private final ZoneOffset fixedOffset;

    public ColumnValueText(EntryOptions options) {
        this.options = options;
        this.zoneRules = options.timestampZone().getRules();
        this.fixedOffset = zoneRules.isFixedOffset() ? zoneRules.getOffset(Instant.EPOCH) : NO_FIXED_OFFSET;
    }

    public EntryOptions options() {
        return options;
    }

    /** A column's value as delivered: its text (null for SQL NULL) and its {@code java.sql.Types} code. */
    public record Value(String text, int sqlType) {
    }

    /**
     * The text and sqlType of column {@code i} of {@code image}.
     *
     * @param definition the column's definition from the schema history, or null
     * @throws IllegalStateException when the column is absent from the image
     */
    public Value of(RowImage image, int i, ColumnDefinition definition) {
        ColumnSpec c = image.column(i);
        boolean isNull = image.isNull(i);
        if (!isNull && !image.hasValue(i)) {
            throw new IllegalStateException("column " + c.describe() + " is absent from this image");
        }
        ColumnType type = ColumnType.ofCode(c.typeCode());
        if (type == null) {
            return new Value(null, Types.OTHER);
        }
        switch (c.kind()) {
            case INTEGER:
                return integer(image, i, c, type, definition, isNull);
            case DECIMAL:
                return new Value(isNull ? null : decimal(image.text(i), c.scale()), Types.DECIMAL);
            case FLOAT:
                return new Value(isNull ? null : image.text(i), Types.REAL);
            case DOUBLE:
                return new Value(isNull ? null : image.text(i), Types.DOUBLE);
            case BIT:
                return new Value(isNull ? null : Long.toUnsignedString(image.longValue(i)), Types.BIT);
            case YEAR:
                return new Value(isNull ? null : image.text(i), Types.VARCHAR);
            case DATE:
                return new Value(isNull ? null : image.text(i), Types.DATE);
            case TIME:
                return new Value(isNull ? null : image.text(i), Types.TIME);
            case DATETIME:
                return new Value(isNull ? null : image.text(i), Types.TIMESTAMP);
            case TIMESTAMP:
                return new Value(isNull ? null : timestamp(image.longValue(i), c.fsp()), Types.TIMESTAMP);
            case ENUM:
                return new Value(isNull ? null : enumText(image, i, c, definition), Types.INTEGER);
            case SET:
                return isNull ? new Value(null, Types.BLOB) : new Value(setText(image, i, c, definition), Types.BIT);
            case JSON:
                return isNull ? new Value(null, Types.OTHER) : new Value(json(image, i, c, definition), Types.VARCHAR);
            case GEOMETRY, VECTOR:
                return new Value(isNull ? null : latin1(image.bytes(i)), Types.BLOB);
            case TEXT, BYTES:
                return string(image, i, c, type, definition, isNull);
            default:
                return new Value(isNull ? null : image.text(i), Types.OTHER);
        }
    }

    // ---------------------------------------------------------------- integers

    private static Value integer(RowImage image, int i, ColumnSpec c, ColumnType type, ColumnDefinition def,
            boolean isNull) {
        int bytes;
        int sqlType;
        int widened;
        switch (type) {
            case TINY -> { bytes = 1; sqlType = Types.TINYINT; widened = Types.SMALLINT; }
            case SHORT -> { bytes = 2; sqlType = Types.SMALLINT; widened = Types.INTEGER; }
            case INT24 -> { bytes = 3; sqlType = Types.INTEGER; widened = Types.INTEGER; }
            case LONG -> { bytes = 4; sqlType = Types.INTEGER; widened = Types.BIGINT; }
            default -> { bytes = 8; sqlType = Types.BIGINT; widened = Types.DECIMAL; }
        }
        if (isNull) {
            return new Value(null, sqlType);
        }
        boolean unsigned = def != null ? def.unsigned() : c.isUnsigned();
        long raw = image.longValue(i);
        long signed = bytes == 8 ? raw : raw << (64 - 8 * bytes) >> (64 - 8 * bytes);
        if (unsigned && signed < 0) {
            // canal reads every integer signed, adds 2^(8*bytes) when the column is UNSIGNED and the value came out
            // negative, and moves the sqlType one size up for that value only
            long bits = bytes == 8 ? raw : raw & ((1L << (8 * bytes)) - 1);
            return new Value(Long.toUnsignedString(bits), widened);
        }
        return new Value(Long.toString(signed), sqlType);
    }

    // ---------------------------------------------------------------- temporal

    /** {@code YYYY-MM-DD HH:MM:SS[.f]} in the configured zone; canal's zero timestamp for 0. */
    String timestamp(long epochMicros, int fsp) {
        StringBuilder sb = new StringBuilder(26);
        if (epochMicros == 0) {
            sb.append("0000-00-00 00:00:00");
            TemporalCodec.appendFraction(sb, 0, fsp);
            return sb.toString();
        }
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        ZoneOffset offset = fixedOffset != null ? fixedOffset : zoneRules.getOffset(Instant.ofEpochSecond(seconds));
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, offset);
        long packed = TemporalCodec.packDatetime(t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(),
                t.getMinute(), t.getSecond(), micros);
        TemporalCodec.appendDatetime(sb, packed, fsp);
        return sb.toString();
    }

    // ---------------------------------------------------------------- ENUM, SET

    private String enumText(RowImage image, int i, ColumnSpec c, ColumnDefinition def) {
        long index = image.longValue(i);
        if (!options.enumAsLabels()) {
            return Long.toString(index);
        }
        List<String> labels = labels(c.enumLabels(), def);
        if (labels == null || index > labels.size()) {
            return Long.toString(index);
        }
        return index == 0 ? "" : labels.get((int) index - 1);
    }

    private String setText(RowImage image, int i, ColumnSpec c, ColumnDefinition def) {
        long bits = image.longValue(i);
        if (!options.enumAsLabels()) {
            return Long.toUnsignedString(bits);
        }
        List<String> labels = labels(c.setLabels(), def);
        if (labels == null || labels.size() < 64 && (bits >>> labels.size()) != 0) {
            return Long.toUnsignedString(bits);
        }
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < labels.size(); b++) {
            if (((bits >>> b) & 1) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(labels.get(b));
            }
        }
        return sb.toString();
    }

    private static List<String> labels(List<String> fromLayout, ColumnDefinition def) {
        if (def != null && !def.labels().isEmpty()) {
            return def.labels();
        }
        return fromLayout;
    }

    // ---------------------------------------------------------------- DECIMAL

    /**
     * The decoder's plain DECIMAL text (every scale digit), or canal's: canal's decoder ({@code LogBuffer.getDecimal})
     * prints the fraction in groups of nine digits and leaves out the last, shorter group ({@code scale % 9} digits)
     * when it is zero; with no fraction digit left it prints {@code 0}.
     */
    String decimal(String plain, int scale) {
        int partial = scale % 9;
        if (options.decimalFullScale() || partial == 0) {
            return plain;
        }
        int end = plain.length();
        for (int k = end - partial; k < end; k++) {
            if (plain.charAt(k) != '0') {
                return plain;
            }
        }
        String cut = plain.substring(0, end - partial);
        return cut.endsWith(".") ? cut + "0" : cut;
    }

    // ---------------------------------------------------------------- JSON

    private String json(RowImage image, int i, ColumnSpec c, ColumnDefinition def) {
        if (image.hasJsonDiffs(i) && !options.jsonPartialAsDocument()) {
            String name = def != null ? def.name() : c.name();
            return CanalJson.partialUpdate(name, i, image.jsonDiffs(i));
        }
        // A partial update whose before image lacked the document stays an expression: there is no document.
        return image.isPartialJson(i) ? image.text(i) : CanalJson.format(image.text(i));
    }

    // ---------------------------------------------------------------- strings

    private Value string(RowImage image, int i, ColumnSpec c, ColumnType type, ColumnDefinition def,
            boolean isNull) {
        switch (type) {
            case TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB -> {
                // canal gives NULLs the code their value would have: CLOB for text, BLOB for bytes
                boolean text = def != null ? isTextType(def.dataType()) : c.kind() == ColumnKind.TEXT;
                if (isNull) {
                    return new Value(null, text ? Types.CLOB : Types.BLOB);
                }
                return text ? new Value(text(image, i, c, def), Types.CLOB) : new Value(latin1(image.bytes(i)),
                        Types.BLOB);
            }
            default -> {
                boolean fixed = type == ColumnType.STRING;
                boolean binary = def != null ? def.columnType().toLowerCase(Locale.ROOT).contains("binary")
                        : c.kind() == ColumnKind.BYTES;
                if (isNull) {
                    return new Value(null, binary ? Types.BLOB : (fixed ? Types.CHAR : Types.VARCHAR));
                }
                if (binary) {
                    byte[] b = c.kind() == ColumnKind.BYTES ? image.bytes(i)
                            : image.text(i).getBytes(charsetOf(c));
                    return new Value(fixed ? latin1(b, trailingZerosStripped(b)) : latin1(b), Types.BLOB);
                }
                return new Value(text(image, i, c, def), fixed ? Types.CHAR : Types.VARCHAR);
            }
        }
    }

    private static boolean isTextType(String dataType) {
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "text", "tinytext", "mediumtext", "longtext" -> true;
            default -> false;
        };
    }

    /** A text column's value in the column's charset, or canal's one instance charset. */
    private String text(RowImage image, int i, ColumnSpec c, ColumnDefinition def) {
        if (c.kind() == ColumnKind.BYTES) {
            // The decoder did not know the charset (BLOB-typed TEXT without TABLE_MAP metadata): the definition does.
            Charset cs = options.perColumnCharset() && def != null ? mysqlCharset(def.charset())
                    : options.instanceCharset();
            return new String(image.bytes(i), cs);
        }
        String s = image.text(i);
        if (options.perColumnCharset()) {
            return s;
        }
        Charset from = charsetOf(c);
        Charset to = options.instanceCharset();
        return from.equals(to) ? s : new String(s.getBytes(from), to);
    }

    private static Charset charsetOf(ColumnSpec c) {
        return c.charset() != null ? c.charset() : StandardCharsets.UTF_8;
    }

    /** The Java charset for a MySQL character set name; UTF-8 when the name is null or unknown. */
    static Charset mysqlCharset(String name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        Charset cs = MYSQL_CHARSETS.get(name.toLowerCase(Locale.ROOT));
        return cs != null ? cs : StandardCharsets.UTF_8;
    }

    /**
     * MySQL strips BINARY(n)'s trailing zero bytes when it writes the row and the decoder pads them back; canal
     * delivers the bytes as logged, so the padding goes again.
     */
    private static int trailingZerosStripped(byte[] b) {
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n;
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String latin1(byte[] b, int length) {
        return new String(b, 0, length, StandardCharsets.ISO_8859_1);
    }
}
