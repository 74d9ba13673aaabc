package io.sluice.node.binlog;

import java.nio.charset.StandardCharsets;

/**
 * Decodes the small events around statements and transactions: INTVAR, RAND, USER_VAR, XID, XA_PREPARE,
 * ROWS_QUERY/ANNOTATE_ROWS and the LOAD DATA blocks. Layout: MySQL libs/mysql/binlog/event/statement_events.cpp,
 * control_events.cpp, load_data_events.cpp. Each reads from the end of its post-header (0 bytes for most), as MySQL
 * does, so that fields a newer server adds there are skipped. Stateless.
 */
final class StatementEventDecoder {
    private static final int BINARY_COLLATION = 63;

    private StatementEventDecoder() {
    }

    static IntVarEvent decodeIntVar(EventHeader header, ByteReader r, int postHeaderLength) {
        r.skip(postHeaderLength);
        return new IntVarEvent(header, r.u8(), r.u64());
    }

    static RandEvent decodeRand(EventHeader header, ByteReader r, int postHeaderLength) {
        r.skip(postHeaderLength);
        return new RandEvent(header, r.u64(), r.u64());
    }

    static XidEvent decodeXid(EventHeader header, ByteReader r, int postHeaderLength) {
        r.skip(postHeaderLength);
        return new XidEvent(header, r.u64());
    }

    static XaPrepareEvent decodeXaPrepare(EventHeader header, ByteReader r, int postHeaderLength) {
        r.skip(postHeaderLength);
        boolean onePhase = r.u8() != 0;
        return new XaPrepareEvent(header, onePhase, XaId.read(r, 4, "XA_PREPARE"));
    }

    /**
     * name length, name, NULL flag; for non-NULL values type, collation, value length, value, and (MySQL 5.5+,
     * MariaDB) a flags byte that older servers did not write.
     */
    static UserVarEvent decodeUserVar(EventHeader header, ByteReader r, int postHeaderLength) {
        r.skip(postHeaderLength);
        int nameLength = Lengths.count(r.u32(), 1, r, "USER_VAR name length");
        if (nameLength == 0) {
            throw new BinlogFormatException("USER_VAR with an empty variable name");
        }
        String name = r.string(nameLength, StandardCharsets.UTF_8);
        if (r.u8() != 0) {
            return new UserVarEvent(header, name, true, UserVarEvent.STRING, BINARY_COLLATION, new byte[0], 0);
        }
        int type = r.u8();
        if (type != UserVarEvent.STRING && type != UserVarEvent.REAL && type != UserVarEvent.INT
                && type != UserVarEvent.DECIMAL) {
            throw new BinlogFormatException("USER_VAR @" + name + " has value type " + type
                    + "; MySQL writes 0 (string), 1 (real), 2 (int) or 4 (decimal)");
        }
        long charset = r.u32();
        int valueLength = Lengths.count(r.u32(), 1, r, "USER_VAR value length");
        if ((type == UserVarEvent.REAL || type == UserVarEvent.INT) && valueLength != 8
                || type == UserVarEvent.DECIMAL && valueLength < 2) {
            throw new BinlogFormatException("USER_VAR @" + name + " of type " + type + " has a value of " + valueLength
                    + " bytes");
        }
        byte[] value = r.bytes(valueLength);
        int flags = r.hasRemaining() ? r.u8() : 0;
        return new UserVarEvent(header, name, false, type, charset, value, flags);
    }

    /** MySQL ROWS_QUERY starts with a length byte that holds only the length modulo 256; MySQL ignores it too. */
    static RowsQueryEvent decodeRowsQuery(EventHeader header, ByteReader r, int postHeaderLength) {
        r.skip(postHeaderLength);
        r.skip(1);
        return new RowsQueryEvent(header, r.restBytes());
    }

    static RowsQueryEvent decodeAnnotateRows(EventHeader header, ByteReader r, int postHeaderLength) {
        r.skip(postHeaderLength);
        return new RowsQueryEvent(header, r.restBytes());
    }

    /** APPEND_BLOCK, BEGIN_LOAD_QUERY (file id, data) and DELETE_FILE (file id only). */
    static LoadDataBlockEvent decodeLoadDataBlock(EventHeader header, ByteReader r, int postHeaderLength,
            boolean withData) {
        long fileId = r.u32();
        if (postHeaderLength > 4) {
            r.skip(postHeaderLength - 4);
        }
        return new LoadDataBlockEvent(header, fileId, withData ? r.restBytes() : new byte[0]);
    }
}
