package io.sluice.node.tools;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.protobuf.UnsafeByteOperations;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.Pair;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.common.protocol.SourceType;
import io.sluice.common.protocol.TransactionBegin;
import io.sluice.common.protocol.TransactionEnd;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.StoreRecord;

/**
 * Fills an {@link EventLog} with canal entries shaped like a busy OLTP table's: transactions of a
 * {@code TRANSACTIONBEGIN}, one to four {@code ROWDATA} entries of two to six rows of a ten-column table (inserts,
 * updates with before and after images, deletes), and a {@code TRANSACTIONEND}; TX_BEGIN and TX_END flags on the
 * first and last record, binlog positions and GTIDs increasing. Deterministic for a seed. Not thread-safe.
 */
final class ServeEntries {
    private static final String SCHEMA = "shop";
    private static final String TABLE = "orders";
    private static final String SERVER_UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final long BINLOG_FILE_BYTES = 1L << 30;
    private static final long START_MILLIS = 1_764_000_000_000L;
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] STATUSES = {"NEW", "PAID", "PACKED", "SHIPPED", "DELIVERED", "RETURNED"};
    private static final String[] NOTES = {"leave at the door", "gift wrap, no invoice in the parcel",
            "call before delivery", "", "second attempt: recipient was out", "fragile: glassware inside"};
    private static final String[] COLUMN_NAMES = {"id", "customer_id", "status", "amount", "currency", "quantity",
            "shipping", "created_at", "updated_at", "note"};
    private static final int[] SQL_TYPES = {Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.DECIMAL, Types.CHAR,
            Types.SMALLINT, Types.VARCHAR, Types.TIMESTAMP, Types.TIMESTAMP, Types.VARCHAR};
    private static final String[] MYSQL_TYPES = {"bigint(20)", "int(11)", "varchar(16)", "decimal(10,2)", "char(3)",
            "smallint(6)", "varchar(16)", "datetime", "datetime", "varchar(255)"};

    private final Random random;
    private int binlogFile = 1;
    private long offset = 4;
    private long transactions;
    private long nextOrderId = 1_000_000;

    ServeEntries(long seed) {
        this.random = new Random(seed);
    }

    /**
     * Appends {@code records} records, whole transactions only: the last transaction is shortened to fit, and a single
     * record left over is a DDL statement (a transaction of one record, both flags set), as canal stores DDL.
     *
     * @return the payload bytes appended
     */
    long fill(EventLog log, int records) throws IOException {
        long bytes = 0;
        int left = records;
        while (left > 0) {
            List<byte[]> transaction = left == 1 ? List.of(ddl()) : transaction(Math.min(1 + random.nextInt(4),
                    left - 2));
            long commitMillis = START_MILLIS + transactions * 7;
            String gtid = SERVER_UUID + ":1-" + transactions;
            for (int i = 0; i < transaction.size(); i++) {
                int flags = (i == 0 ? StoreRecord.TX_BEGIN : 0)
                        | (i == transaction.size() - 1 ? StoreRecord.TX_END : 0);
                byte[] entry = transaction.get(i);
                log.append(flags, commitMillis, new BinlogPosition(fileName(), offset), gtid, ByteBuffer.wrap(entry));
                bytes += entry.length;
                advance(entry.length + 40);
            }
            left -= transaction.size();
        }
        return bytes;
    }

    /** Begin, {@code rowEntries} row entries (0 for an empty transaction), end. */
    private List<byte[]> transaction(int rowEntries) {
        transactions++;
        long executeTime = START_MILLIS + transactions * 7;
        List<byte[]> entries = new ArrayList<>(rowEntries + 2);
        TransactionBegin begin = TransactionBegin.newBuilder().setThreadId(4000 + random.nextInt(64))
                .addProps(pair("rowsCount", "0")).build();
        entries.add(Entry.newBuilder().setHeader(header(EventType.QUERY, "", "", executeTime, 80))
                .setEntryType(EntryType.TRANSACTIONBEGIN).setStoreValue(begin.toByteString()).build().toByteArray());
        for (int i = 0; i < rowEntries; i++) {
            entries.add(rows(executeTime));
        }
        TransactionEnd end = TransactionEnd.newBuilder().setTransactionId(Long.toString(900_000 + transactions))
                .build();
        entries.add(Entry.newBuilder().setHeader(header(EventType.QUERY, "", "", executeTime, 31))
                .setEntryType(EntryType.TRANSACTIONEND).setStoreValue(end.toByteString()).build().toByteArray());
        return entries;
    }

    private byte[] rows(long executeTime) {
        int kind = random.nextInt(10);
        EventType type = kind < 5 ? EventType.INSERT : kind < 9 ? EventType.UPDATE : EventType.DELETE;
        int rowCount = 2 + random.nextInt(5);
        RowChange.Builder change = RowChange.newBuilder().setTableId(108).setEventType(type).setIsDdl(false);
        for (int r = 0; r < rowCount; r++) {
            long id = type == EventType.INSERT ? nextOrderId++ : nextOrderId - 1 - random.nextInt(5000);
            List<Column> before = columns(id, executeTime - 60_000 - random.nextInt(3_600_000), false, -1);
            RowData.Builder row = RowData.newBuilder();
            switch (type) {
                case INSERT -> row.addAllAfterColumns(columns(id, executeTime, true, -1));
                case DELETE -> row.addAllBeforeColumns(before);
                default -> {
                    // status, amount or note change, and updated_at always
                    row.addAllBeforeColumns(before);
                    row.addAllAfterColumns(columns(id, executeTime, false, 2 + random.nextInt(3)));
                }
            }
            change.addRowDatas(row);
        }
        byte[] storeValue = change.build().toByteArray();
        return Entry.newBuilder()
                .setHeader(header(type, SCHEMA, TABLE, executeTime, storeValue.length / 2)
                        .toBuilder().addProps(pair("rowsCount", Integer.toString(rowCount))))
                .setEntryType(EntryType.ROWDATA)
                .setStoreValue(UnsafeByteOperations.unsafeWrap(storeValue))
                .build().toByteArray();
    }

    /**
     * The row's ten columns, as canal writes them: index, JDBC type, name, key flag, updated flag, value text and
     * MySQL type.
     *
     * @param insert  every column is marked updated, as canal does for inserts
     * @param changed for an update's after image, the column index that changed besides updated_at; -1 for none
     */
    private List<Column> columns(long id, long timeMillis, boolean insert, int changed) {
        long created = START_MILLIS - 86_400_000L * (id % 30);
        String[] values = {
            Long.toString(id),
            Long.toString(10_000 + id * 7919 % 250_000),
            STATUSES[changed == 2 ? 1 + random.nextInt(STATUSES.length - 1) : (int) (id % 3)],
            BigDecimal.valueOf(100 + id * 31 % 99_900, 2).toPlainString(),
            "EUR",
            Integer.toString(1 + (int) (id % 9)),
            changed == 6 ? "express" : "standard",
            datetime(created),
            datetime(timeMillis),
            changed == 4 ? NOTES[random.nextInt(NOTES.length)] : NOTES[(int) (id % NOTES.length)],
        };
        List<Column> columns = new ArrayList<>(COLUMN_NAMES.length);
        for (int i = 0; i < COLUMN_NAMES.length; i++) {
            boolean updated = insert || i == changed || (changed >= 0 && i == 8);
            Column.Builder column = Column.newBuilder().setIndex(i).setSqlType(SQL_TYPES[i]).setName(COLUMN_NAMES[i])
                    .setIsKey(i == 0).setUpdated(updated).setMysqlType(MYSQL_TYPES[i]);
            if (i == 9 && values[i].isEmpty()) {
                column.setIsNull(true);
            } else {
                column.setValue(values[i]);
            }
            columns.add(column.build());
        }
        return columns;
    }

    private byte[] ddl() {
        transactions++;
        long executeTime = START_MILLIS + transactions * 7;
        String sql = "ALTER TABLE `orders` ADD COLUMN `coupon` varchar(32) NULL";
        RowChange change = RowChange.newBuilder().setEventType(EventType.ALTER).setIsDdl(true).setSql(sql)
                .setDdlSchemaName(SCHEMA).build();
        return Entry.newBuilder().setHeader(header(EventType.ALTER, SCHEMA, TABLE, executeTime, sql.length() + 60))
                .setEntryType(EntryType.ROWDATA).setStoreValue(change.toByteString()).build().toByteArray();
    }

    private Header header(EventType type, String schema, String table, long executeTime, long eventLength) {
        return Header.newBuilder().setVersion(1).setLogfileName(fileName()).setLogfileOffset(offset)
                .setServerId(1).setServerenCode("UTF-8").setExecuteTime(executeTime).setSourceType(SourceType.MYSQL)
                .setSchemaName(schema).setTableName(table).setEventLength(eventLength).setEventType(type)
                .setGtid(SERVER_UUID + ":" + transactions).build();
    }

    private String fileName() {
        return String.format("mysql-bin.%06d", binlogFile);
    }

    private void advance(long eventBytes) {
        offset += eventBytes;
        if (offset > BINLOG_FILE_BYTES) {
            binlogFile++;
            offset = 4;
        }
    }

    private static String datetime(long millis) {
        return LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC).format(DATETIME);
    }

    private static Pair pair(String key, String value) {
        return Pair.newBuilder().setKey(key).setValue(value).build();
    }
}
