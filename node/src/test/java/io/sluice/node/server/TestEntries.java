package io.sluice.node.server;

import java.util.ArrayList;
import java.util.List;

import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.common.protocol.TransactionBegin;
import io.sluice.common.protocol.TransactionEnd;

/** Real canal entry bytes built with the generated classes. */
final class TestEntries {
    private TestEntries() {
    }

    static byte[] begin(long offset) {
        return Entry.newBuilder().setHeader(header(offset, "", "", EventType.QUERY))
                .setEntryType(EntryType.TRANSACTIONBEGIN)
                .setStoreValue(TransactionBegin.newBuilder().setThreadId(7).build().toByteString())
                .build().toByteArray();
    }

    static byte[] end(long offset) {
        return Entry.newBuilder().setHeader(header(offset, "", "", EventType.QUERY))
                .setEntryType(EntryType.TRANSACTIONEND)
                .setStoreValue(TransactionEnd.newBuilder().setTransactionId(String.valueOf(offset)).build()
                        .toByteString())
                .build().toByteArray();
    }

    static byte[] insert(long offset, String schema, String table, String value) {
        RowChange change = RowChange.newBuilder().setEventType(EventType.INSERT)
                .addRowDatas(RowData.newBuilder().addAfterColumns(Column.newBuilder().setIndex(0).setName("v")
                        .setValue(value).setSqlType(12).setMysqlType("varchar(20)").setUpdated(true)))
                .build();
        return Entry.newBuilder().setHeader(header(offset, schema, table, EventType.INSERT))
                .setEntryType(EntryType.ROWDATA).setStoreValue(change.toByteString()).build().toByteArray();
    }

    /** A transaction: begin, one insert per value into schema.table, end. */
    static List<byte[]> transaction(long offset, String schema, String table, String... values) {
        List<byte[]> entries = new ArrayList<>();
        entries.add(begin(offset));
        for (int i = 0; i < values.length; i++) {
            entries.add(insert(offset + i + 1, schema, table, values[i]));
        }
        entries.add(end(offset + values.length + 1));
        return entries;
    }

    private static Header header(long offset, String schema, String table, EventType type) {
        return Header.newBuilder().setVersion(1).setLogfileName("mysql-bin.000001").setLogfileOffset(offset)
                .setServerId(1).setServerenCode("UTF-8").setExecuteTime(1_700_000_000_000L + offset)
                .setSchemaName(schema).setTableName(table).setEventLength(42).setEventType(type).build();
    }
}
