package io.sluice.node.binlog;

import static io.sluice.node.binlog.RowsTestSupport.collation;
import static io.sluice.node.binlog.RowsTestSupport.hex;
import static io.sluice.node.binlog.RowsTestSupport.metadata;
import static io.sluice.node.binlog.RowsTestSupport.one;
import static io.sluice.node.binlog.RowsTestSupport.oneText;
import static io.sluice.node.binlog.RowsTestSupport.unsignedColumn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Integers, floats, BIT, ENUM/SET, strings in their charsets, BLOB/TEXT, GEOMETRY, VECTOR, NULL and bad types. */
class ValueDecodingTest {
    private static final int TINY = 1, SHORT = 2, LONG = 3, FLOAT = 4, DOUBLE = 5, NULL = 6, LONGLONG = 8,
            INT24 = 9, VARCHAR = 15, BIT = 16, VECTOR = 242, ENUM = 247, SET = 248, BLOB = 252, VAR_STRING = 253,
            STRING = 254, GEOMETRY = 255;

    @Test
    void integersSignedByDefault() {
        assertEquals("-1", oneText(TINY, 0, hex("ff")));
        assertEquals("-32768", oneText(SHORT, 0, hex("0080")));
        assertEquals("-8388608", oneText(INT24, 0, hex("000080")));
        assertEquals("-1", oneText(INT24, 0, hex("ffffff")));
        assertEquals("-2147483648", oneText(LONG, 0, hex("00000080")));
        assertEquals("-9223372036854775808", oneText(LONGLONG, 0, hex("0000000000000080")));
        assertEquals(-1L, one(LONGLONG, 0, null, hex("ffffffffffffffff")).value(0));
        assertEquals(-8388608L, one(INT24, 0, null, hex("000080")).longValue(0));
    }

    @Test
    void unsignedMaxima() {
        assertEquals("255", one(TINY, 0, unsignedColumn(), hex("ff")).text(0));
        assertEquals("65535", one(SHORT, 0, unsignedColumn(), hex("ffff")).text(0));
        assertEquals("16777215", one(INT24, 0, unsignedColumn(), hex("ffffff")).text(0));
        assertEquals("4294967295", one(LONG, 0, unsignedColumn(), hex("ffffffff")).text(0));
        RowImage big = one(LONGLONG, 0, unsignedColumn(), hex("ffffffffffffffff"));
        assertEquals("18446744073709551615", big.text(0));
        assertEquals(new BigInteger("18446744073709551615"), big.value(0));
        assertEquals(-1L, big.longValue(0), "raw 64 bits");
        assertEquals(BigInteger.ONE, one(LONGLONG, 0, unsignedColumn(), hex("0100000000000000")).value(0));
        assertEquals(4294967295L, one(LONG, 0, unsignedColumn(), hex("ffffffff")).longValue(0));
    }

    @Test
    void hintsSupplySignednessAndCharsets() {
        TableMapEvent t = RowsTestSupport.table(1, "db", "t", new int[] {LONG, BLOB}, new int[] {0, 2}, null);
        byte[] body = RowsTestSupport.insertOneRow(2, hex("ffffffff | 0300 | e4bda0"));
        // without hints: signed, and a BLOB of unknown charset is bytes
        RowImage plain = RowsTestSupport.decode(RowsTestSupport.WRITE_V1, body, 8, t).rows().get(0).after();
        assertEquals("-1", plain.text(0));
        assertEquals("0xe4bda0", plain.text(1));
        assertEquals(ColumnKind.BYTES, plain.column(1).kind());
        // with hints from a schema layer: unsigned, and utf8mb4 TEXT
        ColumnHints hints = ColumnHints.builder(2).unsigned(0, true).collation(1, 45).name(1, "body").build();
        RowsEventDecoder decoder = new RowsEventDecoder(table -> hints);
        RowImage hinted = RowsTestSupport.decode(decoder, RowsTestSupport.WRITE_V1, body, 8, t).rows().get(0).after();
        assertEquals("4294967295", hinted.text(0));
        assertEquals("你", hinted.text(1));
        assertEquals("body", hinted.column(1).name());
        assertEquals(ColumnKind.TEXT, hinted.column(1).kind());
    }

    @Test
    void floats() {
        // FLOAT 1.1f = 0x3f8ccccd; shown as the float's own shortest text, not the widened double's
        RowImage f = one(FLOAT, 4, null, hex("cdcc8c3f"));
        assertEquals("1.1", f.text(0));
        assertEquals(1.1f, f.value(0));
        assertEquals((double) 1.1f, f.doubleValue(0));
        assertEquals("-0.0", oneText(FLOAT, 4, hex("00000080")));
        assertEquals("3.4028235E38", oneText(FLOAT, 4, hex("ffff7f7f")));
        // DOUBLE 0.1 = 0x3fb999999999999a
        assertEquals("0.1", oneText(DOUBLE, 8, hex("9a9999999999b93f")));
        assertEquals("1.0E300", oneText(DOUBLE, 8, RowsTestSupport.Bytes.of()
                .le(Double.doubleToLongBits(1e300), 8).array()));
    }

    @Test
    void bitWidths() {
        // metadata: first byte = bits % 8, second = whole bytes; the value is big-endian
        assertEquals("1", oneText(BIT, 1 << 8, hex("01")));                 // BIT(1)
        assertEquals("0101", oneText(BIT, 4 << 8, hex("05")));              // BIT(4)
        assertEquals("00100000", oneText(BIT, 1, hex("20")));               // BIT(8)
        assertEquals("100000001", oneText(BIT, 1 << 8 | 1, hex("0101")));   // BIT(9)
        assertEquals("1".repeat(64), oneText(BIT, 8, hex("ffffffffffffffff"))); // BIT(64)
        assertEquals(0x0101L, one(BIT, 1 << 8 | 1, null, hex("0101")).longValue(0));
        // a BIT(4) value with a fifth bit set cannot come from a server
        assertThrows(BinlogFormatException.class, () -> oneText(BIT, 4 << 8, hex("15")));
        // BIT(65) does not exist
        assertThrows(BinlogFormatException.class, () -> oneText(BIT, 1 << 8 | 8, hex("000000000000000000")));
    }

    @Test
    void enumsAndSets() {
        // ENUM inside STRING: meta = real type ENUM (0xf7) << 8 | pack length
        assertEquals("2", oneText(STRING, 0xf7 << 8 | 1, hex("02")));
        List<String> labels = List.of("small", "medium", "large");
        TableMetadata md = metadata(null, null, null, List.of(labels), null);
        assertEquals("medium", one(STRING, 0xf7 << 8 | 1, md, hex("02")).text(0));
        assertEquals("medium", one(STRING, 0xf7 << 8 | 1, md, hex("02")).value(0));
        assertEquals("", one(STRING, 0xf7 << 8 | 1, md, hex("00")).text(0), "index 0 is the empty error value");
        // two-byte ENUM: 300 labels, index 257
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add("v" + i);
        }
        TableMetadata mdMany = metadata(null, null, null, List.of(many), null);
        assertEquals("v256", one(STRING, 0xf7 << 8 | 2, mdMany, hex("0101")).text(0));
        assertEquals(257L, one(STRING, 0xf7 << 8 | 2, mdMany, hex("0101")).longValue(0));
        // SET with 64 members: 8 bytes little-endian bitmask
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            members.add("m" + i);
        }
        TableMetadata mdSet = metadata(null, null, null, null, List.of(members));
        RowImage set = one(STRING, 0xf8 << 8 | 8, mdSet, hex("0500000000000080"));
        assertEquals("m0,m2,m63", set.text(0));
        assertEquals(0x8000000000000005L, set.longValue(0));
        assertEquals("", one(STRING, 0xf8 << 8 | 8, mdSet, hex("0000000000000000")).text(0));
        // without labels: the bitmask, unsigned
        assertEquals("9223372036854775813", oneText(STRING, 0xf8 << 8 | 8, hex("0500000000000080")));
        // bare ENUM/SET type codes work the same
        assertEquals("large", one(ENUM, 1, md, hex("03")).text(0));
        // a 3-byte ENUM does not exist
        assertThrows(BinlogFormatException.class, () -> oneText(STRING, 0xf7 << 8 | 3, hex("010000")));
    }

    @Test
    void charsets() {
        // utf8mb4 (45): CJK and an emoji (4 bytes)
        assertEquals("漢字😀", one(VARCHAR, 40, collation(45), utf8Prefixed("漢字😀")).text(0));
        // utf8mb3 (33) decodes as UTF-8
        assertEquals("é", one(VARCHAR, 30, collation(33), hex("02 c3a9")).text(0));
        // latin1 (8) is Windows-1252: 0x80 is the euro sign, 0xe9 é
        assertEquals("€é", one(VARCHAR, 10, collation(8), hex("02 80e9")).text(0));
        // gbk (28): 中文 = d6d0 cec4
        assertEquals("中文", one(VARCHAR, 20, collation(28), hex("04 d6d0cec4")).text(0));
        // gb18030 (248, MySQL 8): 4-byte sequence 0x81308130 = U+0080
        assertEquals("\u0080", one(VARCHAR, 20, collation(248), hex("04 81308130")).text(0));
        // big5 (1): 中 = a4a4
        assertEquals("中", one(VARCHAR, 20, collation(1), hex("02 a4a4")).text(0));
        // sjis (13) and cp932 (95): テ = 8365
        assertEquals("テ", one(VARCHAR, 20, collation(13), hex("02 8365")).text(0));
        assertEquals("テ", one(VARCHAR, 20, collation(95), hex("02 8365")).text(0));
        // ujis (12): テ = a5c6
        assertEquals("テ", one(VARCHAR, 20, collation(12), hex("02 a5c6")).text(0));
        // euckr (19): 한 = c7d1
        assertEquals("한", one(VARCHAR, 20, collation(19), hex("02 c7d1")).text(0));
        // koi8r (7): Ж = f6; cp1251 (51): Ж = c6
        assertEquals("Ж", one(VARCHAR, 20, collation(7), hex("01 f6")).text(0));
        assertEquals("Ж", one(VARCHAR, 20, collation(51), hex("01 c6")).text(0));
        // ucs2 (35) and utf16 (54) are big-endian, utf16le (56) little-endian, utf32 (60) 4 bytes big-endian
        assertEquals("Aé", one(VARCHAR, 20, collation(35), hex("04 0041 00e9")).text(0));
        assertEquals("😀", one(VARCHAR, 20, collation(54), hex("04 d83dde00")).text(0));
        assertEquals("Aé", one(VARCHAR, 20, collation(56), hex("04 4100 e900")).text(0));
        assertEquals("😀", one(VARCHAR, 20, collation(60), hex("04 0001f600")).text(0));
        // ascii (11)
        assertEquals("abc", one(VARCHAR, 20, collation(11), hex("03 616263")).text(0));
        // MariaDB: utf8mb4_uca1400_ai_ci (2304) and utf8mb4_general_nopad_ci (1069) are utf8mb4
        assertEquals("😀", one(VARCHAR, 20, collation(2304), utf8Prefixed("😀")).text(0));
        assertEquals("😀", one(VARCHAR, 20, collation(1069), utf8Prefixed("😀")).text(0));
        // MySQL 8 default utf8mb4_0900_ai_ci (255)
        assertEquals("😀", one(VARCHAR, 20, collation(255), utf8Prefixed("😀")).text(0));
        // unknown charset: CHAR/VARCHAR default to UTF-8 text
        assertEquals("漢", oneText(VARCHAR, 20, utf8Prefixed("漢")));
    }

    @Test
    void collationTable() {
        assertEquals("utf8mb4", Collations.charsetName(2304));
        assertEquals("utf8mb3", Collations.charsetName(2048));
        assertEquals("ucs2", Collations.charsetName(2560));
        assertEquals("utf16", Collations.charsetName(2816));
        assertEquals("utf32", Collations.charsetName(3072));
        assertEquals("latin1", Collations.charsetName(1032));
        assertEquals("utf8mb4", Collations.charsetName(608));
        assertEquals("utf8mb4", Collations.charsetName(323));
        assertEquals("gb18030", Collations.charsetName(250));
        assertEquals("binary", Collations.charsetName(63));
        assertTrue(Collations.isBinary(63));
        assertNull(Collations.charset(63));
        assertNull(Collations.charsetName(17));
        assertNull(Collations.charsetName(5000));
        assertEquals(Charset.forName("windows-1252"), Collations.charset(8));
        assertTrue(Collations.isApproximate(3), "dec8 has no JDK charset");
        assertEquals(StandardCharsets.ISO_8859_1, Collations.charset(3));
    }

    @Test
    void charAndBinary() {
        // CHAR(4) utf8mb4: meta fe | 10 (16 bytes), one length byte; trailing spaces are not logged
        assertEquals("ab", one(STRING, 0xfe << 8 | 16, collation(45), hex("02 6162")).text(0));
        // BINARY(4): the server strips trailing zero bytes; the value gets them back
        RowImage bin = one(STRING, 0xfe << 8 | 4, collation(63), hex("02 6162"));
        assertEquals("0x61620000", bin.text(0));
        assertArrayEquals(hex("61620000"), bin.bytes(0));
        assertArrayEquals(hex("61620000"), (byte[]) bin.value(0));
        // CHAR(255) utf8mb4 = 1020 bytes: the length is 0x3fc, whose high bits hide in the type byte:
        // meta byte0 = 0xfe ^ ((0x3fc >> 4) & 0x30) = 0xce, byte1 = 0xfc; values take 2 length bytes
        byte[] longChar = RowsTestSupport.Bytes.of().le(300, 2).bytes("x".repeat(300).getBytes()).array();
        assertEquals("x".repeat(300), one(STRING, 0xce << 8 | 0xfc, collation(45), longChar).text(0));
        // VARCHAR(300) latin1: max length 300 > 255, 2 length bytes
        assertEquals("y".repeat(256), one(VARCHAR, 300, collation(8), RowsTestSupport.Bytes.of().le(256, 2)
                .bytes("y".repeat(256).getBytes()).array()).text(0));
        // VAR_STRING behaves as VARCHAR
        assertEquals("z", one(VAR_STRING, 10, collation(45), hex("01 7a")).text(0));
        // a string longer than its column's maximum cannot come from a server
        assertThrows(BinlogFormatException.class, () -> one(VARCHAR, 2, collation(45), hex("03 616263")));
    }

    @Test
    void blobsTextGeometryVector() {
        // BLOB types carry 1..4 length bytes as their metadata
        assertEquals("0x0102", oneText(BLOB, 1, hex("02 0102")));
        assertEquals("0x0102", oneText(BLOB, 3, hex("020000 0102")));
        assertEquals("0x", oneText(BLOB, 4, hex("00000000")));
        // TEXT = BLOB with a character set
        assertEquals("héllo", one(BLOB, 2, collation(45), hex("0600 68c3a96c6c6f")).text(0));
        assertEquals("0x68c3a96c6c6f", one(BLOB, 2, collation(63), hex("0600 68c3a96c6c6f")).text(0));
        // GEOMETRY: 4-byte SRID then WKB, as bytes. POINT(1 2) SRID 0
        String point = "00000000 0101000000 000000000000f03f 0000000000000040";
        RowImage g = one(GEOMETRY, 4, null, RowsTestSupport.Bytes.of().le(25, 4).hex(point).array());
        assertEquals("0x" + point.replace(" ", ""), g.text(0));
        assertEquals(ColumnKind.GEOMETRY, g.column(0).kind());
        // VECTOR: float32 little-endian; [1.0, -1.0]
        RowImage v = one(VECTOR, 4, null, hex("08000000 0000803f 000080bf"));
        assertEquals("0x0000803f000080bf", v.text(0));
        assertThrows(BinlogFormatException.class, () -> oneText(VECTOR, 4, hex("03000000 000080")));
        // a length past the event is an error naming the column
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> oneText(BLOB, 2, hex("ff00 0102")));
        assertTrue(e.getMessage().contains("column 0 (type 0xfc BLOB, meta 0x2)"), e.getMessage());
        assertTrue(e.getMessage().contains("BLOB needs 255 bytes, only 2 left"), e.getMessage());
    }

    @Test
    void jsonColumn() {
        // {"a":1}: small object, 1 member, 12 bytes; key entry (offset 11, length 1); value int16 1 inlined
        RowImage j = one(245, 4, null, hex("0d000000 | 00 0100 0c00 0b00 0100 05 0100 61"));
        assertEquals("{\"a\":1}", j.text(0));
        assertEquals("{\"a\":1}", j.value(0));
        // zero-length JSON (a NOT NULL column given no value) reads as JSON null
        assertEquals("null", oneText(245, 4, hex("00000000")));
    }

    @Test
    void nullTypeAndUnknownTypes() {
        // MYSQL_TYPE_NULL takes no bytes: a present, not-NULL-flagged value of it is NULL
        TableMapEvent t = RowsTestSupport.table(1, "db", "t", new int[] {NULL, TINY}, new int[] {0, 0}, null);
        RowImage r = RowsTestSupport.decode(RowsTestSupport.WRITE_V1, RowsTestSupport.insertOneRow(2, hex("07")), 8, t)
                .rows().get(0).after();
        assertTrue(r.isNull(0));
        assertNull(r.value(0));
        assertEquals("7", r.text(1));

        // an unknown type code is fine while its values are NULL, and an error naming it when one is not
        TableMapEvent odd = RowsTestSupport.table(1, "db", "odd", new int[] {TINY, 0x70}, new int[] {0, 0},
                metadata(null, null, List.of("id", "mystery"), null, null));
        byte[] nullOdd = RowsTestSupport.Bytes.of().le(1, 6).le(0, 2).u8(2).u8(0x03).u8(0x02).u8(5).array();
        RowImage ok = RowsTestSupport.decode(RowsTestSupport.WRITE_V1, nullOdd, 8, odd).rows().get(0).after();
        assertTrue(ok.isNull(1));
        assertEquals(ColumnKind.UNSUPPORTED, ok.column(1).kind());
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> RowsTestSupport.decode(
                RowsTestSupport.WRITE_V1, RowsTestSupport.insertOneRow(2, hex("05 00")), 8, odd));
        assertTrue(e.getMessage().contains("db.odd (table id 1)"), e.getMessage());
        assertTrue(e.getMessage().contains("column 1 `mystery` (type 0x70 unknown, meta 0x0)"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown column type 112"), e.getMessage());
    }

    @Test
    void oldDecimalNeedsItsLengthFromHints() {
        TableMapEvent t = RowsTestSupport.table(1, "db", "t", new int[] {0}, new int[] {0}, null);
        byte[] body = RowsTestSupport.insertOneRow(1, " -12.50".getBytes(StandardCharsets.US_ASCII));
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> RowsTestSupport.decode(RowsTestSupport.WRITE_V1, body, 8, t));
        assertTrue(e.getMessage().contains("ColumnHints.decimalLength"), e.getMessage());
        ColumnHints hints = ColumnHints.builder(1).decimalLength(0, 7).build();
        RowImage r = RowsTestSupport.decode(new RowsEventDecoder(x -> hints), RowsTestSupport.WRITE_V1, body, 8, t)
                .rows().get(0).after();
        assertEquals("-12.50", r.text(0));
    }

    private static byte[] utf8Prefixed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return RowsTestSupport.Bytes.of().u8(b.length).bytes(b).array();
    }
}
