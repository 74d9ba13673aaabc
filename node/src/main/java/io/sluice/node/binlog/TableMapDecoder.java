package io.sluice.node.binlog;

import io.sluice.node.mysql.ServerVersion;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * Decodes TABLE_MAP bodies. Layout: MySQL {@code Table_map_event} (libs/mysql/binlog/event/rows_event.cpp); the
 * per-type metadata sizes follow {@code table_def::table_def} (sql/rpl_utility.cc). Stateless.
 *
 * <p>Column metadata is unpacked to one int per column, the contract the rows decoder relies on: one-byte
 * metadata as is; DECIMAL/NEWDECIMAL, STRING, ENUM, SET and BIT as {@code first << 8 | second} in wire order;
 * VARCHAR and VAR_STRING as a little-endian 16-bit length; types without metadata as 0.
 */
final class TableMapDecoder {
    /** Post-header of sources built from a tree before MySQL 5.1.4: 4-byte table ids. */
    private static final int OLD_POST_HEADER_LENGTH = 6;
    private static final int POST_HEADER_LENGTH = 8;

    private TableMapDecoder() {
    }

    static TableMapEvent decode(EventHeader header, ByteReader r, int postHeaderLength, ServerVersion server) {
        long tableId = postHeaderLength == OLD_POST_HEADER_LENGTH ? r.u32() : r.u48();
        int flags = r.u16();
        if (postHeaderLength > POST_HEADER_LENGTH) {
            r.skip(postHeaderLength - POST_HEADER_LENGTH);
        }
        String schema = name(r, "TABLE_MAP schema name length", "schema");
        String table = name(r, "TABLE_MAP table name length", "table");
        try {
            int columns = Lengths.packedCount(r, 1, "column count");
            byte[] types = r.bytes(columns);
            int[] meta = new int[columns];
            BitSet nullable;
            if (r.hasRemaining()) {
                int metaLength = Lengths.packedCount(r, 1, "metadata length");
                unpackMetadata(r.slice(metaLength), types, meta);
                nullable = r.bitmap(columns);
            } else {
                // Events of 5.1 pre-GA sources end after the column types.
                nullable = new BitSet();
            }
            TableMetadata metadata = r.hasRemaining()
                    ? TableMetadataDecoder.decode(r, types, meta, server.isMariaDb())
                    : TableMetadata.EMPTY;
            return new TableMapEvent(header, tableId, flags, schema, table, types, meta, nullable, metadata);
        } catch (BinlogFormatException e) {
            // the table is named here, once, so that messages need not be built on the way for every event
            throw new BinlogFormatException("TABLE_MAP for " + schema + "." + table + ": " + e.getMessage(), e);
        }
    }

    /** A name: its length (packed), its bytes, and a NUL that repeats what the length said. */
    private static String name(ByteReader r, String lengthName, String what) {
        int length = Lengths.packedCount(r, 1, lengthName);
        String name = r.string(length, StandardCharsets.UTF_8);
        if (r.u8() != 0) {
            throw new BinlogFormatException("TABLE_MAP " + what + " name '" + name + "' is not followed by a NUL");
        }
        return name;
    }

    private static void unpackMetadata(ByteReader m, byte[] types, int[] meta) {
        for (int i = 0; i < types.length; i++) {
            int type = types[i] & 0xff;
            int length = metadataLength(type);
            if (length < 0) {
                throw new BinlogFormatException("column " + i + " has type code " + type
                        + ", which no MySQL or MariaDB version defines for the binlog, so the length of its metadata"
                        + " and of everything after it is unknown");
            }
            if (type == ColumnType.TYPED_ARRAY.code()) {
                meta[i] = typedArray(m, i);
            } else {
                meta[i] = read(m, type, length);
            }
        }
        if (m.hasRemaining()) {
            throw new BinlogFormatException("the metadata block holds " + m.remaining()
                    + " bytes more than its " + types.length + " column types use");
        }
    }

    /** A multi-valued index array (MySQL 8.0.17+): the element type, then the element type's metadata. */
    private static int typedArray(ByteReader m, int column) {
        int elementType = m.u8();
        int length = metadataLength(elementType);
        if (length < 0 || elementType == ColumnType.TYPED_ARRAY.code()) {
            throw new BinlogFormatException("column " + column
                    + " is a typed array of unknown element type " + elementType);
        }
        return elementType << 16 | read(m, elementType, length);
    }

    private static int read(ByteReader m, int type, int length) {
        return switch (length) {
            case 0 -> 0;
            case 1 -> m.u8();
            default -> type == ColumnType.VARCHAR.code() || type == ColumnType.VAR_STRING.code()
                    ? m.u16()
                    : m.u8() << 8 | m.u8();
        };
    }

    /** Bytes of metadata a column type has in TABLE_MAP, or -1 for type codes no server writes. */
    static int metadataLength(int type) {
        ColumnType t = ColumnType.ofCode(type);
        if (t == null) {
            return -1;
        }
        return switch (t) {
            case DECIMAL, TINY, SHORT, LONG, NULL, TIMESTAMP, LONGLONG, INT24, DATE, TIME, DATETIME, YEAR, NEWDATE -> 0;
            case FLOAT, DOUBLE, TIMESTAMP2, DATETIME2, TIME2, VECTOR, JSON, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB,
                    GEOMETRY, TYPED_ARRAY -> 1;
            case VARCHAR, VAR_STRING, BIT, NEWDECIMAL, ENUM, SET, STRING -> 2;
            case INVALID, BOOL -> -1;
        };
    }
}
