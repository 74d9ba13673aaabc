package io.sluice.node.entry;

import com.google.protobuf.ByteString;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.Pair;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.TransactionBegin;
import io.sluice.common.protocol.TransactionEnd;

/**
 * TRANSACTIONBEGIN, TRANSACTIONEND, GTIDLOG and XA entries, with the fields canal's {@code LogEventConvert} sets:
 * a begin carries the session's thread id, an end the XID as decimal text ("0" for a COMMIT query), XA statements
 * carry the props {@code XA_TYPE} and {@code XA_XID}. Sluice also sets {@code executeTime} (canal leaves it 0).
 *
 * <p>Thread-safe: static helpers only.
 */
final class TransactionEntries {
    static final String XA_TYPE = "XA_TYPE";
    static final String XA_XID = "XA_XID";
    static final String XA_START = "XA START";
    static final String XA_END = "XA END";
    static final String XA_COMMIT = "XA COMMIT";
    static final String XA_ROLLBACK = "XA ROLLBACK";

    private TransactionEntries() {
    }

    /** @param threadId the source session's id, or -1 when the binlog does not say */
    static Entry begin(Header header, long threadId, Pair... props) {
        TransactionBegin.Builder b = TransactionBegin.newBuilder().setExecuteTime(header.getExecuteTime());
        if (threadId >= 0) {
            b.setThreadId(threadId);
        }
        for (Pair p : props) {
            b.addProps(p);
        }
        return entry(header, EntryType.TRANSACTIONBEGIN, b.build().toByteString());
    }

    static Entry end(Header header, String transactionId, Pair... props) {
        TransactionEnd.Builder b = TransactionEnd.newBuilder()
                .setExecuteTime(header.getExecuteTime())
                .setTransactionId(transactionId);
        for (Pair p : props) {
            b.addProps(p);
        }
        return entry(header, EntryType.TRANSACTIONEND, b.build().toByteString());
    }

    /** GTIDLOG: a {@link Pair} {@code gtid} = the transaction's GTID. */
    static Entry gtid(Header header, String gtid) {
        return entry(header, EntryType.GTIDLOG, Headers.pair("gtid", gtid).toByteString());
    }

    /** XA COMMIT / XA ROLLBACK: a ROWDATA entry of type XACOMMIT / XAROLLBACK with the statement. */
    static Entry xaOutcome(Header header, String sql, String xaType, EventType type) {
        RowChange change = RowChange.newBuilder()
                .setSql(sql)
                .addProps(Headers.pair(XA_TYPE, xaType))
                .addProps(Headers.pair(XA_XID, xid(sql, xaType)))
                .setEventType(type)
                .build();
        return entry(header, EntryType.ROWDATA, change.toByteString());
    }

    /** What follows the keyword, as canal's {@code StringUtils.substringAfter} gives it (leading blank kept). */
    static String xid(String sql, String keyword) {
        int at = sql.indexOf(keyword);
        return at < 0 ? "" : sql.substring(at + keyword.length());
    }

    static Entry entry(Header header, EntryType type, ByteString value) {
        return Entry.newBuilder().setHeader(header).setEntryType(type).setStoreValue(value).build();
    }
}
