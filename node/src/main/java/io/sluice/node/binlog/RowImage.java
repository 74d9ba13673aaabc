package io.sluice.node.binlog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * One row image (the row before or after a change) of a rows event: per column absent, NULL, or a value.
 *
 * <p>Storage: the images of one event share three arrays owned by the {@link RowsEvent}: a {@code long[]} that holds
 * every value with a primitive form (integers, BIT, YEAR, ENUM index, SET bitmask, temporals in the packed forms of
 * {@link TemporalCodec}, DECIMAL of precision 18 or less as its unscaled value, FLOAT/DOUBLE as raw bits), an
 * {@code Object[]} only for strings, bytes, wide decimals and JSON, and a {@code byte[]} of states. An image is a
 * window of {@code columnCount} slots in them. Integers are never boxed or printed until {@link #value} or
 * {@link #text} is asked for.
 *
 * <p>Ownership: a RowImage and its arrays are never reused or changed after decoding; they stay valid as long as
 * anyone holds them and may be read from any thread once the event has been handed over safely. Arrays returned by
 * {@link #value} and {@link #bytes} are copies.
 *
 * <p>Absent columns (not in the event's columns-present bitmap, e.g. with {@code binlog_row_image=MINIMAL}) are
 * neither NULL nor values: {@link #isPresent} is false and the accessors throw.
 */
public final class RowImage {
    static final byte ABSENT = 0;
    static final byte NULL = 1;
    static final byte VALUE = 2;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final TableLayout layout;
    private final long[] longs;
    private final Object[] objects;
    private final byte[] states;
    private final int base;

    RowImage(TableLayout layout, long[] longs, Object[] objects, byte[] states, int base) {
        this.layout = layout;
        this.longs = longs;
        this.objects = objects;
        this.states = states;
        this.base = base;
    }

    public TableLayout layout() {
        return layout;
    }

    public int columnCount() {
        return layout.columnCount();
    }

    public ColumnSpec column(int i) {
        return layout.column(i);
    }

    /** True when the image carries column {@code i} (NULL or a value). */
    public boolean isPresent(int i) {
        return state(i) != ABSENT;
    }

    /** True when the image carries column {@code i} as SQL NULL. */
    public boolean isNull(int i) {
        return state(i) == NULL;
    }

    /** True when the image carries a non-NULL value for column {@code i}. */
    public boolean hasValue(int i) {
        return state(i) == VALUE;
    }

    private byte state(int i) {
        checkIndex(i);
        return states[base + i];
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= layout.columnCount()) {
            throw new IndexOutOfBoundsException("column " + i + " of " + layout.columnCount());
        }
    }

    private ColumnSpec valueColumn(int i) {
        byte s = state(i);
        if (s != VALUE) {
            throw new IllegalStateException("column " + layout.column(i).describe() + " is "
                    + (s == NULL ? "NULL" : "absent from this image"));
        }
        return layout.column(i);
    }

    /**
     * The primitive form of column {@code i}: integers (sign- or zero-extended as the column is known signed or
     * unsigned; unsigned BIGINT as its raw 64 bits), BIT, YEAR, ENUM index, SET bitmask, DATE/DATETIME/TIME/
     * TIMESTAMP in {@link TemporalCodec}'s packed forms.
     *
     * @throws IllegalStateException for NULL or absent columns and kinds without a long form (see
     *                               {@link #decimalValue}, {@link #doubleValue})
     */
    public long longValue(int i) {
        ColumnSpec c = valueColumn(i);
        switch (c.kind()) {
            case INTEGER, BIT, YEAR, DATE, TIME, DATETIME, TIMESTAMP, ENUM, SET -> {
                return longs[base + i];
            }
            default -> throw new IllegalStateException("column " + c.describe() + " of kind " + c.kind()
                    + " has no long value");
        }
    }

    /** FLOAT (widened) and DOUBLE values. */
    public double doubleValue(int i) {
        ColumnSpec c = valueColumn(i);
        long bits = longs[base + i];
        return switch (c.kind()) {
            case FLOAT -> Float.intBitsToFloat((int) bits);
            case DOUBLE -> Double.longBitsToDouble(bits);
            default -> throw new IllegalStateException("column " + c.describe() + " of kind " + c.kind()
                    + " has no double value");
        };
    }

    /** DECIMAL values. */
    public BigDecimal decimalValue(int i) {
        ColumnSpec c = valueColumn(i);
        if (c.kind() != ColumnKind.DECIMAL) {
            throw new IllegalStateException("column " + c.describe() + " is not DECIMAL");
        }
        Object o = objects == null ? null : objects[base + i];
        return o instanceof BigDecimal d ? d : BigDecimal.valueOf(longs[base + i], c.scale);
    }

    /** The raw bytes of BYTES, GEOMETRY and VECTOR values (a copy). */
    public byte[] bytes(int i) {
        ColumnSpec c = valueColumn(i);
        if (objects != null && objects[base + i] instanceof byte[] b) {
            return b.clone();
        }
        throw new IllegalStateException("column " + c.describe() + " of kind " + c.kind() + " has no bytes");
    }

    /**
     * True when a JSON column of a PARTIAL_UPDATE_ROWS after image holds diffs that could not be applied because
     * the before image lacks the document (binlog_row_image=MINIMAL); {@link #jsonDiffs} has them and
     * {@link #text} shows them as an SQL expression instead of a document.
     */
    public boolean isPartialJson(int i) {
        return state(i) == VALUE && objects != null && objects[base + i] instanceof PartialJson;
    }

    /**
     * True when a JSON column of a PARTIAL_UPDATE_ROWS after image was sent as diffs, applied or not: consumers that
     * want the update as an expression (canal's behaviour) read {@link #jsonDiffs}, others the document in
     * {@link #text}.
     */
    public boolean hasJsonDiffs(int i) {
        return state(i) == VALUE && objects != null
                && (objects[base + i] instanceof PartialJson || objects[base + i] instanceof AppliedJson);
    }

    /** The diffs of a partial JSON value (see {@link #hasJsonDiffs}). */
    public List<JsonDiff> jsonDiffs(int i) {
        if (!hasJsonDiffs(i)) {
            throw new IllegalStateException("column " + layout.column(i).describe() + " is not a partial JSON value");
        }
        Object o = objects[base + i];
        return o instanceof PartialJson p ? p.diffs() : ((AppliedJson) o).diffs();
    }

    /**
     * The value as a Java object: null for NULL, otherwise as {@link ColumnKind} describes (Long, BigInteger for
     * unsigned BIGINT, BigDecimal, Float, Double, Integer for YEAR, LocalDate/LocalDateTime/Instant or the text for
     * zero dates, Duration, String, byte[] copies, label strings or Long for ENUM/SET).
     *
     * @throws IllegalStateException for absent columns
     */
    public Object value(int i) {
        byte s = state(i);
        if (s == ABSENT) {
            throw new IllegalStateException("column " + layout.column(i).describe() + " is absent from this image");
        }
        if (s == NULL) {
            return null;
        }
        ColumnSpec c = layout.column(i);
        long v = longs[base + i];
        Object o = objects == null ? null : objects[base + i];
        switch (c.kind()) {
            case INTEGER:
                return c.op == ColumnSpec.OP_LONGLONG && c.isUnsigned() && v < 0
                        ? new BigInteger(Long.toUnsignedString(v))
                        : c.op == ColumnSpec.OP_LONGLONG && c.isUnsigned() ? BigInteger.valueOf(v) : (Object) v;
            case DECIMAL:
                return decimalValue(i);
            case FLOAT:
                return Float.intBitsToFloat((int) v);
            case DOUBLE:
                return Double.longBitsToDouble(v);
            case BIT:
                return v;
            case YEAR:
                return (int) v;
            case DATE: {
                Object d = TemporalCodec.toLocalDate(v);
                return d != null ? d : text(i);
            }
            case DATETIME: {
                Object d = TemporalCodec.toLocalDateTime(v);
                return d != null ? d : text(i);
            }
            case TIMESTAMP: {
                Object d = TemporalCodec.toInstant(v);
                return d != null ? d : text(i);
            }
            case TIME:
                return TemporalCodec.toDuration(v);
            case ENUM:
                return c.enumLabels() != null && v >= 0 && v <= c.enumLabels().size() ? text(i) : (Object) v;
            case SET:
                return c.setLabels() != null && setFits(v, c.setLabels().size()) ? text(i) : (Object) v;
            case BYTES, GEOMETRY, VECTOR:
                return ((byte[]) o).clone();
            case TEXT, JSON:
                return o instanceof PartialJson || o instanceof AppliedJson ? text(i) : o;
            default:
                return null;
        }
    }

    /**
     * The canonical text of column {@code i}, or null for SQL NULL; see {@link ColumnKind} for the forms.
     *
     * @throws IllegalStateException for absent columns
     */
    public String text(int i) {
        byte s = state(i);
        if (s == ABSENT) {
            throw new IllegalStateException("column " + layout.column(i).describe() + " is absent from this image");
        }
        if (s == NULL) {
            return null;
        }
        ColumnSpec c = layout.column(i);
        long v = longs[base + i];
        Object o = objects == null ? null : objects[base + i];
        switch (c.kind()) {
            case INTEGER:
                return c.isUnsigned() && c.op == ColumnSpec.OP_LONGLONG ? Long.toUnsignedString(v) : Long.toString(v);
            case DECIMAL:
                return o instanceof BigDecimal d ? MysqlDecimal.toText(d) : MysqlDecimal.toText(v, c.scale);
            case FLOAT:
                return Float.toString(Float.intBitsToFloat((int) v));
            case DOUBLE:
                return Double.toString(Double.longBitsToDouble(v));
            case BIT: {
                char[] digits = new char[c.bitWidth];
                for (int b = 0; b < c.bitWidth; b++) {
                    digits[c.bitWidth - 1 - b] = ((v >>> b) & 1) != 0 ? '1' : '0';
                }
                return new String(digits);
            }
            case YEAR: {
                String y = Long.toString(v);
                return "0000".substring(y.length()) + y;
            }
            case DATE: {
                StringBuilder sb = new StringBuilder(10);
                TemporalCodec.appendDate(sb, v);
                return sb.toString();
            }
            case DATETIME: {
                StringBuilder sb = new StringBuilder(26);
                TemporalCodec.appendDatetime(sb, v, c.fsp);
                return sb.toString();
            }
            case TIMESTAMP: {
                StringBuilder sb = new StringBuilder(26);
                TemporalCodec.appendTimestamp(sb, v, c.fsp);
                return sb.toString();
            }
            case TIME: {
                StringBuilder sb = new StringBuilder(17);
                TemporalCodec.appendTime(sb, v, c.fsp);
                return sb.toString();
            }
            case ENUM: {
                List<String> labels = c.enumLabels();
                if (labels != null && v >= 0 && v <= labels.size()) {
                    return v == 0 ? "" : labels.get((int) v - 1);
                }
                return Long.toString(v);
            }
            case SET: {
                List<String> labels = c.setLabels();
                if (labels == null || !setFits(v, labels.size())) {
                    return Long.toUnsignedString(v);
                }
                StringBuilder sb = new StringBuilder();
                for (int b = 0; b < labels.size(); b++) {
                    if (((v >>> b) & 1) != 0) {
                        if (sb.length() > 0) {
                            sb.append(',');
                        }
                        sb.append(labels.get(b));
                    }
                }
                return sb.toString();
            }
            case BYTES, GEOMETRY, VECTOR:
                return hex((byte[]) o);
            case TEXT:
                return (String) o;
            case JSON:
                return o instanceof PartialJson p ? p.describe()
                        : o instanceof AppliedJson a ? a.document() : (String) o;
            default:
                return null;
        }
    }

    private static boolean setFits(long bits, int members) {
        return members >= 64 || (bits >>> members) == 0;
    }

    static String hex(byte[] b) {
        char[] out = new char[2 + b.length * 2];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < b.length; i++) {
            out[2 + 2 * i] = HEX[(b[i] >> 4) & 15];
            out[3 + 2 * i] = HEX[b[i] & 15];
        }
        return new String(out);
    }

    /** {@code {0=1, 1=abc, 2=NULL}} with absent columns left out; for logs and test failures. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (int i = 0; i < columnCount(); i++) {
            if (!isPresent(i)) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(i).append('=').append(isNull(i) ? "NULL" : text(i));
        }
        return sb.append('}').toString();
    }

    /** A partial JSON value whose diffs were applied to the before image's document; kept for canal's expression. */
    record AppliedJson(String document, List<JsonDiff> diffs) {
    }

    /** A partial JSON value whose diffs could not be applied; text as {@link JsonDiff#describe}. */
    record PartialJson(List<JsonDiff> diffs, String column) {
        String describe() {
            return JsonDiff.describe(column, diffs);
        }
    }
}
