package io.sluice.node.entry;

import java.io.ByteArrayOutputStream;
import java.util.BitSet;
import java.util.Map;

import io.sluice.node.binlog.ByteReader;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventPosition;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.RowsEventDecoder;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.binlog.TableMetadata;
import io.sluice.node.source.DecodedEvent;

/** Builds v1 rows events field by field (table id, flags, column count, bitmaps, then per row NULL bitmap + values). */
final class RowsBodies {
    static final int WRITE_V1 = 23;
    static final int UPDATE_V1 = 24;
    static final int DELETE_V1 = 25;
    static final long TIMESTAMP = 1_700_000_000L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static RowsBodies of(int columns, boolean update) {
        RowsBodies b = new RowsBodies();
        b.le(1, 6).le(RowsEvent.STMT_END_F, 2).u8(columns); // table id 1, flags, column count (< 251)
        b.allPresent(columns);
        if (update) {
            b.allPresent(columns);
        }
        return b;
    }

    private void allPresent(int columns) {
        for (int i = 0; i < (columns + 7) / 8; i++) {
            u8((1 << Math.min(8, columns - 8 * i)) - 1);
        }
    }

    /** The NULL bitmap of one row image: bit i set when column i is NULL. */
    RowsBodies nulls(int columns, int... nullColumns) {
        byte[] bitmap = new byte[(columns + 7) / 8];
        for (int c : nullColumns) {
            bitmap[c / 8] |= (byte) (1 << (c % 8));
        }
        out.writeBytes(bitmap);
        return this;
    }

    RowsBodies u8(int v) {
        out.write(v);
        return this;
    }

    RowsBodies le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RowsBodies be(long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }

    RowsBodies bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] array() {
        return out.toByteArray();
    }

    static TableMapEvent table(String schema, String name, int[] types, int[] meta, TableMetadata md) {
        byte[] t = new byte[types.length];
        BitSet nullable = new BitSet();
        for (int i = 0; i < types.length; i++) {
            t[i] = (byte) types[i];
            nullable.set(i);
        }
        return new TableMapEvent(new EventHeader(TIMESTAMP, 19, 1, 0, 0, 0), 1, 1, schema, name, t, meta, nullable,
                md == null ? TableMetadata.EMPTY : md);
    }

    /** Decodes the body as a rows event of {@code typeCode} at {@code mysql-bin.000001:1000}. */
    static DecodedEvent decode(int typeCode, byte[] body, TableMapEvent table) {
        EventHeader header = new EventHeader(TIMESTAMP, typeCode, 7, EventHeader.LENGTH + body.length + 4,
                1000 + EventHeader.LENGTH + body.length + 4, 0);
        RowsEvent e = new RowsEventDecoder().decode(header, new ByteReader(body), 8, Map.of(1L, table)::get);
        return new DecodedEvent(EventPosition.of("mysql-bin.000001", 1000), e);
    }
}
