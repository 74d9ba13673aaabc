package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The smaller events: user variables, INTVAR, RAND, XA, annotations, heartbeats, group replication, LOAD DATA. */
class OtherEventsTest {

    private static BinlogEvent decode(EventType type, byte[] body) {
        return decode(Events.mysql80Fde(true), type, body);
    }

    private static BinlogEvent decode(byte[] fde, EventType type, byte[] body) {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, fde);
        return Events.decode(decoder, Events.event(type, body, true));
    }

    @Test
    void userVariablesOfEveryType() {
        UserVarEvent s = assertInstanceOf(UserVarEvent.class, decode(EventType.USER_VAR, Bytes.of()
                .u32(4).str("name")      // name
                .u8(0)                   // not NULL
                .u8(0)                   // STRING_RESULT
                .u32(255)                // utf8mb4_0900_ai_ci
                .u32(4).str("héj")       // value: 4 bytes of utf8mb4
                .u8(0)                   // flags
                .build()));
        assertEquals("name", s.name());
        assertEquals(255, s.charset());
        assertEquals("héj", new String(s.value(), StandardCharsets.UTF_8));

        UserVarEvent i = assertInstanceOf(UserVarEvent.class, decode(EventType.USER_VAR, Bytes.of()
                .u32(1).str("u").u8(0).u8(2).u32(63).u32(8).u64(-1L).u8(1).build())); // INT, UNSIGNED_F
        assertTrue(i.unsigned());
        assertEquals("18446744073709551615", Long.toUnsignedString(i.longValue()));

        UserVarEvent r = assertInstanceOf(UserVarEvent.class, decode(EventType.USER_VAR, Bytes.of()
                .u32(1).str("r").u8(0).u8(1).u32(63).u32(8).u64(Double.doubleToLongBits(2.5)).build())); // REAL,
        assertEquals(2.5, r.doubleValue());                                                          // no flags byte
        assertEquals(0, r.flags(), "servers before 5.5 wrote no flags byte");

        UserVarEvent d = assertInstanceOf(UserVarEvent.class, decode(EventType.USER_VAR, Bytes.of()
                .u32(1).str("d").u8(0).u8(4).u32(63).u32(5).u8(5).u8(2).hex("807b15").u8(0).build()));
        assertEquals(5, d.decimalPrecision());                    // DECIMAL(5,2) 123.21, binary form after p, s
        assertEquals(2, d.decimalScale());

        UserVarEvent n = assertInstanceOf(UserVarEvent.class, decode(EventType.USER_VAR,
                Bytes.of().u32(1).str("n").u8(1).build()));       // NULL: nothing after the flag
        assertTrue(n.isNull());
        assertEquals(63, n.charset());
        assertThrows(IllegalStateException.class, n::longValue);

        assertThrows(BinlogDecodeException.class, () -> decode(EventType.USER_VAR,
                Bytes.of().u32(1).str("x").u8(0).u8(3).u32(63).u32(0).build())); // ROW_RESULT is not a value type
        assertThrows(BinlogDecodeException.class, () -> decode(EventType.USER_VAR,
                Bytes.of().u32(1).str("x").u8(0).u8(2).u32(63).u32(4).u32(1).build())); // INT of 4 bytes
    }

    @Test
    void intVarRandXidAndXaPrepare() {
        IntVarEvent intVar = assertInstanceOf(IntVarEvent.class, decode(EventType.INTVAR, Bytes.of().u8(2).u64(23).build()));
        assertEquals(IntVarEvent.INSERT_ID, intVar.type());
        assertEquals(23, intVar.value());
        RandEvent rand = assertInstanceOf(RandEvent.class, decode(EventType.RAND, Bytes.of().u64(11).u64(22).build()));
        assertEquals(11, rand.seed1());
        assertEquals(22, rand.seed2());
        assertEquals(-2, assertInstanceOf(XidEvent.class, decode(EventType.XID, Bytes.of().u64(-2).build())).xid());

        XaPrepareEvent xa = assertInstanceOf(XaPrepareEvent.class, decode(EventType.XA_PREPARE, Bytes.of()
                .u8(0)                       // not one phase
                .u32(1)                      // format id
                .u32(3).u32(2)               // gtrid and bqual lengths
                .str("xyz").str("ab")        // data
                .build()));
        assertFalse(xa.onePhase());
        assertEquals("X'78797a',X'6162',1", xa.xid().toString());
        assertThrows(BinlogDecodeException.class, () -> decode(EventType.XA_PREPARE,
                Bytes.of().u8(1).u32(1).u32(65).u32(0).zeros(65).build())); // gtrid longer than 64
    }

    @Test
    void rowsQueryAndAnnotateRowsCarryTheStatement() {
        RowsQueryEvent mysql = assertInstanceOf(RowsQueryEvent.class, decode(EventType.ROWS_QUERY,
                Bytes.of().u8(20).str("UPDATE t SET a = 1").build())); // length byte (ignored), text
        assertEquals("UPDATE t SET a = 1", mysql.sql());
        RowsQueryEvent maria = assertInstanceOf(RowsQueryEvent.class, decode(Events.mariaDb105Fde(true),
                EventType.MARIADB_ANNOTATE_ROWS, Bytes.of().str("DELETE FROM t").build()));
        assertEquals("DELETE FROM t", maria.sql());
    }

    @Test
    void heartbeatsV1AndV2() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        byte[] v1 = Events.event(EventType.HEARTBEAT.code(), EventHeader.FLAG_ARTIFICIAL,
                Bytes.of().str("binlog.000007").build(), true);
        HeartbeatEvent h1 = assertInstanceOf(HeartbeatEvent.class, Events.decode(decoder, v1));
        assertEquals("binlog.000007", h1.logFile());
        assertEquals(4 + v1.length, h1.logPosition(), "v1 takes the position from the header");

        HeartbeatEvent h2 = assertInstanceOf(HeartbeatEvent.class, decode(EventType.HEARTBEAT_V2, Bytes.of()
                .u8(1).u8(13).str("binlog.000007")  // log file name
                .u8(9).u8(2).hex("abcd")            // a field from a newer server: skipped
                .u8(2).u8(9).lenenc(5_000_000_000L) // log position: 0xfe and 8 bytes
                .u8(0)                              // end mark
                .build()));
        assertEquals("binlog.000007", h2.logFile());
        assertEquals(5_000_000_000L, h2.logPosition());
    }

    @Test
    void incidentStopRotateAndCheckpoint() {
        IncidentEvent incident = assertInstanceOf(IncidentEvent.class,
                decode(EventType.INCIDENT, Bytes.of().u16(1).str8("error writing to the binary log").build()));
        assertEquals(IncidentEvent.LOST_EVENTS, incident.incident());
        assertEquals("error writing to the binary log", incident.message());
        assertInstanceOf(StopEvent.class, decode(EventType.STOP, new byte[0]));
        RotateEvent rotate = assertInstanceOf(RotateEvent.class,
                decode(EventType.ROTATE, Bytes.of().u64(4).str("binlog.000008").build()));
        assertEquals("binlog.000008", rotate.nextFile());
        BinlogCheckpointEvent checkpoint = assertInstanceOf(BinlogCheckpointEvent.class, decode(Events.mariaDb105Fde(true),
                EventType.MARIADB_BINLOG_CHECKPOINT, Bytes.of().u32(16).str("mariadb-bin.0042").build()));
        assertEquals("mariadb-bin.0042", checkpoint.file());
    }

    @Test
    void groupReplicationEvents() {
        TransactionContextEvent context = assertInstanceOf(TransactionContextEvent.class,
                decode(EventType.TRANSACTION_CONTEXT, Bytes.of()
                        .u8(36)                          // server uuid length
                        .u32(12)                         // thread id
                        .u8(1)                           // gtid specified
                        .u32(2)                          // snapshot version length
                        .u32(2)                          // write set entries
                        .u32(1)                          // read set entries
                        .str("8a94f357-aab4-11df-86ab-c80aa9429562")
                        .hex("0102")
                        .u16(3).str("h1a").u16(3).str("h2b")
                        .u16(2).str("r1")
                        .build()));
        assertEquals("8a94f357-aab4-11df-86ab-c80aa9429562", context.serverUuid());
        assertEquals(List.of("h1a", "h2b"), context.writeSet());
        assertEquals(List.of("r1"), context.readSet());
        assertTrue(context.gtidSpecified());

        ViewChangeEvent view = assertInstanceOf(ViewChangeEvent.class, decode(EventType.VIEW_CHANGE, Bytes.of()
                .bytes(Arrays.copyOf("15123456789:1".getBytes(), 40)) // view id, NUL-padded
                .u64(9)                                              // certification sequence number
                .u32(1)                                              // one certification entry
                .u16(3).str("key").u32(2).hex("beef")
                .build()));
        assertEquals("15123456789:1", view.viewId());
        assertArrayEquals(new byte[] {(byte) 0xbe, (byte) 0xef}, view.certificationInfo().get("key"));
    }

    @Test
    void loadDataEvents() {
        LoadDataBlockEvent begin = assertInstanceOf(LoadDataBlockEvent.class,
                decode(EventType.BEGIN_LOAD_QUERY, Bytes.of().u32(2).str("1,a\n2,b\n").build()));
        assertEquals(2, begin.fileId());
        assertEquals("1,a\n2,b\n", new String(begin.data(), StandardCharsets.US_ASCII));
        LoadDataBlockEvent delete = assertInstanceOf(LoadDataBlockEvent.class,
                decode(EventType.DELETE_FILE, Bytes.of().u32(2).build()));
        assertEquals(0, delete.data().length);
        ObsoleteLoadEvent old = assertInstanceOf(ObsoleteLoadEvent.class, decode(EventType.NEW_LOAD, new byte[30]));
        assertEquals(30, old.body().length);
    }

    @Test
    void mysql4BinlogsStartWithStartV3AndAreReadWithTheV3Format() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        byte[] start = Events.event(EventType.START_V3, Bytes.of().u16(3)
                .bytes(Arrays.copyOf("4.1.22-log".getBytes(), 50)).u32(0).build(), false);
        StartV3Event v3 = assertInstanceOf(StartV3Event.class, Events.decode(decoder, start));
        assertEquals(3, v3.binlogVersion());
        assertEquals(3, decoder.formatDescription().binlogVersion());
        // a 4.x QUERY has an 11-byte post-header: no status variables
        byte[] query = Events.event(EventType.QUERY,
                Bytes.of().u32(1).u32(0).u8(1).u16(0).str("d").u8(0).str("INSERT INTO t VALUES (1)").build(), false);
        QueryEvent q = assertInstanceOf(QueryEvent.class, Events.decode(decoder, query));
        assertEquals("INSERT INTO t VALUES (1)", q.sql());
        assertEquals(QueryStatusVars.NONE, q.status());

        byte[] v1 = Events.event(EventType.START_V3, Bytes.of().u16(1)
                .bytes(Arrays.copyOf("3.23.58".getBytes(), 50)).u32(0).build(), false);
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class,
                () -> Events.decode(TestBinlogs.decoderWithoutRows(), v1));
        assertTrue(e.getMessage().contains("v1") && e.getMessage().contains("not supported"), e.getMessage());
    }
}
