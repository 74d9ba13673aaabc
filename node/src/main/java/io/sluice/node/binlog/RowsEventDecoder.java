package io.sluice.node.binlog;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes the body of a rows event (WRITE/UPDATE/DELETE_ROWS v0/v1/v2, PARTIAL_UPDATE_ROWS); MariaDB compressed rows
 * events arrive here already inflated and are read like v1.
 *
 * <p>Body layout:
 * <pre>
 *   table id        6 bytes (4 when the post-header length is 6: sources before 5.1.4)
 *   flags           2 bytes (STMT_END_F ...)
 *   [extra length   2 bytes, counting itself; then the extra-data block]   post-header length 10 (v2)
 *   column count    length-encoded integer; must equal the TABLE_MAP's
 *   columns bitmap  (count + 7) / 8 bytes; UPDATE v1/v2 and PARTIAL_UPDATE have a second one for the after image
 *   rows            per image: [PARTIAL_UPDATE after image: value_options (length-encoded), and when bit 0
 *                   (PARTIAL_JSON_UPDATES) is set, one bit per JSON column of the table telling which are diffs]
 *                   NULL bitmap over the present columns only, then the values of present non-NULL columns
 * </pre>
 * Pre-GA (v0) events have one bitmap for both UPDATE images and rows in the old record layout: the table's record
 * NULL bytes, then every present column's value, NULL columns included (packed as defaults). The NULL bytes start
 * with a reserved "X" bit unless the table has packed records, which the server used for tables with
 * variable-length columns; the decoder reads them that way first and falls back to the other reading if only that
 * one consumes the event exactly. Tables with BIT columns, whose spare bits also live in those bytes, are refused.
 *
 * <p>Errors: anything that does not fit is a {@link BinlogFormatException} naming the event type, schema.table,
 * table id, row, image, column (number, name when known, type code, metadata) and what was wrong. Lengths are
 * checked against the bytes left before anything is allocated, and a row that consumes no bytes is refused, so
 * corrupt input cannot loop or exhaust memory.
 *
 * <p>State: a decoder caches a {@link TableLayout} per table id (bounded, see {@link #layoutFor}), and keeps scratch
 * space between calls. One instance per binlog stream; not thread-safe.
 */
public final class RowsEventDecoder {
    private static final int MAX_CACHED_LAYOUTS = 1024;
    private static final long PARTIAL_JSON_UPDATES = 1;
    private static final int JSON_ABSENT = -1;
    private static final int JSON_NULL = -2;

    private final ColumnHints.Source hintsSource;
    /** The layout per table id, least recently used dropped first. */
    private final Map<Long, Cached> layouts = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Cached> eldest) {
            return size() > MAX_CACHED_LAYOUTS;
        }
    };
    private Cached lastLayout;

    // per-call state, cleared when a call ends
    private byte[] buf;
    private int pos;
    private int end;
    private String eventName;
    private TableLayout layout;
    private ColumnSpec[] cols;
    private long[] longs;
    private Object[] objects;
    private byte[] states;
    private int images;
    private int lastJsonOff;
    private int lastJsonLen;
    // before-image JSON slices of the current row (PARTIAL_UPDATE_ROWS): offset or JSON_ABSENT / JSON_NULL
    private int[] jsonOff = new int[0];
    private int[] jsonLen = new int[0];

    /** A decoder without schema hints: TABLE_MAP metadata and the documented defaults decide. */
    public RowsEventDecoder() {
        this(null);
    }

    /** A decoder that asks {@code hints} (may be null) once per TABLE_MAP event for column hints. */
    public RowsEventDecoder(ColumnHints.Source hints) {
        this.hintsSource = hints;
    }

    /** Forgets the cached layouts, e.g. after the hints source learned a new schema. */
    public void invalidateLayouts() {
        layouts.clear();
        lastLayout = null;
    }

    /**
     * The layout rows of {@code table} are decoded with. Servers repeat a table's TABLE_MAP in every transaction;
     * a new TABLE_MAP event object asks the hints source once, and when the hints are the same object as before and
     * the definition (types, metadata, signedness, collations, names, labels) is unchanged, the previous layout is
     * reused.
     */
    public TableLayout layoutFor(TableMapEvent table) {
        Cached c = lastLayout;
        if (c != null && c.table == table) {
            return c.layout;
        }
        c = layouts.get(table.tableId());
        if (c == null || c.table != table) {
            ColumnHints h = hintsSource == null ? null : hintsSource.hintsFor(table);
            if (c != null && c.hints == h && sameDefinition(c.table, table)) {
                c.table = table;
            } else {
                c = new Cached(table, h, TableLayout.of(table, h));
                layouts.put(table.tableId(), c);
            }
        }
        lastLayout = c;
        return c.layout;
    }

    private static boolean sameDefinition(TableMapEvent a, TableMapEvent b) {
        if (!Arrays.equals(a.columnTypes(), b.columnTypes()) || !Arrays.equals(a.columnMeta(), b.columnMeta())
                || !a.schema().equals(b.schema()) || !a.table().equals(b.table())) {
            return false;
        }
        TableMetadata x = a.metadata() == null ? TableMetadata.EMPTY : a.metadata();
        TableMetadata y = b.metadata() == null ? TableMetadata.EMPTY : b.metadata();
        return Arrays.equals(x.unsigned(), y.unsigned()) && Arrays.equals(x.collations(), y.collations())
                && Objects.equals(x.columnNames(), y.columnNames()) && Objects.equals(x.enumLabels(), y.enumLabels())
                && Objects.equals(x.setLabels(), y.setLabels());
    }

    /** A layout and what it was built from; {@code table} moves on to the latest equal TABLE_MAP event. */
    private static final class Cached {
        TableMapEvent table;
        final ColumnHints hints;
        final TableLayout layout;

        Cached(TableMapEvent table, ColumnHints hints, TableLayout layout) {
            this.table = table;
            this.hints = hints;
            this.layout = layout;
        }
    }

    /**
     * @param header           the event header; its type says which rows event this is
     * @param body             the bytes after the common header, checksum already cut off; consumed entirely
     * @param postHeaderLength the post-header length the format description gives for this type (6, 8 or 10)
     * @param tables           the table maps seen so far in this stream
     */
    public RowsEvent decode(EventHeader header, ByteReader body, int postHeaderLength, TableMapLookup tables) {
        try {
            RowsEvent event = decode0(header, body, postHeaderLength, tables);
            body.skip(body.remaining());
            return event;
        } finally {
            buf = null;
            layout = null;
            cols = null;
            longs = null;
            objects = null;
            states = null;
        }
    }

    private RowsEvent decode0(EventHeader header, ByteReader body, int ph, TableMapLookup tables) {
        int code = header.typeCode();
        EventType type = EventType.ofCode(code);
        eventName = type != null ? type.name() : "event type " + code;
        RowsEvent.Kind kind;
        int version;
        boolean partial = false;
        switch (code) {
            case 20 -> { kind = RowsEvent.Kind.INSERT; version = 0; }
            case 21 -> { kind = RowsEvent.Kind.UPDATE; version = 0; }
            case 22 -> { kind = RowsEvent.Kind.DELETE; version = 0; }
            case 23, 166, 169 -> { kind = RowsEvent.Kind.INSERT; version = 1; }
            case 24, 167, 170 -> { kind = RowsEvent.Kind.UPDATE; version = 1; }
            case 25, 168, 171 -> { kind = RowsEvent.Kind.DELETE; version = 1; }
            case 30 -> { kind = RowsEvent.Kind.INSERT; version = 2; }
            case 31 -> { kind = RowsEvent.Kind.UPDATE; version = 2; }
            case 32 -> { kind = RowsEvent.Kind.DELETE; version = 2; }
            case 39 -> { kind = RowsEvent.Kind.UPDATE; version = 2; partial = true; }
            default -> throw new BinlogFormatException(eventName + " is not a rows event");
        }
        if (ph != 6 && ph != 8 && ph != 10) {
            throw new BinlogFormatException(eventName + ": post-header length " + ph + " is not one of a rows "
                    + "event (6, 8 or 10)");
        }
        buf = body.array();
        pos = body.arrayOffset();
        end = pos + body.remaining();

        long tableId = ph == 6 ? le(4) : le(6);
        int flags = (int) le(2);
        RowsEvent.ExtraRowInfo extra = ph == 10 ? readExtra(kind) : RowsEvent.ExtraRowInfo.NONE;

        TableMapEvent table = tables.tableMap(tableId);
        if (table == null) {
            throw new BinlogFormatException(eventName + " for table id " + tableId + ": no TABLE_MAP for this id "
                    + "was seen before it");
        }
        long width = lenenc("column count");
        if (width != table.columnCount()) {
            throw new BinlogFormatException(eventName + " for " + table.qualifiedName() + " (table id " + tableId
                    + ") has " + width + " columns, its TABLE_MAP has " + table.columnCount());
        }
        if (width == 0) {
            throw new BinlogFormatException(eventName + " for " + table.qualifiedName() + " (table id " + tableId
                    + ") has no columns");
        }
        int n = (int) width;
        BitSet first = bitmap(n);
        BitSet second = kind != RowsEvent.Kind.UPDATE ? null : version == 0 ? first : bitmap(n);

        layout = layoutFor(table);
        cols = layout.columnArray();
        int[] present1 = setBits(first, n);
        int[] present2 = second == null ? null : second == first ? present1 : setBits(second, n);

        int expected = kind == RowsEvent.Kind.UPDATE ? 2 : 1;
        longs = new long[n * expected];
        objects = layout.hasObjectColumns() ? new Object[n * expected] : null;
        states = new byte[n * expected];
        images = 0;
        if (partial && jsonOff.length < n) {
            jsonOff = new int[n];
            jsonLen = new int[n];
        }

        int[] bases = version == 0 ? decodeRowsV0(kind, present1, table) : decodeRows(kind, present1, present2,
                partial);

        RowsEvent.RowChange[] rows = new RowsEvent.RowChange[bases.length / 2];
        for (int i = 0; i < bases.length; i += 2) {
            RowImage before = bases[i] < 0 ? null : new RowImage(layout, longs, objects, states, bases[i]);
            RowImage after = bases[i + 1] < 0 ? null : new RowImage(layout, longs, objects, states, bases[i + 1]);
            rows[i / 2] = new RowsEvent.RowChange(before, after);
        }
        return new RowsEvent(header, kind, version, table, layout, flags, first,
                kind == RowsEvent.Kind.UPDATE ? second : null, Collections.unmodifiableList(Arrays.asList(rows)),
                extra);
    }

    /** Decodes every row; returns (before base, after base) pairs, -1 for a missing image. */
    private int[] decodeRows(RowsEvent.Kind kind, int[] present1, int[] present2, boolean partial) {
        int[] bases = new int[8];
        int count = 0;
        while (pos < end) {
            int rowStart = pos;
            int row = count / 2;
            int before = -1;
            int after = -1;
            switch (kind) {
                case INSERT -> after = image(present1, row, "after image", false, false);
                case DELETE -> before = image(present1, row, "before image", false, false);
                default -> {
                    if (partial) {
                        for (int i = 0; i < cols.length; i++) {
                            jsonOff[i] = JSON_ABSENT;
                        }
                    }
                    before = image(present1, row, "before image", false, partial);
                    after = image(present2, row, "after image", partial, false);
                }
            }
            if (pos == rowStart) {
                throw new BinlogFormatException(context(row, "row") + ": a row of zero bytes (no column present)");
            }
            if (count + 2 > bases.length) {
                bases = Arrays.copyOf(bases, bases.length * 2);
            }
            bases[count++] = before;
            bases[count++] = after;
        }
        return Arrays.copyOf(bases, count);
    }

    /**
     * One row image at {@code pos}; returns its base slot.
     *
     * @param partialAfter PARTIAL_UPDATE_ROWS after image: value_options and partial bits come first
     * @param recordJson   remember where the JSON values are (PARTIAL_UPDATE_ROWS before image)
     */
    private int image(int[] present, int row, String which, boolean partialAfter, boolean recordJson) {
        int base = allocImage();
        int partialBits = -1;
        if (partialAfter) {
            long options;
            try {
                options = lenenc("value_options");
                if ((options & PARTIAL_JSON_UPDATES) != 0) {
                    int nb = (layout.jsonColumnCount() + 7) / 8;
                    need(nb, "partial JSON bitmap");
                    partialBits = pos;
                    pos += nb;
                }
            } catch (BinlogFormatException e) {
                throw new BinlogFormatException(context(row, which) + ": " + e.getMessage(), e);
            }
        }
        int nullBytes = (present.length + 7) / 8;
        if (nullBytes > end - pos) {
            throw new BinlogFormatException(context(row, which) + ": NULL bitmap of " + nullBytes + " bytes, only "
                    + (end - pos) + " left");
        }
        int nullPos = pos;
        pos += nullBytes;
        for (int k = 0; k < present.length; k++) {
            int col = present[k];
            ColumnSpec c = cols[col];
            int slot = base + col;
            boolean isNull = (buf[nullPos + (k >>> 3)] & (1 << (k & 7))) != 0;
            if (isNull || c.op == ColumnSpec.OP_NULL) {
                states[slot] = RowImage.NULL;
                if (recordJson && c.op == ColumnSpec.OP_JSON) {
                    jsonOff[col] = JSON_NULL;
                }
                continue;
            }
            try {
                if (partialBits >= 0 && c.op == ColumnSpec.OP_JSON && partialBit(partialBits, col)) {
                    decodePartialJson(c, slot, col);
                } else {
                    decodeValue(c, slot);
                    if (recordJson && c.op == ColumnSpec.OP_JSON) {
                        jsonOff[col] = lastJsonOff;
                        jsonLen[col] = lastJsonLen;
                    }
                }
            } catch (BinlogFormatException e) {
                throw new BinlogFormatException(context(row, which) + ", column " + c.describe() + ": "
                        + e.getMessage(), e);
            }
            states[slot] = RowImage.VALUE;
        }
        return base;
    }

    private boolean partialBit(int bitsPos, int col) {
        int rank = layout.jsonRank(col);
        return (buf[bitsPos + (rank >>> 3)] & (1 << (rank & 7))) != 0;
    }

    private void decodePartialJson(ColumnSpec c, int slot, int col) {
        long len = le(c.lengthBytes);
        need(len, "JSON diff list");
        List<JsonDiff> diffs = JsonDiff.parseList(buf, pos, (int) len);
        pos += (int) len;
        int before = jsonOff[col];
        if (before == JSON_NULL) {
            throw new BinlogFormatException("partial JSON update of a value that is NULL in the before image");
        }
        if (before >= 0) {
            JsonDom.Node doc = JsonDiff.apply(JsonBinary.parse(buf, before, jsonLen[col]), diffs);
            objects[slot] = new RowImage.AppliedJson(doc.toString(), List.copyOf(diffs));
        } else {
            String ref = c.name() != null ? "`" + c.name() + "`" : "@" + (col + 1);
            objects[slot] = new RowImage.PartialJson(List.copyOf(diffs), ref);
        }
    }

    /** Decodes one non-NULL value of column {@code c} at {@code pos} into {@code slot}. */
    private void decodeValue(ColumnSpec c, int slot) {
        switch (c.op) {
            case ColumnSpec.OP_TINY -> {
                need(1, "TINYINT");
                long v = buf[pos++];
                longs[slot] = c.isUnsigned() ? v & 0xff : v;
            }
            case ColumnSpec.OP_SHORT -> {
                long v = (short) le(2);
                longs[slot] = c.isUnsigned() ? v & 0xffff : v;
            }
            case ColumnSpec.OP_INT24 -> {
                long v = le(3);
                longs[slot] = c.isUnsigned() ? v : (v << 40) >> 40;
            }
            case ColumnSpec.OP_LONG -> {
                long v = le(4);
                longs[slot] = c.isUnsigned() ? v : (int) v;
            }
            case ColumnSpec.OP_LONGLONG, ColumnSpec.OP_DOUBLE -> longs[slot] = le(8);
            case ColumnSpec.OP_FLOAT -> longs[slot] = le(4);
            case ColumnSpec.OP_DECIMAL_LONG -> {
                need(c.length, "DECIMAL");
                longs[slot] = MysqlDecimal.decodeUnscaled(buf, pos, c.precision, c.scale);
                pos += c.length;
            }
            case ColumnSpec.OP_DECIMAL_BIG -> {
                need(c.length, "DECIMAL");
                objects[slot] = MysqlDecimal.decode(buf, pos, c.precision, c.scale);
                pos += c.length;
            }
            case ColumnSpec.OP_OLD_DECIMAL -> {
                need(c.length, "DECIMAL");
                String s = new String(buf, pos, c.length, StandardCharsets.ISO_8859_1).trim();
                pos += c.length;
                try {
                    objects[slot] = new BigDecimal(s);
                } catch (NumberFormatException e) {
                    throw new BinlogFormatException("invalid old DECIMAL text '" + s + "'");
                }
            }
            case ColumnSpec.OP_BIT -> {
                long v = be(c.length);
                if (c.bitWidth < 64 && (v >>> c.bitWidth) != 0) {
                    throw new BinlogFormatException("value 0x" + Long.toHexString(v) + " wider than BIT("
                            + c.bitWidth + ")");
                }
                longs[slot] = v;
            }
            case ColumnSpec.OP_YEAR -> {
                need(1, "YEAR");
                int y = buf[pos++] & 0xff;
                longs[slot] = y == 0 ? 0 : 1900 + y;
            }
            case ColumnSpec.OP_DATE -> longs[slot] = TemporalCodec.decodeDate((int) le(3));
            case ColumnSpec.OP_TIME -> longs[slot] = TemporalCodec.decodeOldTime(((int) le(3) << 8) >> 8);
            case ColumnSpec.OP_DATETIME -> longs[slot] = TemporalCodec.decodeOldDatetime(le(8));
            case ColumnSpec.OP_TIMESTAMP -> longs[slot] = le(4) * 1_000_000L;
            case ColumnSpec.OP_TIME2 -> longs[slot] = TemporalCodec.decodeTime2(be(3 + TemporalCodec.fracBytes(c.fsp)),
                    c.fsp);
            case ColumnSpec.OP_DATETIME2 -> {
                long intPart = be(5);
                int frac = c.fsp == 0 ? 0 : (int) be(TemporalCodec.fracBytes(c.fsp));
                longs[slot] = TemporalCodec.decodeDatetime2(intPart, frac, c.fsp);
            }
            case ColumnSpec.OP_TIMESTAMP2 -> {
                long seconds = be(4);
                int frac = c.fsp == 0 ? 0 : (int) be(TemporalCodec.fracBytes(c.fsp));
                longs[slot] = seconds * 1_000_000L + TemporalCodec.fracToMicros(frac, c.fsp);
            }
            case ColumnSpec.OP_VARSTRING, ColumnSpec.OP_CHAR -> {
                int len = (int) le(c.lengthBytes);
                if (c.length > 0 && len > c.length) {
                    throw new BinlogFormatException("string of " + len + " bytes in a column of at most " + c.length);
                }
                need(len, "string");
                if (c.charset != null) {
                    objects[slot] = new String(buf, pos, len, c.charset);
                } else if (c.padBinary && len < c.length) {
                    // BINARY(n): the server strips trailing zero bytes when logging; SELECT shows n bytes
                    byte[] b = new byte[c.length];
                    System.arraycopy(buf, pos, b, 0, len);
                    objects[slot] = b;
                } else {
                    objects[slot] = Arrays.copyOfRange(buf, pos, pos + len);
                }
                pos += len;
            }
            case ColumnSpec.OP_BLOB -> {
                long len = le(c.lengthBytes);
                need(len, "BLOB");
                int n = (int) len;
                if (c.kind() == ColumnKind.TEXT) {
                    objects[slot] = new String(buf, pos, n, c.charset);
                } else {
                    if (c.kind() == ColumnKind.VECTOR && n % 4 != 0) {
                        throw new BinlogFormatException("VECTOR of " + n + " bytes is not a float32 array");
                    }
                    objects[slot] = Arrays.copyOfRange(buf, pos, pos + n);
                }
                pos += n;
            }
            case ColumnSpec.OP_ENUM, ColumnSpec.OP_SET -> longs[slot] = le(c.length);
            case ColumnSpec.OP_JSON -> {
                long len = le(c.lengthBytes);
                need(len, "JSON");
                lastJsonOff = pos;
                lastJsonLen = (int) len;
                objects[slot] = JsonBinary.toJson(buf, pos, (int) len);
                pos += (int) len;
            }
            default -> throw new BinlogFormatException(c.problem() != null ? c.problem()
                    : "cannot decode values of this column");
        }
    }

    // ------------------------------------------------------------------ pre-GA rows

    private int[] decodeRowsV0(RowsEvent.Kind kind, int[] present, TableMapEvent table) {
        for (int col : present) {
            if (cols[col].op == ColumnSpec.OP_BIT) {
                throw new BinlogFormatException(eventName + " for " + layout.describe() + ": pre-GA rows of tables "
                        + "with BIT columns are not supported (column " + cols[col].describe() + ")");
            }
        }
        int[] nullRank = new int[cols.length];
        int nullable = 0;
        BitSet nullableCols = table.nullable() == null ? new BitSet() : table.nullable();
        for (int i = 0; i < cols.length; i++) {
            nullRank[i] = nullableCols.get(i) ? nullable++ : -1;
        }
        // The record's first NULL bit is a reserved "X" bit unless the table was created with packed records,
        // which the server chose for tables with variable-length columns.
        boolean packed = false;
        for (ColumnSpec c : cols) {
            packed |= c.op == ColumnSpec.OP_VARSTRING || c.op == ColumnSpec.OP_BLOB || c.op == ColumnSpec.OP_JSON;
        }
        int rowsStart = pos;
        BinlogFormatException firstError = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            int xbit = (attempt == 0) == packed ? 0 : 1;
            pos = rowsStart;
            images = 0;
            Arrays.fill(states, RowImage.ABSENT);
            try {
                return decodeRowsV0(kind, present, nullRank, nullable, xbit);
            } catch (BinlogFormatException e) {
                if (firstError == null) {
                    firstError = e;
                }
            }
        }
        throw new BinlogFormatException(firstError.getMessage() + " (pre-GA rows layout: neither reading of the "
                + "record NULL bytes fits the event)", firstError);
    }

    private int[] decodeRowsV0(RowsEvent.Kind kind, int[] present, int[] nullRank, int nullable, int xbit) {
        int[] bases = new int[8];
        int count = 0;
        int nullBytes = (xbit + nullable + 7) / 8;
        while (pos < end) {
            int rowStart = pos;
            int row = count / 2;
            int before = -1;
            int after = -1;
            if (kind != RowsEvent.Kind.INSERT) {
                before = imageV0(present, row, "before image", nullRank, nullBytes, xbit);
            }
            if (kind != RowsEvent.Kind.DELETE) {
                after = imageV0(present, row, "after image", nullRank, nullBytes, xbit);
            }
            if (pos == rowStart) {
                throw new BinlogFormatException(context(row, "row") + ": a row of zero bytes");
            }
            if (count + 2 > bases.length) {
                bases = Arrays.copyOf(bases, bases.length * 2);
            }
            bases[count++] = before;
            bases[count++] = after;
        }
        return Arrays.copyOf(bases, count);
    }

    private int imageV0(int[] present, int row, String which, int[] nullRank, int nullBytes, int xbit) {
        int base = allocImage();
        if (nullBytes > end - pos) {
            throw new BinlogFormatException(context(row, which) + ": record NULL bytes truncated");
        }
        int nullPos = pos;
        pos += nullBytes;
        for (int col : present) {
            ColumnSpec c = cols[col];
            int slot = base + col;
            try {
                if (c.op != ColumnSpec.OP_NULL) {
                    decodeValue(c, slot);
                }
            } catch (BinlogFormatException e) {
                throw new BinlogFormatException(context(row, which) + ", column " + c.describe() + ": "
                        + e.getMessage(), e);
            }
            int bit = nullRank[col] < 0 ? -1 : xbit + nullRank[col];
            boolean isNull = c.op == ColumnSpec.OP_NULL
                    || (bit >= 0 && (buf[nullPos + (bit >>> 3)] & (1 << (bit & 7))) != 0);
            if (isNull && objects != null) {
                objects[slot] = null;
            }
            states[slot] = isNull ? RowImage.NULL : RowImage.VALUE;
        }
        return base;
    }

    // ------------------------------------------------------------------ storage

    private int allocImage() {
        int n = cols.length;
        int needed = (images + 1) * n;
        if (needed > states.length) {
            int capacity = Math.max(needed, states.length * 2);
            longs = Arrays.copyOf(longs, capacity);
            states = Arrays.copyOf(states, capacity);
            if (objects != null) {
                objects = Arrays.copyOf(objects, capacity);
            }
        }
        int base = images * n;
        images++;
        return base;
    }

    // ------------------------------------------------------------------ header parts

    private RowsEvent.ExtraRowInfo readExtra(RowsEvent.Kind kind) {
        int extraLen = (int) le(2);
        if (extraLen < 2) {
            throw new BinlogFormatException(eventName + ": extra data length " + extraLen + " is less than its own "
                    + "2 bytes");
        }
        int n = extraLen - 2;
        need(n, "extra data");
        byte[] raw = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        int ndbFormat = -1;
        byte[] ndbData = null;
        int partition = -1;
        int sourcePartition = -1;
        int p = 0;
        while (p < n) {
            int tag = raw[p++] & 0xff;
            if (tag == 0) { // NDB info: length (counting itself and the format byte), format, payload
                if (n - p < 2) {
                    throw new BinlogFormatException(eventName + ": truncated NDB extra row info");
                }
                int len = raw[p] & 0xff;
                if (len < 2 || len > n - p) {
                    throw new BinlogFormatException(eventName + ": NDB extra row info of " + len + " bytes, "
                            + (n - p) + " left");
                }
                if (ndbData == null) {
                    ndbFormat = raw[p + 1] & 0xff;
                    ndbData = Arrays.copyOfRange(raw, p + 2, p + len);
                }
                p += len;
            } else if (tag == 1) { // partition info (MySQL 8.0): partition id, and the source one for UPDATE
                int width = kind == RowsEvent.Kind.UPDATE ? 4 : 2;
                if (n - p < width) {
                    throw new BinlogFormatException(eventName + ": truncated partition extra row info");
                }
                partition = (raw[p] & 0xff) | (raw[p + 1] & 0xff) << 8;
                if (kind == RowsEvent.Kind.UPDATE) {
                    sourcePartition = (raw[p + 2] & 0xff) | (raw[p + 3] & 0xff) << 8;
                }
                p += width;
            } else {
                break; // an unknown tag ends what can be understood; the bytes stay in raw
            }
        }
        return new RowsEvent.ExtraRowInfo(raw, ndbFormat, ndbData, partition, sourcePartition);
    }

    private BitSet bitmap(int bits) {
        int n = (bits + 7) >>> 3;
        need(n, "columns bitmap");
        BitSet set = BitSet.valueOf(java.nio.ByteBuffer.wrap(buf, pos, n));
        pos += n;
        if (set.length() > bits) {
            set.clear(bits, set.length());
        }
        return set;
    }

    private static int[] setBits(BitSet set, int n) {
        int[] out = new int[set.cardinality()];
        int k = 0;
        for (int i = set.nextSetBit(0); i >= 0 && i < n; i = set.nextSetBit(i + 1)) {
            out[k++] = i;
        }
        return k == out.length ? out : Arrays.copyOf(out, k);
    }

    // ------------------------------------------------------------------ bytes

    private void need(long n, String what) {
        if (n < 0 || n > end - pos) {
            throw new BinlogFormatException(what + " needs " + n + " bytes, only " + (end - pos) + " left in the "
                    + "event");
        }
    }

    /** Little-endian unsigned integer of 1..8 bytes. */
    private long le(int n) {
        need(n, n + "-byte integer");
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (buf[pos + i] & 0xffL) << (8 * i);
        }
        pos += n;
        return v;
    }

    /** Big-endian unsigned integer of 1..8 bytes. */
    private long be(int n) {
        need(n, n + "-byte integer");
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[pos + i] & 0xffL);
        }
        pos += n;
        return v;
    }

    private long lenenc(String what) {
        need(1, what);
        int first = buf[pos++] & 0xff;
        if (first < 0xfb) {
            return first;
        }
        return switch (first) {
            case 0xfc -> le(2);
            case 0xfd -> le(3);
            case 0xfe -> {
                long v = le(8);
                if (v < 0) {
                    throw new BinlogFormatException(what + " " + Long.toUnsignedString(v) + " is out of range");
                }
                yield v;
            }
            default -> throw new BinlogFormatException("invalid length-encoded " + what + " prefix 0x"
                    + Integer.toHexString(first));
        };
    }

    private String context(int row, String which) {
        return eventName + " for " + layout.describe() + ": row " + row + " " + which;
    }
}
