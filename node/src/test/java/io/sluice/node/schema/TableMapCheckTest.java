package io.sluice.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.node.binlog.ColumnHints;
import io.sluice.node.binlog.ColumnType;
import io.sluice.node.binlog.Collations;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.TableMapEvent;
import io.sluice.node.binlog.TableMetadata;

/** TABLE_MAP against the history, and the hints the history gives the rows decoder. */
class TableMapCheckTest {
    private static final String DDL = "CREATE TABLE t (id int unsigned primary key, v varchar(10), "
            + "e enum('a','b') not null, s set('x','y'), d decimal(10,2), b bit(10), tx mediumtext, "
            + "dt datetime(3), c char(4) charset latin1, j json)";

    private static TableDefinition definition() throws Exception {
        SchemaHistory h = new SchemaHistory(SchemaSnapshot.of(ServerDefaults.mariaDb(),
                List.of(new DatabaseDefinition("app", "utf8mb4", "utf8mb4_general_ci")), List.of()), t -> true);
        h.apply(DDL, "app");
        return h.table("app", "t").orElseThrow();
    }

    private static TableMapEvent map(TableMetadata md, ColumnType[] types, int[] meta) {
        byte[] codes = new byte[types.length];
        for (int i = 0; i < types.length; i++) {
            codes[i] = (byte) types[i].code();
        }
        return new TableMapEvent(new EventHeader(0, 19, 1, 0, 1234, 0), 7, 0, "app", "t", codes, meta, new BitSet(),
                md);
    }

    private static final ColumnType[] TYPES = {ColumnType.LONG, ColumnType.VARCHAR, ColumnType.STRING,
        ColumnType.STRING, ColumnType.NEWDECIMAL, ColumnType.BIT, ColumnType.BLOB, ColumnType.DATETIME2,
        ColumnType.STRING, ColumnType.BLOB};
    private static final int[] META = {0, 40, 247 << 8 | 1, 248 << 8 | 1, 10 << 8 | 2, 2 << 8 | 1, 3, 3, 254 << 8 | 4,
        4};

    @Test
    void agreeingTableMapPasses() throws Exception {
        assertTrue(TableMapCheck.check(map(TableMetadata.EMPTY, TYPES, META), definition()).isEmpty());
    }

    @Test
    void disagreementsNameTablePositionAndBothDefinitions() throws Exception {
        TableDefinition def = definition();
        ColumnType[] fewer = java.util.Arrays.copyOf(TYPES, 9);
        var m = TableMapCheck.check(map(TableMetadata.EMPTY, fewer, java.util.Arrays.copyOf(META, 9)), def);
        assertTrue(m.isPresent());
        assertEquals(-1, m.get().column());
        String text = m.get().describe("mysql-bin.000003:1234");
        assertTrue(text.contains("app.t") && text.contains("mysql-bin.000003:1234") && text.contains("9 columns")
                && text.contains("decimal(10,2)") && text.contains("NEWDECIMAL"), text);

        ColumnType[] changed = TYPES.clone();
        changed[0] = ColumnType.LONGLONG;
        m = TableMapCheck.check(map(TableMetadata.EMPTY, changed, META), def);
        assertEquals(0, m.orElseThrow().column());
        assertTrue(m.get().reason().contains("expected LONG"), m.get().reason());

        int[] wider = META.clone();
        wider[4] = 12 << 8 | 2;
        assertEquals(4, TableMapCheck.check(map(TableMetadata.EMPTY, TYPES, wider), def).orElseThrow().column());
        int[] longText = META.clone();
        longText[6] = 4;
        assertEquals(6, TableMapCheck.check(map(TableMetadata.EMPTY, TYPES, longText), def).orElseThrow().column());
    }

    @Test
    void hintsFillWhatMinimalMetadataLacks() throws Exception {
        TableDefinition def = definition();
        ColumnHints hints = SchemaHints.of(def, TableMetadata.EMPTY);
        assertEquals("id", hints.name(0));
        assertEquals(Boolean.TRUE, hints.unsigned(0));
        assertNull(hints.unsigned(1));
        assertEquals(Collations.defaultCollationId("utf8mb4"), hints.collation(1));
        assertEquals(8, hints.collation(8), "latin1");
        assertEquals(List.of("a", "b"), hints.enumLabels(2));
        assertEquals(List.of("x", "y"), hints.setLabels(3));
        assertEquals(45, hints.collation(9), "MariaDB JSON is utf8mb4 text");

        TableMetadata full = new TableMetadata(new boolean[10], new int[10], List.of("id", "v", "e", "s", "d", "b",
                "tx", "dt", "c", "j"), java.util.Collections.nCopies(10, null), java.util.Collections.nCopies(10, null),
                null, null, null, null, null);
        assertNull(SchemaHints.of(def, full), "FULL metadata is the authority");
        TableMetadata minimal = new TableMetadata(new boolean[10], new int[10], null, null, null, null, null, null,
                null, null);
        ColumnHints partial = SchemaHints.of(def, minimal);
        assertNull(partial.unsigned(0));
        assertEquals(-1, partial.collation(1));
        assertEquals("v", partial.name(1));
        assertFalse(partial.enumLabels(2).isEmpty());
    }

    @Test
    void collationIdsByCharsetName() {
        assertEquals(63, Collations.defaultCollationId("binary"));
        assertEquals(33, Collations.defaultCollationId("utf8"));
        assertEquals(33, Collations.defaultCollationId("UTF8MB3"));
        assertEquals(-1, Collations.defaultCollationId("nope"));
        assertEquals("gb18030", Collations.charsetName(Collations.defaultCollationId("gb18030")));
    }
}
