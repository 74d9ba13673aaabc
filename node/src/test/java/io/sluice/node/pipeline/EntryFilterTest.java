package io.sluice.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.node.filter.ChangeOrigin;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.node.schema.DdlKind;
import io.sluice.node.schema.SchemaChange;
import io.sluice.node.schema.TableName;

class EntryFilterTest {

    private static Entry rows(String schema, String table, EventType type, String... columns) {
        RowData.Builder row = RowData.newBuilder();
        for (int i = 0; i < columns.length; i++) {
            row.addAfterColumns(Column.newBuilder().setIndex(i).setName(columns[i]).setValue("v" + i));
        }
        RowChange change = RowChange.newBuilder().setEventType(type).addRowDatas(row).build();
        return Entry.newBuilder().setEntryType(EntryType.ROWDATA)
                .setHeader(Header.newBuilder().setSchemaName(schema).setTableName(table).setEventType(type))
                .setStoreValue(change.toByteString()).build();
    }

    private static List<String> afterNames(Entry e) throws Exception {
        return RowChange.parseFrom(e.getStoreValue()).getRowDatas(0).getAfterColumnsList().stream()
                .map(Column::getName).toList();
    }

    @Test
    void columnListsApplyToTheirTableOnly() throws Exception {
        EntryFilter filter = new EntryFilter(DestinationFilter.parse(Map.of(
                "canal.instance.filter.field", "s.t:id/name",
                "canal.instance.filter.black.field", "s.u:secret")));
        assertEquals(List.of("id", "name"), afterNames(filter.apply(rows("s", "t", EventType.INSERT, "id", "name",
                "extra"), ChangeOrigin.ROWS)));
        assertEquals(List.of("id", "other"), afterNames(filter.apply(rows("s", "u", EventType.INSERT, "id", "secret",
                "other"), ChangeOrigin.ROWS)));
        Entry untouched = rows("s", "v", EventType.INSERT, "id", "secret");
        assertSame(untouched, filter.apply(untouched, ChangeOrigin.ROWS), "a table without lists is not rebuilt");
    }

    @Test
    void eventTypesAndTransactionEntriesAreDropped() {
        EntryFilter filter = new EntryFilter(DestinationFilter.parse(Map.of(
                "canal.instance.filter.dml.delete", "true",
                "canal.instance.filter.transaction.entry", "true")));
        assertNull(filter.apply(rows("s", "t", EventType.DELETE, "id"), ChangeOrigin.ROWS));
        assertTrue(filter.apply(rows("s", "t", EventType.UPDATE, "id"), ChangeOrigin.ROWS) != null);
        Entry begin = Entry.newBuilder().setEntryType(EntryType.TRANSACTIONBEGIN).build();
        assertNull(filter.apply(begin, null));
    }

    @Test
    void statementsFollowTheTablesAndCanalsRenameRule() {
        EntryFilter filter = new EntryFilter(DestinationFilter.parse(Map.of("canal.instance.filter.regex", "s\\.keep.*")));
        assertTrue(filter.keepsRows("s", "keep1"));
        assertFalse(filter.keepsRows("s", "gone"));
        TableName keep = new TableName("s", "keep1");
        TableName gone = new TableName("s", "gone");
        SchemaChange renameOut = new SchemaChange(DdlKind.RENAME, "s", List.of(new SchemaChange.TableChange(
                DdlKind.RENAME, gone, keep, false, null, null)), "RENAME TABLE s.keep1 TO s.gone", true);
        assertTrue(filter.keepsStatement(renameOut, EventType.RENAME), "the old name is included");
        SchemaChange alterOut = new SchemaChange(DdlKind.ALTER, "s", List.of(new SchemaChange.TableChange(
                DdlKind.ALTER, gone, null, false, null, null)), "ALTER TABLE s.gone ADD b INT", true);
        assertFalse(filter.keepsStatement(alterOut, EventType.ALTER));
        SchemaChange database = new SchemaChange(DdlKind.QUERY, "x", List.of(), "CREATE DATABASE x", true);
        assertTrue(filter.keepsStatement(database, EventType.QUERY));
        EntryFilter noDdl = new EntryFilter(DestinationFilter.parse(Map.of("canal.instance.filter.query.ddl", "true")));
        assertFalse(noDdl.keepsStatement(database, EventType.QUERY));
    }
}
