package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

/** QUERY events: post-header, every status variable, default database and statement; MariaDB's compressed form. */
class QueryEventTest {

    private static QueryEvent decodeQuery(byte[] fde, EventType type, byte[] body) {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, fde);
        return assertInstanceOf(QueryEvent.class, Events.decode(decoder, Events.event(type, body, true)));
    }

    /** Post-header of 13 bytes, then the status block, "db\0", the statement. */
    private static byte[] query(byte[] status, String db, byte[] sql) {
        return Bytes.of()
                .u32(88)                   // thread id
                .u32(3)                    // exec time, seconds
                .u8(db.length())           // default database name length
                .u16(0)                    // error code
                .u16(status.length)        // status variables block length
                .bytes(status)
                .str(db).u8(0)             // default database, NUL-terminated
                .bytes(sql)                // statement, to the end of the event
                .build();
    }

    @Test
    void everyMysqlStatusVariable() {
        byte[] status = Bytes.of()
                .u8(0).u32(0x0c084000)                        // Q_FLAGS2_CODE
                .u8(1).u64(0x1_0000_0001L)                     // Q_SQL_MODE_CODE: REAL_AS_FLOAT, TIME_TRUNCATE_FRACTIONAL
                .u8(6).str8("std")                             // Q_CATALOG_NZ_CODE
                .u8(3).u16(2).u16(1)                           // Q_AUTO_INCREMENT: increment 2, offset 1
                .u8(4).u16(255).u16(45).u16(8)                 // Q_CHARSET_CODE: client, connection, server
                .u8(5).str8("+02:00")                          // Q_TIME_ZONE_CODE
                .u8(7).u16(38)                                 // Q_LC_TIME_NAMES_CODE: de_DE
                .u8(8).u16(33)                                 // Q_CHARSET_DATABASE_CODE
                .u8(9).u64(0b101)                              // Q_TABLE_MAP_FOR_UPDATE_CODE
                .u8(10).u32(123)                               // Q_MASTER_DATA_WRITTEN_CODE
                .u8(11).str8("root").str8("localhost")         // Q_INVOKER: user, host
                .u8(12).u8(2).str("db1").u8(0).str("db2").u8(0) // Q_UPDATED_DB_NAMES: 2 NUL-terminated names
                .u8(13).u24(654321)                            // Q_MICROSECONDS
                .u8(14).u64(77)                                // Q_COMMIT_TS (5.7.2-5.7.4 labs)
                .u8(16).u8(1)                                  // Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP
                .u8(17).u64(991)                               // Q_DDL_LOGGED_WITH_XID
                .u8(18).u16(255)                               // Q_DEFAULT_COLLATION_FOR_UTF8MB4
                .u8(19).u8(1)                                  // Q_SQL_REQUIRE_PRIMARY_KEY
                .u8(20).u8(0)                                  // Q_DEFAULT_TABLE_ENCRYPTION
                .build();
        QueryEvent q = decodeQuery(Events.mysql80Fde(true), EventType.QUERY,
                query(status, "shop", "CREATE TABLE t (a INT)".getBytes(StandardCharsets.UTF_8)));
        assertEquals(88, q.threadId());
        assertEquals(3, q.execTimeSeconds());
        assertEquals(0, q.errorCode());
        assertEquals("shop", q.defaultDatabase());
        assertEquals("CREATE TABLE t (a INT)", q.sql());
        QueryStatusVars s = q.status();
        assertEquals(0x0c084000, s.flags2());
        assertEquals(0x1_0000_0001L, s.sqlMode());
        assertEquals("std", s.catalog());
        assertEquals(2, s.autoIncrementIncrement());
        assertEquals(1, s.autoIncrementOffset());
        assertEquals(255, s.charsetClient());
        assertEquals(45, s.collationConnection());
        assertEquals(8, s.collationServer());
        assertEquals("+02:00", s.timeZone());
        assertEquals(38, s.lcTimeNames());
        assertEquals(33, s.charsetDatabase());
        assertEquals(0b101, s.tableMapForUpdate());
        assertEquals(123, s.masterDataWritten());
        assertEquals("root", s.invokerUser());
        assertEquals("localhost", s.invokerHost());
        assertEquals(2, s.updatedDbCount());
        assertEquals(List.of("db1", "db2"), s.updatedDbNames());
        assertEquals(654321, s.microseconds());
        assertEquals(77, s.commitSequenceNumber());
        assertEquals(1, s.explicitDefaultsForTimestamp());
        assertEquals(991, s.ddlXid());
        assertEquals(255, s.defaultCollationForUtf8mb4());
        assertEquals(1, s.sqlRequirePrimaryKey());
        assertEquals(0, s.defaultTableEncryption());
        assertEquals(-1, s.unknownCode());
        for (int code : new int[] {0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20}) {
            assertTrue(s.has(code), "code " + code);
        }
        assertFalse(s.has(QueryStatusVars.Q_CATALOG_CODE));
        assertFalse(s.has(QueryStatusVars.Q_HRNOW));
    }

    @Test
    void mariaDbStatusVariablesInAnyOrder() {
        byte[] status = Bytes.of()
                .u8(131).u8(2).u16(45).u16(224).u16(33).u16(192) // Q_CHARACTER_SET_COLLATIONS, written before code 4
                .u8(0).u32(0)                                   // Q_FLAGS2_CODE
                .u8(4).u16(33).u16(33).u16(8)                   // Q_CHARSET_CODE
                .u8(128).u24(500)                               // Q_HRNOW: microseconds
                .u8(129).u64(4711)                              // Q_XID
                .u8(130).u8(0x04).u64(12)                       // Q_GTID_FLAGS3: COMMIT ALTER of START ALTER #12
                .build();
        QueryEvent q = decodeQuery(Events.mariaDb105Fde(true), EventType.QUERY,
                query(status, "test", "ALTER TABLE t ADD c INT".getBytes(StandardCharsets.UTF_8)));
        QueryStatusVars s = q.status();
        assertArrayEquals(new int[] {45, 224, 33, 192}, s.characterSetCollations());
        assertEquals(33, s.charsetClient());
        assertEquals(500, s.microseconds());
        assertTrue(s.has(QueryStatusVars.Q_HRNOW));
        assertFalse(s.has(QueryStatusVars.Q_MICROSECONDS));
        assertEquals(4711, s.mariaDbXid());
        assertEquals(4, s.gtidFlags3());
        assertEquals(12, s.startAlterSequence());
        assertEquals("ALTER TABLE t ADD c INT", q.sql());
    }

    @Test
    void unknownStatusCodeEndsParsingButNotTheEvent() {
        byte[] status = Bytes.of()
                .u8(0).u32(0x4000)      // Q_FLAGS2_CODE
                .u8(77).hex("deadbeef") // a code no server defines, with a value of unknown length
                .u8(1).u64(1)           // never reached: readers stop at the first unknown code
                .build();
        QueryEvent q = decodeQuery(Events.mysql80Fde(true), EventType.QUERY,
                query(status, "db", "COMMIT".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(77, q.status().unknownCode());
        assertEquals(0x4000, q.status().flags2());
        assertFalse(q.status().has(QueryStatusVars.Q_SQL_MODE_CODE));
        assertEquals("db", q.defaultDatabase());
        assertEquals("COMMIT", q.sql());

        // Q_COMMIT_TS2's layout was never published: it stops parsing the same way
        QueryEvent ts2 = decodeQuery(Events.mysql80Fde(true), EventType.QUERY,
                query(Bytes.of().u8(15).zeros(16).build(), "", "BEGIN".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(15, ts2.status().unknownCode());
        assertTrue(ts2.isBegin());
    }

    @Test
    void moreThanSixteenUpdatedDatabasesAreReportedAsOverMax() {
        byte[] status = Bytes.of().u8(12).u8(254).build(); // Q_UPDATED_DB_NAMES: OVER_MAX_DBS_IN_EVENT_MTS, no names
        QueryEvent q = decodeQuery(Events.mysql80Fde(true), EventType.QUERY,
                query(status, "", "DROP DATABASE a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(QueryStatusVars.OVER_MAX_DBS, q.status().updatedDbCount());
        assertEquals(List.of(), q.status().updatedDbNames());
        assertEquals("", q.defaultDatabase());
    }

    @Test
    void statusBlockLongerThanTheEventIsAnError() {
        byte[] body = query(new byte[4], "d", "x".getBytes(StandardCharsets.US_ASCII));
        body[11] = (byte) 200; // status length 200 in a 25-byte body
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class,
                () -> Events.decode(decoder, Events.event(EventType.QUERY, body, true)));
        assertTrue(e.getMessage().contains("status variables block of 200 bytes"), e.getMessage());
    }

    @Test
    void mariaDbCompressedQuery() {
        String sql = "INSERT INTO t VALUES " + "(1, 'a fairly repetitive value'), ".repeat(40) + "(2, 'end')";
        byte[] raw = sql.getBytes(StandardCharsets.UTF_8);
        byte[] compressed = MariaDbCompressed.compress(raw);
        QueryEvent q = decodeQuery(Events.mariaDb105Fde(true), EventType.MARIADB_QUERY_COMPRESSED,
                query(Bytes.of().u8(0).u32(0).build(), "test", compressed));
        assertEquals(sql, q.sql());
        assertEquals(EventType.MARIADB_QUERY_COMPRESSED, q.header().type());
    }

    @Test
    void executeLoadQueryCarriesTheFileReference() {
        byte[] sql = "LOAD DATA INFILE '/tmp/SQL_LOAD-1-2-3.data' INTO TABLE t".getBytes(StandardCharsets.UTF_8);
        byte[] body = Bytes.of()
                .u32(5).u32(0).u8(4).u16(0)  // thread id, exec time, db length, error code
                .u16(0)                      // no status variables
                .u32(3)                      // file id
                .u32(17).u32(41)             // file name starts and ends at these statement offsets
                .u8(2)                       // duplicates: replace
                .str("test").u8(0)
                .bytes(sql)
                .build();
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        ExecuteLoadQueryEvent e = assertInstanceOf(ExecuteLoadQueryEvent.class,
                Events.decode(decoder, Events.event(EventType.EXECUTE_LOAD_QUERY, body, true)));
        assertEquals(3, e.fileId());
        assertEquals(17, e.fileNameStart());
        assertEquals(41, e.fileNameEnd());
        assertEquals(2, e.duplicateHandling());
        assertEquals("test", e.query().defaultDatabase());
        assertEquals(new String(sql, StandardCharsets.UTF_8), e.query().sql());
        assertNull(e.query().status().catalog());
    }

    /** MariaDB's compressed layout, built with zlib as log_event.cc binlog_buf_compress does. */
    static final class MariaDbCompressed {
        private MariaDbCompressed() {
        }

        static byte[] compress(byte[] raw) {
            Deflater deflater = new Deflater();
            deflater.setInput(raw);
            deflater.finish();
            byte[] buf = new byte[raw.length + 64];
            int n = deflater.deflate(buf);
            deflater.end();
            // header 0x84: zlib, 4 length bytes; then the length big-endian; then the zlib stream
            return Bytes.of().u8(0x84).hex(String.format("%08x", raw.length))
                    .bytes(java.util.Arrays.copyOf(buf, n)).build();
        }
    }
}
