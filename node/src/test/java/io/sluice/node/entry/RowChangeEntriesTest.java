package io.sluice.node.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.binlog.TableMetadata;
import io.sluice.node.schema.ColumnDefinition;
import io.sluice.node.schema.TableDefinition;
import io.sluice.node.source.DecodedEvent;

class RowChangeEntriesTest {
    private static final int LONG = 3, TINY = 1, VARCHAR = 15, STRING = 254, TIMESTAMP2 = 17, BLOB = 252, BIT = 16;
    private static final int LATIN1_SWEDISH_CI = 8;

    /** id INT UNSIGNED PK, name VARCHAR latin1, e ENUM, s SET, ts TIMESTAMP, b BLOB, u TINYINT UNSIGNED, bits BIT(3), n INT. */
    private static TableMapEvent wideTable() {
        int[] types = {LONG, VARCHAR, STRING, STRING, TIMESTAMP2, BLOB, TINY, BIT, LONG};
        int[] meta = {0, 40, (247 << 8) | 1, (248 << 8) | 1, 0, 2, 0, 3 << 8, 0};
        boolean[] unsigned = {true, false, false, false, false, false, true, false, false};
        int[] collations = {-1, LATIN1_SWEDISH_CI, -1, -1, -1, -1, -1, -1, -1};
        List<String> names = List.of("id", "name", "e", "s", "ts", "b", "u", "bits", "n");
        List<List<String>> enums = new ArrayList<>(java.util.Collections.nCopies(9, (List<String>) null));
        enums.set(2, List.of("a", "b", "c"));
        List<List<String>> sets = new ArrayList<>(java.util.Collections.nCopies(9, (List<String>) null));
        sets.set(3, List.of("x", "y", "z"));
        TableMetadata md = new TableMetadata(unsigned, collations, names, enums, sets, null, new int[] {0},
                new int[] {0}, null, null);
        return RowsBodies.table("db", "t", types, meta, md);
    }

    private static DecodedEvent wideInsert() {
        byte[] body = RowsBodies.of(9, false)
                .nulls(9, 8)
                .le(0xFFFFFFFFL, 4)
                .u8(4).bytes(new byte[] {'c', 'a', 'f', (byte) 0xE9})
                .u8(2)
                .u8(5)
                .be(1_700_000_000L, 4)
                .le(2, 2).bytes(new byte[] {0, (byte) 0xFF})
                .u8(200)
                .u8(5)
                .array();
        return RowsBodies.decode(RowsBodies.WRITE_V1, body, wideTable());
    }

    static RowChange change(Entry e) throws InvalidProtocolBufferException {
        return RowChange.parseFrom(e.getStoreValue());
    }

    private static Entry one(EntryBuilder b, DecodedEvent e) {
        List<Entry> entries = b.entries(e);
        assertEquals(1, entries.size());
        return entries.get(0);
    }

    @Test
    void insertInSluiceConventions() throws Exception {
        EntryBuilder b = new EntryBuilder(EntryOptions.sluice(ZoneId.of("Asia/Shanghai")), TableDefinitionLookup.NONE);
        Entry entry = one(b, wideInsert());
        assertEquals(EntryType.ROWDATA, entry.getEntryType());
        Header h = entry.getHeader();
        assertEquals("mysql-bin.000001", h.getLogfileName());
        assertEquals(1000, h.getLogfileOffset());
        assertEquals(7, h.getServerId());
        assertEquals(1_700_000_000_000L, h.getExecuteTime());
        assertEquals("db", h.getSchemaName());
        assertEquals("t", h.getTableName());
        assertEquals(EventType.INSERT, h.getEventType());
        assertEquals("UTF-8", h.getServerenCode());
        assertEquals(1, h.getPropsCount());
        assertEquals("rowsCount", h.getProps(0).getKey());
        assertEquals("1", h.getProps(0).getValue());

        RowChange rc = change(entry);
        assertEquals(1, rc.getTableId());
        assertEquals(EventType.INSERT, rc.getEventType());
        assertFalse(rc.getIsDdl());
        RowData row = rc.getRowDatas(0);
        assertEquals(0, row.getBeforeColumnsCount());
        List<Column> cols = row.getAfterColumnsList();
        assertEquals(9, cols.size());
        assertColumn(cols.get(0), 0, "id", true, Types.BIGINT, "4294967295", "int unsigned");
        assertColumn(cols.get(1), 1, "name", false, Types.VARCHAR, "café", "varchar");
        assertColumn(cols.get(2), 2, "e", false, Types.INTEGER, "b", "enum('a','b','c')");
        assertColumn(cols.get(3), 3, "s", false, Types.BIT, "x,z", "set('x','y','z')");
        assertColumn(cols.get(4), 4, "ts", false, Types.TIMESTAMP, "2023-11-15 06:13:20", "timestamp");
        assertColumn(cols.get(5), 5, "b", false, Types.BLOB, "\u0000\u00ff", "blob");
        assertColumn(cols.get(6), 6, "u", false, Types.SMALLINT, "200", "tinyint unsigned");
        assertColumn(cols.get(7), 7, "bits", false, Types.BIT, "5", "bit(3)");
        Column n = cols.get(8);
        assertTrue(n.getIsNull());
        assertFalse(n.hasValue());
        assertEquals(Types.INTEGER, n.getSqlType());
        for (Column c : cols) {
            assertTrue(c.getUpdated(), "canal marks every INSERT column updated: " + c.getName());
        }
    }

    @Test
    void insertInCanalConventions() throws Exception {
        EntryBuilder b = new EntryBuilder(EntryOptions.canal(ZoneOffset.UTC, StandardCharsets.UTF_8),
                TableDefinitionLookup.NONE);
        List<Column> cols = change(one(b, wideInsert())).getRowDatas(0).getAfterColumnsList();
        assertEquals("2", cols.get(2).getValue(), "ENUM index");
        assertEquals("5", cols.get(3).getValue(), "SET bitmask");
        assertEquals("2023-11-14 22:13:20", cols.get(4).getValue());
        // one instance charset: the latin1 bytes of "café" read as UTF-8
        assertEquals("caf\ufffd", cols.get(1).getValue());
    }

    /** canal (1.1.7, checked by CanalConverterOracleIT) gives a NULL the code its value would have. */
    @Test
    void nullBytesAndSetColumnsCarryTheCodeOfTheirValues() throws Exception {
        byte[] body = RowsBodies.of(9, false).nulls(9, 0, 1, 2, 3, 4, 5, 6, 7, 8).array();
        for (EntryOptions options : List.of(EntryOptions.canal(ZoneOffset.UTC, StandardCharsets.UTF_8),
                EntryOptions.sluice(ZoneOffset.UTC))) {
            EntryBuilder b = new EntryBuilder(options, TableDefinitionLookup.NONE);
            List<Column> cols = change(one(b, RowsBodies.decode(RowsBodies.WRITE_V1, body, wideTable())))
                    .getRowDatas(0).getAfterColumnsList();
            for (Column c : cols) {
                assertTrue(c.getIsNull(), c.getName());
            }
            assertEquals(Types.VARCHAR, cols.get(1).getSqlType(), "VARCHAR");
            assertEquals(Types.INTEGER, cols.get(2).getSqlType(), "ENUM");
            assertEquals(Types.BLOB, cols.get(3).getSqlType(), "SET");
            assertEquals(Types.BLOB, cols.get(5).getSqlType(), "BLOB");
            assertEquals(Types.TINYINT, cols.get(6).getSqlType(), "TINYINT UNSIGNED, not widened");
        }
    }

    @Test
    void decimalTextDropsAZeroLastFractionGroupOnlyInCanalConventions() {
        ColumnValueText canal = new ColumnValueText(EntryOptions.canal(ZoneOffset.UTC, StandardCharsets.UTF_8));
        assertEquals("1.0", canal.decimal("1.00", 2));
        assertEquals("-12.0", canal.decimal("-12.000", 3));
        assertEquals("0.0", canal.decimal("0.00000", 5));
        assertEquals("1.50", canal.decimal("1.50", 2));
        assertEquals("0.05", canal.decimal("0.05", 2));
        // whole groups of nine stay; only the shorter last group goes
        assertEquals("0.000000000000000000000000000", canal.decimal("0." + "0".repeat(30), 30));
        assertEquals("0.000000000", canal.decimal("0.000000000", 9));
        assertEquals("0." + "0".repeat(29) + "1", canal.decimal("0." + "0".repeat(29) + "1", 30));
        assertEquals("42", canal.decimal("42", 0));
        ColumnValueText sluice = new ColumnValueText(EntryOptions.sluice(ZoneOffset.UTC));
        assertEquals("1.00", sluice.decimal("1.00", 2));
        assertEquals("0." + "0".repeat(30), sluice.decimal("0." + "0".repeat(30), 30));
    }

    private static void assertColumn(Column c, int index, String name, boolean key, int sqlType, String value,
            String mysqlType) {
        assertEquals(index, c.getIndex());
        assertEquals(name, c.getName());
        assertEquals(key, c.getIsKey(), name + " isKey");
        assertEquals(sqlType, c.getSqlType(), name + " sqlType");
        assertFalse(c.getIsNull(), name);
        assertEquals(value, c.getValue(), name);
        assertEquals(mysqlType, c.getMysqlType(), name + " mysqlType");
    }

    private static TableMapEvent pair() {
        TableMetadata md = new TableMetadata(null, new int[] {-1, 45}, List.of("id", "v"), null, null, null, null,
                null, null, null);
        return RowsBodies.table("db", "kv", new int[] {LONG, VARCHAR}, new int[] {0, 40}, md);
    }

    @Test
    void updateSetsUpdatedOnlyWhereTheTextChanged() throws Exception {
        byte[] body = RowsBodies.of(2, true)
                .nulls(2).le(1, 4).u8(1).u8('a')
                .nulls(2).le(1, 4).u8(1).u8('b')
                .nulls(2, 1).le(2, 4)
                .nulls(2, 1).le(2, 4)
                .nulls(2, 1).le(3, 4)
                .nulls(2).le(3, 4).u8(1).u8('c')
                .array();
        EntryBuilder b = new EntryBuilder(EntryOptions.defaults(), TableDefinitionLookup.NONE);
        Entry entry = one(b, RowsBodies.decode(RowsBodies.UPDATE_V1, body, pair()));
        assertEquals("3", entry.getHeader().getProps(0).getValue());
        RowChange rc = change(entry);
        assertEquals(EventType.UPDATE, rc.getEventType());
        assertEquals(3, rc.getRowDatasCount());
        assertUpdated(rc.getRowDatas(0), false, true);
        assertUpdated(rc.getRowDatas(1), false, false);
        assertUpdated(rc.getRowDatas(2), false, true);
        assertEquals("a", rc.getRowDatas(0).getBeforeColumns(1).getValue());
        assertEquals("b", rc.getRowDatas(0).getAfterColumns(1).getValue());
        for (Column c : rc.getRowDatas(0).getBeforeColumnsList()) {
            assertFalse(c.getUpdated(), "before columns are never updated");
        }
    }

    private static void assertUpdated(RowData row, boolean id, boolean v) {
        assertEquals(id, row.getAfterColumns(0).getUpdated());
        assertEquals(v, row.getAfterColumns(1).getUpdated());
    }

    @Test
    void deleteHasOnlyBeforeColumns() throws Exception {
        byte[] body = RowsBodies.of(2, false).nulls(2).le(9, 4).u8(1).u8('z').array();
        EntryBuilder b = new EntryBuilder(EntryOptions.defaults(), TableDefinitionLookup.NONE);
        Entry entry = one(b, RowsBodies.decode(RowsBodies.DELETE_V1, body, pair()));
        assertEquals(EventType.DELETE, entry.getHeader().getEventType());
        RowData row = change(entry).getRowDatas(0);
        assertEquals(0, row.getAfterColumnsCount());
        assertEquals(2, row.getBeforeColumnsCount());
        assertEquals("z", row.getBeforeColumns(1).getValue());
        assertFalse(row.getBeforeColumns(1).getUpdated());
    }

    private static ColumnDefinition col(String name, String dataType, String columnType, String charset) {
        return new ColumnDefinition(name, dataType, columnType, true, columnType.contains("unsigned"), charset, null,
                List.of(), false, false);
    }

    @Test
    void tableDefinitionSuppliesNamesKeysTypesAndTextness() throws Exception {
        // no TABLE_MAP metadata: the decoder sees a signed INT, a VARCHAR it reads as UTF-8 text, and a BLOB as bytes
        TableMapEvent t = RowsBodies.table("db", "d", new int[] {LONG, VARCHAR, BLOB}, new int[] {0, 16, 2}, null);
        TableDefinition def = new TableDefinition("db", "d", List.of(
                col("k", "int", "int(10) unsigned", null),
                col("raw", "varbinary", "varbinary(16)", "binary"),
                col("body", "text", "text", "latin1")), List.of("k"), "latin1", "latin1_swedish_ci");
        byte[] body = RowsBodies.of(3, false).nulls(3)
                .le(-2, 4)
                .u8(2).bytes(new byte[] {'h', 'i'})
                .le(1, 2).bytes(new byte[] {(byte) 0xE9})
                .array();
        EntryBuilder b = new EntryBuilder(EntryOptions.defaults(), (schema, table) -> def);
        List<Column> cols = change(one(b, RowsBodies.decode(RowsBodies.WRITE_V1, body, t)))
                .getRowDatas(0).getAfterColumnsList();
        assertColumn(cols.get(0), 0, "k", true, Types.BIGINT, "4294967294", "int(10) unsigned");
        assertColumn(cols.get(1), 1, "raw", false, Types.BLOB, "hi", "varbinary(16)");
        assertColumn(cols.get(2), 2, "body", false, Types.CLOB, "é", "text");
    }

    @Test
    void aDefinitionWithAnotherColumnCountIsRefused() {
        TableMapEvent t = RowsBodies.table("db", "d", new int[] {LONG}, new int[] {0}, null);
        TableDefinition def = new TableDefinition("db", "d", List.of(col("a", "int", "int", null),
                col("b", "int", "int", null)), List.of(), "utf8mb4", "utf8mb4_general_ci");
        byte[] body = RowsBodies.of(1, false).nulls(1).le(1, 4).array();
        EntryBuilder b = new EntryBuilder(EntryOptions.defaults(), (schema, table) -> def);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> b.entries(RowsBodies.decode(RowsBodies.WRITE_V1, body, t)));
        assertTrue(e.getMessage().contains("binlog has 1 columns but the schema history's definition has 2"),
                e.getMessage());
    }
}
