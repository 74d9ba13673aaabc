package io.sluice.node.binlog;

import io.sluice.node.mysql.ServerVersion;
import io.sluice.node.mysql.ServerFlavor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** FORMAT_DESCRIPTION with and without checksums, CRC32 checks, and what the decoder does around them. */
class FormatDescriptionTest {

    /** The FORMAT_DESCRIPTION event of binlog_transaction_with_anonymous_GTID.000001 (MySQL 5.7.6, CRC32 on). */
    private static final byte[] MYSQL_576_FDE = Bytes.of()
            .hex("894fd454")        // timestamp 1423200137 (2015-02-06)
            .hex("0f")              // type 15 FORMAT_DESCRIPTION
            .hex("01000000")        // server id 1
            .hex("76000000")        // event size 118
            .hex("7a000000")        // next event at 122
            .hex("0000")            // flags
            .hex("0400")            // binlog version 4
            .str("5.7.6-m16-debug-log").zeros(50 - 19) // server version, NUL-padded to 50 bytes
            .hex("894fd454")        // created: the first binlog since server start
            .hex("13")              // common header length 19
            .hex("380d0008001200040404041200005e00041a08000000080808020000000a0a0a2a2a001234") // post-header lengths of types 1..37
            .hex("01")              // checksum algorithm 1: CRC32
            .hex("7acf85d8")        // CRC32 of this event
            .build();

    @Test
    void mysql57FormatDescriptionWithItsOwnChecksum() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        FormatDescriptionEvent fde = assertInstanceOf(FormatDescriptionEvent.class, Events.decode(decoder, MYSQL_576_FDE));
        assertEquals(4, fde.binlogVersion());
        assertEquals("5.7.6-m16-debug-log", fde.serverVersion().text());
        assertEquals(5, fde.serverVersion().major());
        assertEquals(7, fde.serverVersion().minor());
        assertEquals(6, fde.serverVersion().patch());
        assertFalse(fde.serverVersion().isMariaDb());
        assertEquals(1423200137L, fde.createTimestamp());
        assertEquals(19, fde.commonHeaderLength());
        assertEquals(37, fde.postHeaderLengths().length);
        assertEquals(13, fde.postHeaderLength(EventType.QUERY.code()));
        assertEquals(8, fde.postHeaderLength(EventType.TABLE_MAP.code()));
        assertEquals(10, fde.postHeaderLength(EventType.WRITE_ROWS_V2.code()));
        assertEquals(42, fde.postHeaderLength(EventType.GTID.code()));
        assertEquals(0, fde.postHeaderLength(EventType.MARIADB_GTID.code()), "types beyond the list have none");
        assertTrue(fde.checksumEnabled());
        assertEquals(fde, decoder.formatDescription());
    }

    @Test
    void formatDescriptionChecksumMismatchNamesPlaceAndBothValues() {
        byte[] broken = MYSQL_576_FDE.clone();
        broken[30] ^= 0x01; // one bit of the server version
        BinlogChecksumException e = assertThrows(BinlogChecksumException.class,
                () -> TestBinlogs.decoderWithoutRows().decode(broken, 0, broken.length,
                        EventPosition.of("mysql-bin.000007", 4)));
        assertEquals(0xd885cf7aL, e.expected());
        assertTrue(e.computed() != e.expected());
        assertTrue(e.getMessage().contains("mysql-bin.000007:4"), e.getMessage());
        assertTrue(e.getMessage().contains("0xd885cf7a") && e.getMessage().contains(String.format("0x%08x",
                e.computed())), e.getMessage());
        assertTrue(e.getMessage().contains("FORMAT_DESCRIPTION"), e.getMessage());
    }

    @Test
    void inUseFlagIsNotCoveredByTheFormatDescriptionChecksum() {
        // The server writes the checksum, then sets LOG_EVENT_BINLOG_IN_USE_F while the file is open.
        byte[] open = MYSQL_576_FDE.clone();
        open[17] |= 0x01;
        FormatDescriptionEvent fde = assertInstanceOf(FormatDescriptionEvent.class,
                Events.decode(TestBinlogs.decoderWithoutRows(), open));
        assertEquals(1, fde.header().flags());
    }

    @Test
    void checksumsOffStillLeaveRoomForOneInTheFormatDescription() {
        byte[] fde = Events.mysql80Fde(false);
        // algorithm byte 0, then 4 zero bytes that are neither post-header lengths nor checked
        assertEquals(0, fde[fde.length - 5]);
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        FormatDescriptionEvent decoded = assertInstanceOf(FormatDescriptionEvent.class, Events.decode(decoder, fde));
        assertFalse(decoded.checksumEnabled());
        assertEquals(FormatDescriptionEvent.CHECKSUM_OFF, decoded.checksumAlgorithm());
        assertArrayEquals(Events.MYSQL_80_POST_HEADERS, decoded.postHeaderLengths());
        // events after it have no checksum: an XID is header + 8 bytes
        XidEvent xid = assertInstanceOf(XidEvent.class,
                Events.decode(decoder, Events.event(EventType.XID, Bytes.of().u64(42).build(), false)));
        assertEquals(42, xid.xid());
    }

    @Test
    void serversBeforeChecksumsWriteNoAlgorithmByte() {
        byte[] postHeaders = Arrays.copyOf(Events.MYSQL_80_POST_HEADERS, 27);
        byte[] fde = Events.formatDescription("5.1.73-log", postHeaders, -1);
        FormatDescriptionEvent decoded = assertInstanceOf(FormatDescriptionEvent.class,
                Events.decode(TestBinlogs.decoderWithoutRows(), fde));
        assertEquals(FormatDescriptionEvent.CHECKSUM_UNDEFINED, decoded.checksumAlgorithm());
        assertArrayEquals(postHeaders, decoded.postHeaderLengths(), "every byte after the header length is a length");
    }

    @Test
    void mariaDb55HasTheAlgorithmByteThoughItsVersionIsBelow561() {
        byte[] fde = Events.formatDescription("5.5.68-MariaDB", Arrays.copyOf(Events.MARIADB_105_POST_HEADERS, 163), 1);
        FormatDescriptionEvent decoded = assertInstanceOf(FormatDescriptionEvent.class,
                Events.decode(TestBinlogs.decoderWithoutRows(), fde));
        assertTrue(decoded.serverVersion().isMariaDb());
        assertTrue(decoded.checksumEnabled());
        assertEquals(163, decoded.postHeaderLengths().length);
    }

    @Test
    void everyEventIsChecksummedWhenTheFormatDescriptionSaysSo() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        byte[] xid = Events.event(EventType.XID, Bytes.of().u64(7).build(), true);
        assertEquals(7, assertInstanceOf(XidEvent.class, Events.decode(decoder, xid)).xid());

        xid[EventHeader.LENGTH] ^= 0x10;
        BinlogChecksumException e = assertThrows(BinlogChecksumException.class,
                () -> decoder.decode(xid, 0, xid.length, EventPosition.of("binlog.000002", 1234)));
        assertTrue(e.getMessage().contains("binlog.000002:1234") && e.getMessage().contains("XID")
                && e.getMessage().contains("8.0.32"), e.getMessage());
    }

    @Test
    void unknownTypeFlaggedIgnorableIsSkippedAndCounted() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        byte[] future = Events.event(99, EventHeader.FLAG_IGNORABLE, Bytes.of().hex("0102030405").build(), true);
        IgnorableEvent skipped = assertInstanceOf(IgnorableEvent.class, Events.decode(decoder, future));
        assertEquals(99, skipped.header().typeCode());
        assertEquals(1, decoder.ignorableSkipped());
        // MySQL's own IGNORABLE type is skipped the same way
        Events.decode(decoder, Events.event(EventType.IGNORABLE, new byte[3], true));
        assertEquals(2, decoder.ignorableSkipped());
        assertEquals(3, decoder.eventsDecoded());
    }

    @Test
    void unknownTypeNotFlaggedIgnorableIsAnErrorNamingTypePlaceAndServer() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        byte[] future = Events.event(99, 0, Bytes.of().hex("0102030405").build(), true);
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class,
                () -> decoder.decode(future, 0, future.length, EventPosition.of("binlog.000009", 777)));
        assertTrue(e.getMessage().contains("unknown event type code 99"), e.getMessage());
        assertTrue(e.getMessage().contains("binlog.000009:777"), e.getMessage());
        assertTrue(e.getMessage().contains("server 8.0.32"), e.getMessage());
        assertEquals(99, e.typeCode());
        assertEquals(EventPosition.of("binlog.000009", 777), e.position());
        assertEquals(0, decoder.ignorableSkipped());
    }

    @Test
    void eventsBeforeTheFormatDescriptionAreRefusedExceptTheDumpThreadsRotate() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        decoder.expectChecksumBeforeFormatDescription(true);
        // the artificial ROTATE a dump thread sends first: position 4, file name, CRC32
        byte[] rotate = Events.event(EventType.ROTATE.code(), EventHeader.FLAG_ARTIFICIAL,
                Bytes.of().u64(4).str("mysql-bin.000003").build(), true);
        RotateEvent decoded = assertInstanceOf(RotateEvent.class, Events.decode(decoder, rotate));
        assertEquals("mysql-bin.000003", decoded.nextFile());
        assertEquals(4, decoded.position());
        assertTrue(decoded.header().artificial());

        byte[] xid = Events.event(EventType.XID, Bytes.of().u64(1).build(), true);
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class, () -> Events.decode(decoder, xid));
        assertTrue(e.getMessage().contains("before any FORMAT_DESCRIPTION_EVENT"), e.getMessage());
        assertNull(decoder.formatDescription());
    }

    @Test
    void encryptedMariaDbBinlogIsAClearErrorWithTheFix() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mariaDb105Fde(true));
        // START_ENCRYPTION: scheme 1, key version, 12-byte nonce
        byte[] start = Events.event(EventType.MARIADB_START_ENCRYPTION,
                Bytes.of().u8(1).u32(1).zeros(12).build(), true);
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class, () -> Events.decode(decoder, start));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
        assertTrue(e.getMessage().contains("dump thread") && e.getMessage().contains("encrypt_binlog=OFF"),
                e.getMessage());
    }

    @Test
    void sizeInHeaderMustMatchTheBytesGiven() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(false));
        byte[] xid = Events.event(EventType.XID, Bytes.of().u64(1).build(), false);
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class,
                () -> decoder.decode(xid, 0, xid.length - 1, EventPosition.of("f", 4)));
        assertTrue(e.getMessage().contains("header states 27 bytes, but 26"), e.getMessage());
        assertThrows(BinlogDecodeException.class, () -> decoder.decode(xid, 0, 10, EventPosition.of("f", 4)));
    }

    @Test
    void serverVersionSplitFollowsMysql() {
        assertEquals(new ServerVersion(ServerFlavor.MYSQL, 8, 0, 2, "8.0.2-dmr-debug-log-asan"),
                ServerVersion.parseLenient("8.0.2-dmr-debug-log-asan"));
        ServerVersion maria = ServerVersion.parseLenient("10.5.15-MariaDB-1:10.5.15+maria~focal-log");
        assertEquals(10, maria.major());
        assertEquals(15, maria.patch());
        assertTrue(maria.isMariaDb());
        assertEquals(0, ServerVersion.parseLenient("garbage").major());
        assertEquals(0, ServerVersion.parseLenient("300.1.1").major(), "numbers above 255 make the version invalid");
        assertEquals(new ServerVersion(ServerFlavor.MYSQL, 5, 1, 0, "5.1-x"), ServerVersion.parseLenient("5.1-x"));
        assertTrue(ServerVersion.parseLenient("5.6.1").writesChecksumAlgorithm());
        assertFalse(ServerVersion.parseLenient("5.6.0").writesChecksumAlgorithm());
        assertTrue(ServerVersion.parseLenient("5.3.12-MariaDB").writesChecksumAlgorithm());
    }
}
