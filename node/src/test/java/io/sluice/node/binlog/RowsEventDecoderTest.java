package io.sluice.node.binlog;

import static io.sluice.node.binlog.RowsTestSupport.decode;
import static io.sluice.node.binlog.RowsTestSupport.hex;
import static io.sluice.node.binlog.RowsTestSupport.metadata;
import static io.sluice.node.binlog.RowsTestSupport.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Whole rows events as annotated byte literals: every version, both bitmaps, extra data, partial JSON, errors. */
class RowsEventDecoderTest {
    private static final int LONG = 3, TINY = 1, VARCHAR = 15, JSON = 245;

    /** db.t1 (id INT, name VARCHAR(20) utf8mb4, flag TINYINT), table id 1. */
    private static TableMapEvent t1() {
        return table(1, "db", "t1", new int[] {LONG, VARCHAR, TINY}, new int[] {0, 80, 0},
                metadata(null, new int[] {-1, 45, -1}, List.of("id", "name", "flag"), null, null));
    }

    @Test
    void writeRowsV1TwoRowsWithNull() {
        byte[] body = hex(""
                + "010000000000"   // table id 1
                + "0100"           // flags: STMT_END_F
                + "03"             // 3 columns
                + "07"             // columns present: all
                // row 0
                + "00"             // NULL bitmap over the 3 present columns: none
                + "01000000"       // id = 1
                + "03 616263"      // name = "abc"
                + "ff"             // flag = -1
                // row 1
                + "02"             // NULL bitmap: name (bit 1)
                + "02000000"       // id = 2
                + "05");           // flag = 5
        RowsEvent e = decode(RowsTestSupport.WRITE_V1, body, 8, t1());
        assertEquals(RowsEvent.Kind.INSERT, e.kind());
        assertEquals(1, e.version());
        assertTrue(e.statementEnd());
        assertEquals("db.t1", e.table().qualifiedName());
        assertNull(e.columnsAfter());
        assertEquals(2, e.rowCount());
        RowImage r0 = e.rows().get(0).after();
        assertNull(e.rows().get(0).before());
        assertEquals("1", r0.text(0));
        assertEquals("abc", r0.text(1));
        assertEquals("-1", r0.text(2));
        assertEquals(1L, r0.longValue(0));
        RowImage r1 = e.rows().get(1).after();
        assertTrue(r1.isNull(1));
        assertNull(r1.text(1));
        assertNull(r1.value(1));
        assertEquals("{0=2, 1=NULL, 2=5}", r1.toString());
        assertThrows(IllegalStateException.class, () -> r1.longValue(1));
    }

    @Test
    void updateRowsV2WithMinimalImagesAndPartitionInfo() {
        byte[] body = hex(""
                + "010000000000"           // table id 1
                + "0100"                   // flags
                + "0700"                   // extra data: 7 bytes counting these 2
                + "01 0300 0200"           // partition info: partition 3, source partition 2 (UPDATE)
                + "03"                     // 3 columns
                + "01"                     // before image: id only (binlog_row_image=MINIMAL)
                + "06"                     // after image: name and flag
                + "00 01000000"            // before: no NULLs, id = 1
                + "00 02 6869 07");        // after: no NULLs, name = "hi", flag = 7
        RowsEvent e = decode(RowsTestSupport.UPDATE_V2, body, 10, t1());
        assertEquals(RowsEvent.Kind.UPDATE, e.kind());
        assertEquals(2, e.version());
        assertEquals(3, e.extra().partitionId());
        assertEquals(2, e.extra().sourcePartitionId());
        assertArrayEquals(hex("0103000200"), e.extra().raw());
        assertEquals(BitSet.valueOf(new byte[] {1}), e.columns());
        assertEquals(BitSet.valueOf(new byte[] {6}), e.columnsAfter());
        RowsEvent.RowChange change = e.rows().get(0);
        assertTrue(change.before().isPresent(0));
        assertFalse(change.before().isPresent(1));
        assertThrows(IllegalStateException.class, () -> change.before().text(1));
        assertFalse(change.after().isPresent(0));
        assertEquals("hi", change.after().text(1));
        assertEquals("7", change.after().text(2));
    }

    @Test
    void deleteRowsV2WithNdbInfo() {
        byte[] body = hex(""
                + "010000000000 0000"      // table id 1, no flags
                + "0700"                   // extra data: 5 bytes
                + "00 04 01 aabb"          // NDB info: length 4 (with itself and format), format 1, payload aabb
                + "03 07"                  // 3 columns, all present
                + "00 09000000 00 00");    // id = 9, name = "", flag = 0
        RowsEvent e = decode(RowsTestSupport.DELETE_V2, body, 10, t1());
        assertEquals(RowsEvent.Kind.DELETE, e.kind());
        assertEquals(1, e.extra().ndbFormat());
        assertArrayEquals(hex("aabb"), e.extra().ndbData());
        assertEquals(-1, e.extra().partitionId());
        assertNull(e.rows().get(0).after());
        assertEquals("{0=9, 1=, 2=0}", e.rows().get(0).before().toString());
    }

    @Test
    void fourByteTableIdOfOldSources() {
        // post-header length 6: sources built before 5.1.4 wrote 4-byte table ids
        byte[] body = hex("01000000 0100 03 07 00 05000000 00 01");
        RowsEvent e = decode(RowsTestSupport.WRITE_V1, body, 6, t1());
        assertEquals("{0=5, 1=, 2=1}", e.rows().get(0).after().toString());
    }

    @Test
    void mariaDbCompressedTypesReadLikeV1() {
        byte[] body = hex("010000000000 0100 03 07 00 05000000 00 01");
        for (int type : new int[] {166, 169}) {
            RowsEvent e = decode(type, body, 8, t1());
            assertEquals(RowsEvent.Kind.INSERT, e.kind());
            assertEquals(1, e.version());
        }
        byte[] update = hex("010000000000 0100 03 07 07 00 05000000 00 01 00 06000000 00 02");
        assertEquals("{0=6, 1=, 2=2}", decode(167, update, 8, t1()).rows().get(0).after().toString());
        assertEquals(RowsEvent.Kind.DELETE, decode(168, body, 8, t1()).kind());
    }

    // ------------------------------------------------------------------ partial JSON

    /** db.j (id INT, doc JSON), table id 1. */
    private static TableMapEvent jsonTable() {
        return table(1, "db", "j", new int[] {LONG, JSON}, new int[] {0, 4}, null);
    }

    private static final String DOC_A1 = "0d000000 | 00 0100 0c00 0b00 0100 05 0100 61"; // {"a":1}
    private static final String DIFFS = ""
            + "14000000"                         // diff list: 20 bytes
            + "00 03 242e61 03 050200"           // REPLACE $.a with int16 2
            + "01 05 242e223022 03 0c0178";      // INSERT $."0" the string "x"

    @Test
    void partialJsonUpdateAppliedToTheBeforeImage() {
        byte[] body = hex(""
                + "010000000000 0100 0200"       // table id, flags, empty extra data
                + "02 03 03"                     // 2 columns; both in before and after image
                + "00 01000000" + DOC_A1         // before: id = 1, doc = {"a":1}
                + "01"                           // after: value_options = PARTIAL_JSON_UPDATES
                + "01"                           //        partial bits: JSON column 0 holds diffs
                + "00 01000000" + DIFFS);        //        no NULLs, id = 1, doc diffs
        RowsEvent e = decode(RowsTestSupport.PARTIAL_UPDATE, body, 10, jsonTable());
        assertEquals(RowsEvent.Kind.UPDATE, e.kind());
        RowsEvent.RowChange c = e.rows().get(0);
        assertEquals("{\"a\":1}", c.before().text(1));
        // "0" sorts before "a" (same length, smaller byte), as MySQL orders object keys
        assertEquals("{\"0\":\"x\",\"a\":2}", c.after().text(1));
        assertFalse(c.after().isPartialJson(1));
        // the diffs stay available for consumers that want the update as an expression
        assertTrue(c.after().hasJsonDiffs(1));
        assertEquals(2, c.after().jsonDiffs(1).size());
        assertFalse(c.before().hasJsonDiffs(1));
    }

    @Test
    void partialJsonWithoutTheDocumentInTheBeforeImage() {
        byte[] body = hex(""
                + "010000000000 0100 0200 02"
                + "01 02"                        // before: id only; after: doc only (MINIMAL)
                + "00 01000000"
                + "01 01 00" + DIFFS);
        RowImage after = decode(RowsTestSupport.PARTIAL_UPDATE, body, 10, jsonTable()).rows().get(0).after();
        assertTrue(after.isPartialJson(1));
        assertEquals(2, after.jsonDiffs(1).size());
        assertEquals("JSON_INSERT(JSON_REPLACE(@2, '$.a', CAST('2' AS JSON)), '$.\"0\"', CAST('\"x\"' AS JSON))",
                after.text(1));
    }

    @Test
    void partialUpdateEventWithFullValues() {
        // value_options 0: the after image holds whole documents, no partial bitmap
        byte[] body = hex("010000000000 0100 0200 02 03 03"
                + "00 01000000" + DOC_A1
                + "00 00 01000000" + DOC_A1);
        RowsEvent e = decode(RowsTestSupport.PARTIAL_UPDATE, body, 10, jsonTable());
        assertEquals("{\"a\":1}", e.rows().get(0).after().text(1));
    }

    @Test
    void partialJsonAgainstANullBeforeValueIsAnError() {
        byte[] body = hex("010000000000 0100 0200 02 03 03"
                + "02 01000000"                  // before: doc NULL
                + "01 01 00 01000000" + DIFFS);
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> decode(RowsTestSupport.PARTIAL_UPDATE, body, 10, jsonTable()));
        assertTrue(e.getMessage().contains("NULL in the before image"), e.getMessage());
    }

    // ------------------------------------------------------------------ pre-GA (v0)

    @Test
    void preGaWriteAndUpdateRows() {
        // id INT NOT NULL, name VARCHAR(10) NULL: the VARCHAR makes records packed, so no X bit: the NULL bit of
        // name is bit 0 of one record NULL byte. NULL values are still packed (as defaults).
        BitSet nullable = new BitSet();
        nullable.set(1);
        TableMapEvent t = new TableMapEvent(RowsTestSupport.header(19, 0), 1, 1, "db", "old",
                new byte[] {LONG, VARCHAR}, new int[] {0, 10}, nullable, TableMetadata.EMPTY);
        byte[] write = hex(""
                + "010000000000 0100 02 03"      // table id, flags, 2 columns, both present
                + "00 01000000 02 6869"          // record NULL byte 0: id 1, name "hi"
                + "01 02000000 00");             // name NULL (its default, "", is still packed)
        RowsEvent w = decode(20, write, 8, t);
        assertEquals(0, w.version());
        assertEquals("{0=1, 1=hi}", w.rows().get(0).after().toString());
        assertEquals("{0=2, 1=NULL}", w.rows().get(1).after().toString());
        // UPDATE v0: one bitmap for both images
        byte[] update = hex("010000000000 0100 02 03 00 01000000 02 6869 00 01000000 02 686f");
        RowsEvent u = decode(21, update, 8, t);
        assertSame(u.columns(), u.columnsAfter());
        assertEquals("{0=1, 1=ho}", u.rows().get(0).after().toString());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void unknownTableIdNamesIt() {
        byte[] body = hex("2a0000000000 0100 03 07 00 01000000 00 00");
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> decode(RowsTestSupport.WRITE_V1, body, 8, t1()));
        assertEquals("WRITE_ROWS_V1 for table id 42: no TABLE_MAP for this id was seen before it", e.getMessage());
    }

    @Test
    void columnCountMismatchNamesBothCounts() {
        byte[] body = hex("010000000000 0100 04 0f 00 01000000 00 00 00");
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> decode(RowsTestSupport.WRITE_V1, body, 8, t1()));
        assertEquals("WRITE_ROWS_V1 for db.t1 (table id 1) has 4 columns, its TABLE_MAP has 3", e.getMessage());
    }

    @Test
    void truncatedValueNamesRowImageAndColumn() {
        byte[] body = hex("010000000000 0100 03 07 00 01000000 05 6162");
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> decode(RowsTestSupport.WRITE_V1, body, 8, t1()));
        assertEquals("WRITE_ROWS_V1 for db.t1 (table id 1): row 0 after image, column 1 `name` "
                + "(type 0xf VARCHAR, meta 0x50): string needs 5 bytes, only 2 left in the event", e.getMessage());
    }

    @Test
    void rowsWithoutColumnsCannotLoop() {
        byte[] body = hex("010000000000 0100 03 00 00 00 00");
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> decode(RowsTestSupport.WRITE_V1, body, 8, t1()));
        assertTrue(e.getMessage().contains("a row of zero bytes"), e.getMessage());
        // ...but an event with no rows at all is fine
        assertEquals(0, decode(RowsTestSupport.WRITE_V1, hex("010000000000 0100 03 00"), 8, t1()).rowCount());
    }

    @Test
    void headerErrors() {
        byte[] body = hex("010000000000 0100 03 07 00 01000000 00 00");
        assertThrows(BinlogFormatException.class, () -> decode(RowsTestSupport.WRITE_V1, body, 4, t1()));
        BinlogFormatException notRows = assertThrows(BinlogFormatException.class, () -> decode(2, body, 8, t1()));
        assertEquals("QUERY is not a rows event", notRows.getMessage());
        assertThrows(BinlogFormatException.class,
                () -> decode(RowsTestSupport.WRITE_V2, hex("010000000000 0100 0100 03 07"), 10, t1()));
        assertThrows(BinlogFormatException.class,
                () -> decode(RowsTestSupport.WRITE_V2, hex("010000000000 0100 0900 00 ff"), 10, t1()));
        assertThrows(BinlogFormatException.class, () -> decode(RowsTestSupport.WRITE_V1, hex("0100"), 8, t1()));
        assertThrows(BinlogFormatException.class,
                () -> decode(RowsTestSupport.WRITE_V1, hex("010000000000 0100 ff"), 8, t1()));
    }

    @Test
    void layoutsAreReusedWhileTheDefinitionStaysTheSame() {
        AtomicInteger asked = new AtomicInteger();
        RowsEventDecoder decoder = new RowsEventDecoder(table -> {
            asked.incrementAndGet();
            return null;
        });
        TableMapEvent t = t1();
        byte[] body = hex("010000000000 0100 03 07 00 01000000 00 00");
        RowsEvent a = decode(decoder, RowsTestSupport.WRITE_V1, body, 8, t);
        RowsEvent b = decode(decoder, RowsTestSupport.WRITE_V1, body, 8, t);
        assertSame(a.layout(), b.layout());
        assertEquals(1, asked.get());
        // the next transaction's TABLE_MAP: a new object with the same definition; hints are asked again
        TableMapEvent again = t1();
        RowsEvent c = decode(decoder, RowsTestSupport.WRITE_V1, body, 8, again);
        assertEquals(2, asked.get());
        assertSame(a.layout(), c.layout());
        assertSame(again, c.table());
        // a changed definition (VARCHAR(20) became VARCHAR(30)) gets a new layout
        TableMapEvent altered = table(1, "db", "t1", new int[] {LONG, VARCHAR, TINY}, new int[] {0, 120, 0},
                metadata(null, new int[] {-1, 45, -1}, List.of("id", "name", "flag"), null, null));
        RowsEvent d = decode(decoder, RowsTestSupport.WRITE_V1, body, 8, altered);
        assertEquals(120, d.layout().column(1).length());
        decoder.invalidateLayouts();
        RowsEvent e = decode(decoder, RowsTestSupport.WRITE_V1, body, 8, t);
        assertFalse(a.layout() == e.layout());
    }

    @Test
    void newHintsGiveANewLayout() {
        ColumnHints[] current = {ColumnHints.builder(3).unsigned(2, false).build()};
        RowsEventDecoder decoder = new RowsEventDecoder(table -> current[0]);
        byte[] body = hex("010000000000 0100 03 07 00 01000000 00 ff");
        assertEquals("-1", decode(decoder, RowsTestSupport.WRITE_V1, body, 8, t1()).rows().get(0).after().text(2));
        current[0] = ColumnHints.builder(3).unsigned(2, true).build();
        assertEquals("255", decode(decoder, RowsTestSupport.WRITE_V1, body, 8, t1()).rows().get(0).after().text(2));
    }

    @Test
    void imagesSurviveStorageGrowthAndBufferReuse() {
        // 100 rows force the shared arrays to grow several times; earlier images must still read right, and
        // nothing may refer to the event's bytes after decode (the caller reuses its buffer)
        RowsTestSupport.Bytes b = RowsTestSupport.Bytes.of().hex("010000000000 0100 03 07");
        for (int i = 0; i < 100; i++) {
            b.u8(0).le(i, 4).u8(1).u8('a' + i % 26).u8(i);
        }
        byte[] body = b.array();
        RowsEvent e = decode(RowsTestSupport.WRITE_V1, body, 8, t1());
        java.util.Arrays.fill(body, (byte) 0x55);
        assertEquals(100, e.rowCount());
        for (int i = 0; i < 100; i++) {
            RowImage r = e.rows().get(i).after();
            assertEquals(String.valueOf(i), r.text(0));
            assertEquals(String.valueOf((char) ('a' + i % 26)), r.text(1));
        }
    }
}
