package io.sluice.node.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.node.binlog.EventPosition;
import io.sluice.node.pipeline.EntrySink;
import io.sluice.node.pipeline.PipelineCursor;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.StoreRecord;

/**
 * Writes a pipeline's entries into a destination's store, one record per entry, holding back one entry so that
 * the last entry of a transaction can be marked {@link StoreRecord#TX_END} when the pipeline reports the
 * transaction's end. Heartbeat entries are not stored (canal's clients drop them).
 *
 * <p>What a record's source position means (docs/store.md, "What the node writes"):
 * <ul>
 *   <li>a record that ends a transaction carries the position <em>after</em> the transaction, the place a
 *       binlog dump resumes from; a client cursor is that record's position, so a cursor is always a valid
 *       resume point for the source too, on any node;</li>
 *   <li>any other record carries the start of the event it was made from.</li>
 * </ul>
 * Positions therefore never decrease along the log, and the first record after a cursor is the first record at or
 * after the cursor's position that is not itself a transaction end at exactly that position. A record's GTID text
 * is the source's executed GTID set including the record's transaction (the entry header's {@code gtid}, as canal
 * fills it), empty when the source has no GTIDs.
 *
 * <p>Only the pipeline's thread calls it.
 */
final class StoreSink implements EntrySink {
    private final EventLog log;
    private final StoreSinkListener listener;
    private Entry pending;
    private EventPosition pendingPosition;
    private boolean pendingBegins;
    private boolean inTransaction;

    /** Told about every record written, e.g. to count it in metrics. */
    interface StoreSinkListener {
        void appended(Entry entry, int sizeInBytes);
    }

    StoreSink(EventLog log, StoreSinkListener listener) {
        this.log = Objects.requireNonNull(log, "log");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void accept(Entry entry, EventPosition position) throws IOException {
        if (entry.getEntryType() == EntryType.HEARTBEAT) {
            return;
        }
        if (pending != null) {
            write(pending, pendingBegins ? StoreRecord.TX_BEGIN : 0, pendingPosition.binlogPosition());
        }
        pending = entry;
        pendingPosition = position;
        pendingBegins = !inTransaction;
        inTransaction = true;
    }

    @Override
    public void transactionEnded(PipelineCursor after) throws IOException {
        if (pending != null) {
            write(pending, (pendingBegins ? StoreRecord.TX_BEGIN : 0) | StoreRecord.TX_END, after.position());
            pending = null;
        }
        inTransaction = false;
    }

    private void write(Entry entry, int flags, BinlogPosition position) throws IOException {
        byte[] bytes = entry.toByteArray();
        String gtidSet = entry.getHeader().hasGtid() ? entry.getHeader().getGtid() : "";
        log.append(flags, entry.getHeader().getExecuteTime(), position, gtidSet, ByteBuffer.wrap(bytes));
        listener.appended(entry, bytes.length);
    }
}
