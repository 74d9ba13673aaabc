package io.sluice.node.binlog;

import java.util.List;

/**
 * The status variables of a QUERY event: the session state the statement ran under. Each variable is optional;
 * {@link #has(int)} tells whether the event carried it, and the value of one it did not carry is the default
 * noted below. Codes follow MySQL's {@code Query_event_status_vars} (0-21) and MariaDB's additions (128-131).
 *
 * <p>The block has its own length, so a code this decoder does not know ends the parsing without losing the
 * rest of the event, as in MySQL and MariaDB; {@link #unknownCode()} then names it.
 *
 * @param flags2                      OPTION_* bits (autocommit off, foreign/unique checks off, auto_is_null)
 * @param sqlMode                     sql_mode bits
 * @param catalog                     always "std" when present, else null
 * @param autoIncrementIncrement      auto_increment_increment, default 1
 * @param autoIncrementOffset         auto_increment_offset, default 1
 * @param charsetClient               character_set_client as a collation id, -1 when absent
 * @param collationConnection         collation_connection id, -1 when absent
 * @param collationServer             collation_server id, -1 when absent
 * @param timeZone                    time_zone, null when absent (the server's default)
 * @param lcTimeNames                 lc_time_names locale number, 0 (en_US) when absent
 * @param charsetDatabase             collation_database id, 0 when absent
 * @param tableMapForUpdate           bitmap of the tables a multi-table UPDATE changes
 * @param masterDataWritten           original event length, in relay logs of pre-5.0 sources
 * @param invokerUser                 definer user for CURRENT_USER() in DDL, null when absent
 * @param invokerHost                 definer host, null when absent
 * @param updatedDbCount              number of databases the statement changed, -1 when absent,
 *                                    {@link #OVER_MAX_DBS} when more than 16 (names then not listed)
 * @param updatedDbNames              their names, empty unless 1..16 were listed
 * @param microseconds                microsecond part of the statement's start time (MySQL Q_MICROSECONDS or
 *                                    MariaDB Q_HRNOW), -1 when absent
 * @param commitSequenceNumber        Q_COMMIT_TS of MySQL 5.7.2-5.7.4 lab releases, -1 when absent
 * @param explicitDefaultsForTimestamp 0 or 1, -1 when absent
 * @param ddlXid                      xid of an atomic DDL (MySQL 8.0+), -1 when absent
 * @param defaultCollationForUtf8mb4  default utf8mb4 collation id of the source, 0 when absent
 * @param sqlRequirePrimaryKey        0 or 1, -1 when absent
 * @param defaultTableEncryption      0 or 1, -1 when absent
 * @param mariaDbXid                  MariaDB Q_XID: xid of a DDL that is also a commit, -1 when absent
 * @param gtidFlags3                  MariaDB Q_GTID_FLAGS3 (start/commit/rollback of a two-phase ALTER), 0 when absent
 * @param startAlterSequence          MariaDB: sequence number of the START ALTER this event commits or rolls back
 * @param characterSetCollations      MariaDB 11.2+ character_set_collations as (charset id, collation id) pairs,
 *                                    flattened; empty when absent
 * @param presentLow                  bit n set when code n (0-63) was present; use {@link #has(int)}
 * @param presentMariaDb              bit n set when code 128+n was present; use {@link #has(int)}
 * @param unknownCode                 the first code not understood, where parsing stopped; -1 if none
 */
public record QueryStatusVars(
        long flags2,
        long sqlMode,
        String catalog,
        int autoIncrementIncrement,
        int autoIncrementOffset,
        int charsetClient,
        int collationConnection,
        int collationServer,
        String timeZone,
        int lcTimeNames,
        int charsetDatabase,
        long tableMapForUpdate,
        long masterDataWritten,
        String invokerUser,
        String invokerHost,
        int updatedDbCount,
        List<String> updatedDbNames,
        int microseconds,
        long commitSequenceNumber,
        int explicitDefaultsForTimestamp,
        long ddlXid,
        int defaultCollationForUtf8mb4,
        int sqlRequirePrimaryKey,
        int defaultTableEncryption,
        long mariaDbXid,
        int gtidFlags3,
        long startAlterSequence,
        int[] characterSetCollations,
        long presentLow,
        long presentMariaDb,
        int unknownCode) {

    public static final int Q_FLAGS2_CODE = 0;
    public static final int Q_SQL_MODE_CODE = 1;
    /** Catalog with a trailing NUL, written only by MySQL 5.0.0-5.0.3. */
    public static final int Q_CATALOG_CODE = 2;
    public static final int Q_AUTO_INCREMENT = 3;
    public static final int Q_CHARSET_CODE = 4;
    public static final int Q_TIME_ZONE_CODE = 5;
    public static final int Q_CATALOG_NZ_CODE = 6;
    public static final int Q_LC_TIME_NAMES_CODE = 7;
    public static final int Q_CHARSET_DATABASE_CODE = 8;
    public static final int Q_TABLE_MAP_FOR_UPDATE_CODE = 9;
    public static final int Q_MASTER_DATA_WRITTEN_CODE = 10;
    public static final int Q_INVOKER = 11;
    public static final int Q_UPDATED_DB_NAMES = 12;
    public static final int Q_MICROSECONDS = 13;
    public static final int Q_COMMIT_TS = 14;
    /** Reserved by MySQL 5.7 lab releases; its layout was never published, so parsing stops at it. */
    public static final int Q_COMMIT_TS2 = 15;
    public static final int Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP = 16;
    public static final int Q_DDL_LOGGED_WITH_XID = 17;
    public static final int Q_DEFAULT_COLLATION_FOR_UTF8MB4 = 18;
    public static final int Q_SQL_REQUIRE_PRIMARY_KEY = 19;
    public static final int Q_DEFAULT_TABLE_ENCRYPTION = 20;
    public static final int Q_HRNOW = 128;
    public static final int Q_XID = 129;
    public static final int Q_GTID_FLAGS3 = 130;
    public static final int Q_CHARACTER_SET_COLLATIONS = 131;

    /** {@link #updatedDbCount()} when the statement changed more databases than MySQL lists. */
    public static final int OVER_MAX_DBS = 254;

    /** The status of a QUERY event without status variables (binlog format v3). */
    public static final QueryStatusVars NONE = new QueryStatusVars(0, 0, null, 1, 1, -1, -1, -1, null, 0, 0, 0, 0,
            null, null, -1, List.of(), -1, -1, -1, -1, 0, -1, -1, -1, 0, 0, new int[0], 0, 0, -1);

    /** Whether the event carried the status variable with this code. */
    public boolean has(int code) {
        if (code >= 0 && code < 64) {
            return (presentLow & (1L << code)) != 0;
        }
        if (code >= 128 && code < 192) {
            return (presentMariaDb & (1L << (code - 128))) != 0;
        }
        return false;
    }
}
