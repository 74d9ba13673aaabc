package io.sluice.node.binlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes QUERY, EXECUTE_LOAD_QUERY and MariaDB QUERY_COMPRESSED bodies, status variables included. Layout:
 * MySQL {@code Query_event::Query_event} (libs/mysql/binlog/event/statement_events.cpp) and MariaDB
 * {@code Query_log_event::Query_log_event} (sql/log_event.cc). Stateless.
 */
final class QueryEventDecoder {
    /** Post-header of binlog v1/v3: no status variables. */
    private static final int QUERY_HEADER_MINIMAL_LEN = 11;
    /** MySQL's MAX_DBS_IN_EVENT_MTS: more databases are reported as {@link QueryStatusVars#OVER_MAX_DBS}. */
    private static final int MAX_DBS_IN_EVENT = 16;
    private static final int GTID_FLAGS3_ALTER_COMMIT_OR_ROLLBACK = 0x04 | 0x08;

    private QueryEventDecoder() {
    }

    static QueryEvent decodeQuery(EventHeader header, ByteReader body, int postHeaderLength, boolean compressed) {
        return decode(header, body, postHeaderLength, compressed, null);
    }

    static ExecuteLoadQueryEvent decodeExecuteLoadQuery(EventHeader header, ByteReader body, int postHeaderLength) {
        long[] load = new long[4];
        QueryEvent query = decode(header, body, postHeaderLength, false, load);
        return new ExecuteLoadQueryEvent(query, load[0], load[1], load[2], (int) load[3]);
    }

    /**
     * @param load when not null, the EXECUTE_LOAD_QUERY fields after the QUERY post-header are read into it:
     *             file id, file name start, file name end, duplicate handling
     */
    private static QueryEvent decode(EventHeader header, ByteReader r, int postHeaderLength, boolean compressed,
            long[] load) {
        int minimal = load == null ? QUERY_HEADER_MINIMAL_LEN : QUERY_HEADER_MINIMAL_LEN + 2 + 13;
        if (postHeaderLength < QUERY_HEADER_MINIMAL_LEN || postHeaderLength == QUERY_HEADER_MINIMAL_LEN + 1
                || postHeaderLength > r.remaining() || (load != null && postHeaderLength < minimal)) {
            throw new BinlogFormatException("QUERY post-header length " + postHeaderLength
                    + " from the FORMAT_DESCRIPTION_EVENT does not fit an event body of " + r.remaining() + " bytes");
        }
        long threadId = r.u32();
        long execTime = r.u32();
        int dbLength = r.u8();
        int errorCode = r.u16();
        int statusLength = 0;
        if (postHeaderLength > QUERY_HEADER_MINIMAL_LEN) {
            statusLength = r.u16();
        }
        if (load != null) {
            load[0] = r.u32();
            load[1] = r.u32();
            load[2] = r.u32();
            load[3] = r.u8();
        }
        // Fields a newer server may have added to the post-header are skipped, as MySQL does.
        r.position(postHeaderLength);
        if (statusLength > r.remaining()) {
            throw new BinlogFormatException("QUERY status variables block of " + statusLength + " bytes, but only "
                    + r.remaining() + " bytes follow the post-header");
        }
        QueryStatusVars status = statusLength == 0 && postHeaderLength == QUERY_HEADER_MINIMAL_LEN
                ? QueryStatusVars.NONE
                : parseStatus(r.slice(statusLength));
        String db = r.string(dbLength, StandardCharsets.UTF_8);
        if (r.u8() != 0) {
            throw new BinlogFormatException("QUERY default database name of " + dbLength
                    + " bytes is not followed by its terminating NUL");
        }
        byte[] sql = compressed ? MariaDbCompression.inflate(r, "QUERY_COMPRESSED statement") : r.restBytes();
        return new QueryEvent(header, threadId, execTime, errorCode, status, db, sql);
    }

    /** Parses the status variables; the block is bounded, so a code not known ends it without harm. */
    static QueryStatusVars parseStatus(ByteReader r) {
        long flags2 = 0;
        long sqlMode = 0;
        String catalog = null;
        int autoIncrementIncrement = 1;
        int autoIncrementOffset = 1;
        int charsetClient = -1;
        int collationConnection = -1;
        int collationServer = -1;
        String timeZone = null;
        int lcTimeNames = 0;
        int charsetDatabase = 0;
        long tableMapForUpdate = 0;
        long masterDataWritten = 0;
        String invokerUser = null;
        String invokerHost = null;
        int updatedDbCount = -1;
        List<String> updatedDbNames = List.of();
        int microseconds = -1;
        long commitSequenceNumber = -1;
        int explicitDefaults = -1;
        long ddlXid = -1;
        int defaultCollationForUtf8mb4 = 0;
        int sqlRequirePrimaryKey = -1;
        int defaultTableEncryption = -1;
        long mariaDbXid = -1;
        int gtidFlags3 = 0;
        long startAlterSequence = 0;
        int[] characterSetCollations = new int[0];
        long presentLow = 0;
        long presentMariaDb = 0;
        int unknownCode = -1;

        loop:
        while (r.hasRemaining()) {
            int code = r.u8();
            switch (code) {
                case QueryStatusVars.Q_FLAGS2_CODE -> flags2 = r.u32();
                case QueryStatusVars.Q_SQL_MODE_CODE -> sqlMode = r.u64();
                case QueryStatusVars.Q_CATALOG_CODE -> {
                    catalog = catalog(r, r.u8());
                    r.skip(1); // the 5.0.0-5.0.3 form keeps the trailing NUL
                }
                case QueryStatusVars.Q_AUTO_INCREMENT -> {
                    autoIncrementIncrement = r.u16();
                    autoIncrementOffset = r.u16();
                }
                case QueryStatusVars.Q_CHARSET_CODE -> {
                    charsetClient = r.u16();
                    collationConnection = r.u16();
                    collationServer = r.u16();
                }
                case QueryStatusVars.Q_TIME_ZONE_CODE -> timeZone = r.string(r.u8(), StandardCharsets.UTF_8);
                case QueryStatusVars.Q_CATALOG_NZ_CODE -> catalog = catalog(r, r.u8());
                case QueryStatusVars.Q_LC_TIME_NAMES_CODE -> lcTimeNames = r.u16();
                case QueryStatusVars.Q_CHARSET_DATABASE_CODE -> charsetDatabase = r.u16();
                case QueryStatusVars.Q_TABLE_MAP_FOR_UPDATE_CODE -> tableMapForUpdate = r.u64();
                case QueryStatusVars.Q_MASTER_DATA_WRITTEN_CODE -> masterDataWritten = r.u32();
                case QueryStatusVars.Q_INVOKER -> {
                    invokerUser = r.string(r.u8(), StandardCharsets.UTF_8);
                    invokerHost = r.string(r.u8(), StandardCharsets.UTF_8);
                }
                case QueryStatusVars.Q_UPDATED_DB_NAMES -> {
                    updatedDbCount = r.u8();
                    if (updatedDbCount > MAX_DBS_IN_EVENT) {
                        // The server logged no names; MySQL reads nothing more for this code either.
                        updatedDbCount = QueryStatusVars.OVER_MAX_DBS;
                    } else if (updatedDbCount == 0) {
                        throw new BinlogFormatException("QUERY status variable Q_UPDATED_DB_NAMES lists 0 databases");
                    } else {
                        List<String> names = new ArrayList<>(updatedDbCount);
                        for (int i = 0; i < updatedDbCount; i++) {
                            names.add(r.nulString(StandardCharsets.UTF_8));
                        }
                        updatedDbNames = List.copyOf(names);
                    }
                }
                case QueryStatusVars.Q_MICROSECONDS, QueryStatusVars.Q_HRNOW -> microseconds = r.u24();
                case QueryStatusVars.Q_COMMIT_TS -> commitSequenceNumber = r.u64();
                case QueryStatusVars.Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP -> explicitDefaults = r.u8() == 0 ? 0 : 1;
                case QueryStatusVars.Q_DDL_LOGGED_WITH_XID -> ddlXid = r.u64();
                case QueryStatusVars.Q_DEFAULT_COLLATION_FOR_UTF8MB4 -> defaultCollationForUtf8mb4 = r.u16();
                case QueryStatusVars.Q_SQL_REQUIRE_PRIMARY_KEY -> sqlRequirePrimaryKey = r.u8();
                case QueryStatusVars.Q_DEFAULT_TABLE_ENCRYPTION -> defaultTableEncryption = r.u8();
                case QueryStatusVars.Q_XID -> mariaDbXid = r.u64();
                case QueryStatusVars.Q_GTID_FLAGS3 -> {
                    gtidFlags3 = r.u8();
                    if ((gtidFlags3 & GTID_FLAGS3_ALTER_COMMIT_OR_ROLLBACK) != 0) {
                        startAlterSequence = r.u64();
                    }
                }
                case QueryStatusVars.Q_CHARACTER_SET_COLLATIONS -> {
                    int pairs = r.u8();
                    characterSetCollations = new int[pairs * 2];
                    for (int i = 0; i < pairs * 2; i++) {
                        characterSetCollations[i] = r.u16();
                    }
                }
                default -> {
                    // Servers write codes in increasing order and readers stop at the first unknown one; the block
                    // length still tells where the database name starts, so nothing else is lost.
                    unknownCode = code;
                    break loop;
                }
            }
            if (code < 64) {
                presentLow |= 1L << code;
            } else {
                presentMariaDb |= 1L << (code - 128);
            }
        }
        return new QueryStatusVars(flags2, sqlMode, catalog, autoIncrementIncrement, autoIncrementOffset,
                charsetClient, collationConnection, collationServer, timeZone, lcTimeNames, charsetDatabase,
                tableMapForUpdate, masterDataWritten, invokerUser, invokerHost, updatedDbCount, updatedDbNames,
                microseconds, commitSequenceNumber, explicitDefaults, ddlXid, defaultCollationForUtf8mb4,
                sqlRequirePrimaryKey, defaultTableEncryption, mariaDbXid, gtidFlags3, startAlterSequence,
                characterSetCollations, presentLow, presentMariaDb, unknownCode);
    }

    /** The catalog is "std" in every server ever released; avoid a new String per QUERY event for it. */
    private static String catalog(ByteReader r, int length) {
        if (length == 3 && r.remaining() >= 3) {
            byte[] a = r.array();
            int p = r.arrayOffset();
            if (a[p] == 's' && a[p + 1] == 't' && a[p + 2] == 'd') {
                r.skip(3);
                return "std";
            }
        }
        return r.string(length, StandardCharsets.UTF_8);
    }
}
