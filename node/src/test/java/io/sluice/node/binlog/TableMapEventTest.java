package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** TABLE_MAP: post-header, columns, the column metadata contract, and every optional metadata field. */
class TableMapEventTest {

    /**
     * Written by a MariaDB 10.11 server with binlog_row_metadata=FULL for
     * {@code CREATE TABLE g.t (id INT PRIMARY KEY, g GEOMETRY, t TEXT CHARSET latin1, p POINT NOT NULL,
     * v VARBINARY(10), e ENUM('x','y') CHARSET latin1, j JSON, b BLOB, c CHAR(3) CHARSET utf8mb4, u INT UNSIGNED,
     * y YEAR, bt BIT(10), d DECIMAL(10,2) UNSIGNED)}.
     */
    private static final byte[] MARIADB_TABLE_MAP = Bytes.of()
            .hex("df2d086b 13 01000000 80000000 74040000 0000") // header: TABLE_MAP, 128 bytes, next at 1140
            .hex("120000000000")                    // table id 18
            .hex("0100")                            // flags: TM_BIT_LEN_EXACT_F
            .hex("01 67 00")                        // schema "g", NUL
            .hex("01 74 00")                        // table "t", NUL
            .hex("0d")                              // 13 columns
            .hex("03 ff fc ff 0f fe fc fc fe 03 0d 10 f6") // types: LONG GEOMETRY BLOB GEOMETRY VARCHAR STRING BLOB
                                                    //  BLOB STRING LONG YEAR BIT NEWDECIMAL
            .hex("0f")                              // 15 bytes of column metadata:
            .hex("04")                              //   g: 4 length bytes
            .hex("02")                              //   t: TEXT, 2 length bytes
            .hex("04")                              //   p: 4 length bytes
            .hex("0a00")                            //   v: VARCHAR max 10 bytes, little-endian
            .hex("f701")                            //   e: real type ENUM, 1 byte per value
            .hex("04")                              //   j: LONGTEXT, 4 length bytes
            .hex("02")                              //   b: BLOB, 2 length bytes
            .hex("fe0c")                            //   c: real type STRING, 12 bytes
            .hex("0201")                            //   bt: 2 bits beyond whole bytes, 1 whole byte
            .hex("0a02")                            //   d: precision 10, scale 2
            .hex("f61f")                            // nullable: all but id and p
            .hex("01 01 70")                        // SIGNEDNESS: id u y d -> 0,1,1,1 (MariaDB counts YEAR)
            .hex("02 07 3f 01 08 04 2e 06 2d")      // DEFAULT_CHARSET: 63, char column #1 (t) latin1(8),
                                                    //  #4 (j) utf8mb4_bin(46), #6 (c) utf8mb4_general_ci(45)
            .hex("07 02 00 01")                     // GEOMETRY_TYPE: g GEOMETRY(0), p POINT(1)
            .hex("04 1c 026964 0167 0174 0170 0176 0165 016a 0162 0163 0175 0179 026274 0164") // COLUMN_NAME
            .hex("0a 01 08")                        // ENUM_AND_SET_DEFAULT_CHARSET: latin1
            .hex("06 05 02 0178 0179")              // ENUM_STR_VALUE: e has 2 labels, x y
            .hex("08 01 00")                        // SIMPLE_PRIMARY_KEY: column 0
            .hex("bc0fd645")                        // CRC32
            .build();

    private static TableMapEvent decode(byte[] fde, byte[] event) {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, fde);
        return assertInstanceOf(TableMapEvent.class, Events.decode(decoder, event));
    }

    @Test
    void mariaDbFullMetadataFromARealServer() {
        TableMapEvent map = decode(Events.mariaDb105Fde(true), MARIADB_TABLE_MAP);
        assertEquals(18, map.tableId());
        assertEquals(1, map.flags());
        assertEquals("g.t", map.qualifiedName());
        assertEquals(13, map.columnCount());
        assertEquals(ColumnType.GEOMETRY, map.columnType(1));
        assertArrayEquals(new int[] {0, 4, 2, 4, 10, 0xf701, 4, 2, 0xfe0c, 0, 0, 0x0201, 0x0a02}, map.columnMeta());
        assertEquals("{1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12}", map.nullable().toString());
        TableMetadata m = map.metadata();
        assertEquals(List.of("id", "g", "t", "p", "v", "e", "j", "b", "c", "u", "y", "bt", "d"), m.columnNames());
        assertArrayEquals(new boolean[] {false, false, false, false, false, false, false, false, false, true, true,
            false, true}, m.unsigned());
        // MariaDB counts GEOMETRY as a character column: the exceptions' indexes only work out that way
        assertArrayEquals(new int[] {-1, 63, 8, 63, 63, 8, 46, 63, 45, -1, -1, -1, -1}, m.collations());
        assertArrayEquals(new int[] {-1, 0, -1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, m.geometryTypes());
        assertEquals(List.of("x", "y"), m.enumLabels().get(5));
        assertNull(m.setLabels());
        assertArrayEquals(new int[] {0}, m.primaryKey());
        assertArrayEquals(new int[] {0}, m.primaryKeyPrefixes());
        assertNull(m.visible());
        assertNull(m.vectorDimensions());
    }

    /** A MySQL 9 table using every optional field (synthetic; field layouts from MySQL's rows_event.h). */
    private static byte[] mysqlTableMapBody(byte[] optional) {
        return Bytes.of()
                .u48(4242)                          // table id
                .u16(1)                             // flags
                .str8("shop").u8(0)                 // schema
                .str8("items").u8(0)                // table
                .u8(12)                             // columns: id price name code state tags note pos emb flags f ts
                .hex("08 f6 0f fe fe fe fc ff f2 10 04 11")
                .u8(17)                             // metadata bytes:
                .hex("0a02")                        //   price DECIMAL(10,2)
                .hex("9001")                        //   name VARCHAR(100) utf8mb4: 400 bytes
                .hex("fe0a")                        //   code CHAR(10) latin1
                .hex("f701")                        //   state ENUM
                .hex("f801")                        //   tags SET
                .hex("02")                          //   note TEXT
                .hex("04")                          //   pos POINT
                .hex("04")                          //   emb VECTOR(4): 4-byte length
                .hex("0201")                        //   flags BIT(10)
                .hex("04")                          //   f FLOAT
                .hex("03")                          //   ts TIMESTAMP(3)
                .hex("fe0f")                        // nullable: all but id
                .bytes(optional)
                .build();
    }

    private static final byte[] MYSQL_OPTIONAL = Bytes.of()
            .hex("01 01 80")                        // SIGNEDNESS over id price f: 1,0,0
            .hex("02 07 fcff00 01 08 03 3f")        // DEFAULT_CHARSET 255; char #1 (code) latin1; #3 (emb) binary
            .hex("04").u8(54).str8("id").str8("price").str8("name").str8("code").str8("state").str8("tags")
            .str8("note").str8("pos").str8("emb").str8("flags").str8("f").str8("ts") // COLUMN_NAME
            .hex("05 07 03 0161 0162 0163")         // SET_STR_VALUE: tags a b c
            .hex("06 0a 02 036e6577 04646f6e65")    // ENUM_STR_VALUE: state new done
            .hex("07 01 01")                        // GEOMETRY_TYPE: POINT
            .hex("09 04 00 00 02 0a")               // PRIMARY_KEY_WITH_PREFIX: (id, whole), (name, 10 chars)
            .hex("0b 02 2d 2d")                     // ENUM_AND_SET_COLUMN_CHARSET: 45, 45
            .hex("0c 02 ffe0")                      // COLUMN_VISIBILITY: all but ts visible
            .hex("0d 01 04")                        // VECTOR_DIMENSIONALITY: emb 4
            .hex("63 03 010203")                    // a field from a future server: skipped
            .build();

    @Test
    void everyOptionalMetadataFieldResolvedPerColumn() {
        TableMapEvent map = decode(Events.mysql80Fde(true),
                Events.event(EventType.TABLE_MAP, mysqlTableMapBody(MYSQL_OPTIONAL), true));
        assertEquals(4242, map.tableId());
        assertArrayEquals(new int[] {0, 0x0a02, 400, 0xfe0a, 0xf701, 0xf801, 2, 4, 4, 0x0201, 4, 3}, map.columnMeta());
        TableMetadata m = map.metadata();
        assertArrayEquals(new boolean[] {true, false, false, false, false, false, false, false, false, false, false,
            false}, m.unsigned());
        // character columns in MySQL 9: name code note emb (VECTOR counts); ENUM/SET come from their own field
        assertArrayEquals(new int[] {-1, -1, 255, 8, 45, 45, 255, -1, 63, -1, -1, -1}, m.collations());
        assertEquals(List.of("a", "b", "c"), m.setLabels().get(5));
        assertEquals(List.of("new", "done"), m.enumLabels().get(4));
        assertNull(m.enumLabels().get(5));
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1, -1, 1, -1, -1, -1, -1}, m.geometryTypes());
        assertArrayEquals(new int[] {0, 2}, m.primaryKey());
        assertArrayEquals(new int[] {0, 10}, m.primaryKeyPrefixes());
        assertEquals("{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}", m.visible().toString());
        assertArrayEquals(new int[] {-1, -1, -1, -1, -1, -1, -1, -1, 4, -1, -1, -1}, m.vectorDimensions());
        assertEquals("ts", m.columnNames().get(11));
    }

    @Test
    void unknownColumnTypeNamesTableColumnCodeAndPosition() {
        byte[] body = mysqlTableMapBody(new byte[0]);
        int types = 6 + 2 + 6 + 7 + 1;
        body[types + 7] = (byte) 0x99; // column 7: a type code no server writes
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        byte[] event = Events.event(EventType.TABLE_MAP, body, true);
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class,
                () -> decoder.decode(event, 0, event.length, EventPosition.of("binlog.000004", 9000)));
        assertTrue(e.getMessage().contains("shop.items") && e.getMessage().contains("column 7")
                && e.getMessage().contains("type code 153") && e.getMessage().contains("binlog.000004:9000"),
                e.getMessage());
    }

    @Test
    void metadataBlockMustMatchTheColumnTypes() {
        byte[] body = mysqlTableMapBody(new byte[0]);
        int metaLength = 6 + 2 + 6 + 7 + 1 + 12;
        body[metaLength] = 18; // one byte more than the types use
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(true));
        BinlogDecodeException e = assertThrows(BinlogDecodeException.class,
                () -> Events.decode(decoder, Events.event(EventType.TABLE_MAP, body, true)));
        assertTrue(e.getMessage().contains("metadata block"), e.getMessage());
    }

    @Test
    void charsetFieldsThatDoNotFitTheColumnsAreErrors() {
        for (String optional : new String[] {
            "03 02 2d 2d",         // COLUMN_CHARSET for 2 of the 4 character columns
            "02 03 2d 07 08",      // DEFAULT_CHARSET exception for character column #7 of 4
            "01 02 8000",          // SIGNEDNESS of 2 bytes for 3 numeric columns
            "05 02 01 01",         // SET_STR_VALUE label longer than the field
        }) {
            BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
            Events.prime(decoder, Events.mysql80Fde(true));
            byte[] body = mysqlTableMapBody(Bytes.of().hex(optional).build());
            assertThrows(BinlogDecodeException.class,
                    () -> Events.decode(decoder, Events.event(EventType.TABLE_MAP, body, true)), optional);
        }
    }

    @Test
    void fourByteTableIdWhenThePostHeaderIsSix() {
        byte[] postHeaders = Arrays.copyOf(Events.MYSQL_80_POST_HEADERS, 19);
        postHeaders[EventType.TABLE_MAP.code() - 1] = 6; // a 5.1 tree before 5.1.4
        byte[] fde = Events.formatDescription("5.1.3-beta", postHeaders, -1);
        byte[] body = Bytes.of().u32(77).u16(0).str8("d").u8(0).str8("t").u8(0).u8(1).hex("03").u8(0).hex("00").build();
        TableMapEvent map = decode(fde, Events.event(EventType.TABLE_MAP, body, false));
        assertEquals(77, map.tableId());
        assertEquals(ColumnType.LONG, map.columnType(0));
        assertSame(TableMetadata.EMPTY, map.metadata());
    }

    @Test
    void newerMapForTheSameIdReplacesTheOlderOne() {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        Events.prime(decoder, Events.mysql80Fde(false));
        byte[] first = Bytes.of().u48(5).u16(0).str8("d").u8(0).str8("a").u8(0).u8(1).hex("03").u8(0).hex("00").build();
        byte[] second = Bytes.of().u48(5).u16(0).str8("d").u8(0).str8("b").u8(0).u8(1).hex("08").u8(0).hex("00").build();
        Events.decode(decoder, Events.event(EventType.TABLE_MAP, first, false));
        assertEquals("a", decoder.tableMap(5).table());
        Events.decode(decoder, Events.event(EventType.TABLE_MAP, second, false));
        assertEquals("b", decoder.tableMap(5).table());
        assertNull(decoder.tableMap(6));
    }

    @Test
    void tableMapCacheIsBounded() {
        TableMapCache cache = new TableMapCache(3);
        for (long id = 1; id <= 5; id++) {
            cache.put(new TableMapEvent(null, id, 0, "d", "t" + id, new byte[0], new int[0], new java.util.BitSet(),
                    TableMetadata.EMPTY));
        }
        assertEquals(3, cache.size());
        assertNull(cache.tableMap(1));
        assertEquals("t5", cache.tableMap(5).table());
    }
}
