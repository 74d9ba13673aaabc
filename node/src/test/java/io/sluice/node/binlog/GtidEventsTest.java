package io.sluice.node.binlog;

import io.sluice.common.position.MariaDbGtid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** GTID events of MySQL (untagged, anonymous, tagged), PREVIOUS_GTIDS, and MariaDB's GTID and GTID_LIST. */
class GtidEventsTest {
    private static final UUID SOURCE = UUID.fromString("55778904-0299-11f1-b1b8-4ef0c4956feb");

    /**
     * The GTID_TAGGED event of binlog_transaction_with_GTID_TAG.000001 (MySQL 9.6): one message of MySQL's
     * serialization format. Integers are variable-length: the trailing 1 bits of the first byte count the bytes
     * that follow; signed ones are zigzag-encoded (lowest bit = sign).
     */
    private static final byte[] TAGGED_BODY = Bytes.of()
            .hex("02")                  // serialization format version 1 (varint: 1 << 1)
            .hex("78")                  // message size 60 bytes (60 << 1)
            .hex("00")                  // last non-ignorable field id: 0, all fields ignorable
            .hex("00 00")               // field 0 flags = 0
            .hex("02")                  // field 1 uuid: 16 varint bytes, 0x89 and up take two bytes
            .hex("aa ee 2502 08 04 6502 22 c503 c502 e102 9c c103 1103 5502 de ad03") // 55778904-0299-11f1-...
            .hex("04 0c")               // field 2 gno: zigzag 6 = 3
            .hex("06 0a 6d79746167")    // field 3 tag: length 5, "mytag"
            .hex("08 00")               // field 4 last_committed: 0
            .hex("0a 04")               // field 5 sequence_number: zigzag 2 = 1
            .hex("0c 7f1cf3b814244a06") // field 6 immediate_commit_timestamp (8-byte form: 0x7f + 7 bytes)
                                        // field 7 original_commit_timestamp absent: same as immediate
            .hex("10 a104")             // field 8 transaction_length: 296
            .hex("12 430f0b")           // field 9 immediate_server_version: 90600
                                        // fields 10 and 11 absent
            .build();

    private static BinlogEvent decode(byte[] fde, EventType type, byte[] body) {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, fde);
        return Events.decode(decoder, Events.event(type, body, true));
    }

    @Test
    void taggedGtidFromMysql96() {
        GtidEvent gtid = assertInstanceOf(GtidEvent.class,
                decode(Events.mysql80Fde(true), EventType.GTID_TAGGED, TAGGED_BODY));
        assertEquals(SOURCE, gtid.uuid());
        assertEquals("mytag", gtid.tag());
        assertEquals(3, gtid.gno());
        assertEquals(0, gtid.flags());
        assertEquals(0, gtid.lastCommitted());
        assertEquals(1, gtid.sequenceNumber());
        assertEquals(1770368687207196L, gtid.immediateCommitTimestamp());
        assertEquals(1770368687207196L, gtid.originalCommitTimestamp());
        assertEquals(296, gtid.transactionLength());
        assertEquals(90600, gtid.immediateServerVersion());
        assertEquals(90600, gtid.originalServerVersion());
        assertEquals(0, gtid.commitGroupTicket());
        assertEquals("55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3", gtid.gtid());
    }

    @Test
    void taggedGtidWithAnUnknownNonIgnorableFieldIsRefused() {
        byte[] body = TAGGED_BODY.clone();
        body[2] = 0x1a; // last non-ignorable field id 13: a field this decoder does not know
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class,
                () -> decode(Events.mysql80Fde(true), EventType.GTID_TAGGED, body));
        assertTrue(e.getMessage().contains("not ignorable"), e.getMessage());
    }

    @Test
    void variableLengthIntegersOfEverySize() {
        assertEquals(0, MysqlSerialization.readUnsigned(new ByteReader(new byte[] {0})));
        assertEquals(127, MysqlSerialization.readUnsigned(new ByteReader(new byte[] {(byte) 0xfe})));
        // 65535 in three bytes: "00000111 11111111 11111011" (MySQL's readme, big-endian display)
        assertEquals(65535, MysqlSerialization.readUnsigned(new ByteReader(new byte[] {(byte) 0xfb, (byte) 0xff, 0x07})));
        // 56-bit values take 8 bytes (0x7f, then 7 bytes); 64-bit ones 9 (0xff, then 8 bytes)
        assertEquals(0x00ff_ffff_ffff_ffffL, MysqlSerialization.readUnsigned(new ByteReader(
                Bytes.of().u8(0x7f).le(0x00ff_ffff_ffff_ffffL, 7).build())));
        assertEquals(-1L, MysqlSerialization.readUnsigned(new ByteReader(Bytes.of().u8(0xff).u64(-1).build())));
        // signed: -65535 -> zigzag 131069
        assertEquals(-65535, MysqlSerialization.readSigned(new ByteReader(new byte[] {(byte) 0xeb, (byte) 0xff, 0x0f})));
        assertEquals(65535, MysqlSerialization.readSigned(new ByteReader(new byte[] {(byte) 0xf3, (byte) 0xff, 0x0f})));
        // 256 in two bytes does not fit a field declared as 8 bits
        assertEquals(256, MysqlSerialization.readUnsigned(new ByteReader(new byte[] {0x01, 0x04})));
        assertThrows(BinlogFormatException.class,
                () -> MysqlSerialization.readUnsigned(new ByteReader(new byte[] {0x01, 0x04}), 8, "byte"));
    }

    @Test
    void mysql56GtidEndsAfterTheGno() {
        byte[] body = Bytes.of()
                .u8(1)                                       // flags: may have statement-based events
                .hex("5aa72a7f44a811ea947f0242ac190002")     // source UUID
                .u64(258)                                    // gno
                .build();
        GtidEvent gtid = assertInstanceOf(GtidEvent.class, decode(Events.mysql80Fde(true), EventType.GTID, body));
        assertEquals("5aa72a7f-44a8-11ea-947f-0242ac190002:258", gtid.gtid());
        assertEquals(GtidEvent.FLAG_MAY_HAVE_SBR, gtid.flags());
        assertEquals(-1, gtid.lastCommitted());
        assertEquals(-1, gtid.sequenceNumber());
        assertEquals(0, gtid.transactionLength());
    }

    @Test
    void originalTimestampAndVersionFollowWhenTheirFlagBitsAreSet() {
        byte[] body = Bytes.of()
                .u8(0).hex("5aa72a7f44a811ea947f0242ac190002").u64(9)
                .u8(2).u64(4).u64(5)                         // logical clock: typecode 2, last committed, sequence
                .le(1_600_000_000_000_000L | 1L << 55, 7)    // immediate commit timestamp, bit 55: original follows
                .le(1_500_000_000_000_000L, 7)               // original commit timestamp
                .lenenc(1000)                                // transaction length
                .u32(80030 | 1L << 31)                       // immediate server version, bit 31: original follows
                .u32(80019)                                  // original server version
                .u64(12345)                                  // commit group ticket
                .build();
        GtidEvent gtid = assertInstanceOf(GtidEvent.class, decode(Events.mysql80Fde(true), EventType.GTID, body));
        assertEquals(1_600_000_000_000_000L, gtid.immediateCommitTimestamp());
        assertEquals(1_500_000_000_000_000L, gtid.originalCommitTimestamp());
        assertEquals(1000, gtid.transactionLength());
        assertEquals(80030, gtid.immediateServerVersion());
        assertEquals(80019, gtid.originalServerVersion());
        assertEquals(12345, gtid.commitGroupTicket());
        assertEquals(4, gtid.lastCommitted());
        assertEquals(5, gtid.sequenceNumber());
    }

    @Test
    void anonymousGtidMustHaveGnoZeroAndGtidAPositiveOne() {
        byte[] anonymous = Bytes.of().u8(1).zeros(16).u64(0).u8(2).u64(0).u64(1).build();
        GtidEvent gtid = assertInstanceOf(GtidEvent.class,
                decode(Events.mysql80Fde(true), EventType.ANONYMOUS_GTID, anonymous));
        assertTrue(gtid.anonymous());
        assertEquals("ANONYMOUS", gtid.gtid());

        byte[] bad = Bytes.of().u8(1).zeros(16).u64(5).build();
        assertThrows(BinlogDecodeException.class, () -> decode(Events.mysql80Fde(true), EventType.ANONYMOUS_GTID, bad));
        byte[] zero = Bytes.of().u8(1).hex("5aa72a7f44a811ea947f0242ac190002").u64(0).build();
        assertThrows(BinlogDecodeException.class, () -> decode(Events.mysql80Fde(true), EventType.GTID, zero));
    }

    @Test
    void taggedPreviousGtids() {
        byte[] body = Bytes.of()
                .hex("01 020000000000 01")  // format 1 (tagged) in the top and bottom byte, 2 sources between
                .hex("55778904029911f1b1b84ef0c4956feb").u8(0)          // source 1: uuid, empty tag
                .u64(1).u64(1).u64(14)                                  //   1 interval: [1, 14)
                .hex("55778904029911f1b1b84ef0c4956feb").u8(10).str("mytag") // source 2: tag "mytag" (varint 5)
                .u64(2).u64(1).u64(3).u64(5).u64(7)                     //   2 intervals: [1, 3), [5, 7)
                .build();
        PreviousGtidsEvent previous = assertInstanceOf(PreviousGtidsEvent.class,
                decode(Events.mysql80Fde(true), EventType.PREVIOUS_GTIDS, body));
        assertTrue(previous.tagged());
        assertEquals(2, previous.sets().size());
        assertEquals("mytag", previous.sets().get(1).tag());
        assertArrayEquals(new long[] {1, 3, 5, 7}, previous.sets().get(1).intervals());
        assertEquals("55778904-0299-11f1-b1b8-4ef0c4956feb:1-13:mytag:1-2:5-6", previous.gtidSetText());
    }

    @Test
    void previousGtidsRejectsOverlapsUnknownFormatsAndLiesAboutCounts() {
        byte[] overlapping = Bytes.of().u64(1).hex("55778904029911f1b1b84ef0c4956feb")
                .u64(2).u64(1).u64(5).u64(3).u64(9).build();
        assertThrows(BinlogDecodeException.class,
                () -> decode(Events.mysql80Fde(true), EventType.PREVIOUS_GTIDS, overlapping));
        byte[] format7 = Bytes.of().hex("0000000000000007").build();
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class,
                () -> decode(Events.mysql80Fde(true), EventType.PREVIOUS_GTIDS, format7));
        assertTrue(e.getMessage().contains("unknown encoding format 7"), e.getMessage());
        byte[] tooMany = Bytes.of().u64(1_000_000).build();
        assertThrows(BinlogDecodeException.class,
                () -> decode(Events.mysql80Fde(true), EventType.PREVIOUS_GTIDS, tooMany));
    }

    @Test
    void mariaDbGtidOfAnXaPrepareWithExtraFlags() {
        byte[] body = Bytes.of()
                .u64(1001)                           // sequence number
                .u32(3)                              // domain id
                .u8(0x40 | 0x04 | 0x08)              // flags2: PREPARED_XA, TRANSACTIONAL, ALLOW_PARALLEL
                .u32(1).u8(3).u8(2).str("abc").str("de") // XID: format 1, gtrid "abc", bqual "de"
                .u8(0x01 | 0x04 | 0x10)              // flags_extra: MULTI_ENGINE, COMMIT_ALTER, THREAD_ID
                .u8(2)                               // extra engines
                .u64(77)                             // START ALTER sequence number
                .u32(4242)                           // thread id
                .build();
        MariaDbGtidEvent gtid = assertInstanceOf(MariaDbGtidEvent.class,
                decode(Events.mariaDb105Fde(true), EventType.MARIADB_GTID, body));
        assertEquals("3-1-1001", gtid.gtid());
        assertEquals("X'616263',X'6465',1", gtid.xid().toString());
        assertEquals(2, gtid.extraEngines());
        assertEquals(77, gtid.startAlterSequence());
        assertEquals(4242, gtid.threadId());
        assertEquals(0, gtid.commitId());
    }

    @Test
    void mariaDbGtidPaddedToItsPostHeader() {
        // seq 7, domain 0, flags2 STANDALONE|DDL, then 6 zero bytes of padding up to 19
        byte[] body = Bytes.of().u64(7).u32(0).u8(0x21).zeros(6).build();
        MariaDbGtidEvent gtid = assertInstanceOf(MariaDbGtidEvent.class,
                decode(Events.mariaDb105Fde(true), EventType.MARIADB_GTID, body));
        assertTrue(gtid.standalone());
        assertEquals(0, gtid.flagsExtra());
        assertNull(gtid.xid());
        assertEquals(-1, gtid.threadId());
    }

    @Test
    void mariaDbGtidListCountAndFlags() {
        byte[] body = Bytes.of().u32(2 | 1L << 28)         // 2 GTIDs, FLAG_UNTIL_REACHED
                .u32(0).u32(1).u64(10).u32(1).u32(2).u64(20).build();
        MariaDbGtidListEvent list = assertInstanceOf(MariaDbGtidListEvent.class,
                decode(Events.mariaDb105Fde(true), EventType.MARIADB_GTID_LIST, body));
        assertEquals(1, list.flags());
        assertEquals(List.of(new MariaDbGtid(0, 1, 10), new MariaDbGtid(1, 2, 20)), list.gtids());
        assertThrows(BinlogDecodeException.class, () -> decode(Events.mariaDb105Fde(true),
                EventType.MARIADB_GTID_LIST, Bytes.of().u32(1000).u32(0).build()));
    }
}
