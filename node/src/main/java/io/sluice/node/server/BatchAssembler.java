package io.sluice.node.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.sluice.node.store.StoreRecord;

/**
 * Reads one batch from a {@link RecordSource}. Stateless; one call per get.
 *
 * <p>Rules, in order:
 * <ol>
 * <li>Records the client's filter drops are read and counted as consumed (the client's position moves past them)
 * but not sent.</li>
 * <li>The batch is full when it holds the entries asked for (at most {@link FetchLimits#maxEntries}) or
 * {@link FetchLimits#maxBytes}; reading also stops after {@link FetchLimits#maxScan} records, when the wait is over
 * ({@link FetchWait}), or when {@code stop} says so (checked at least every {@link #STOP_CHECK_NANOS}).</li>
 * <li>If the batch holds at least one transaction end and records after it, it is cut after that end: those records
 * are read again by the next batch, so a transaction is not split when the batch already holds a complete one. A
 * batch without any transaction end (a transaction larger than the batch) is split where it stopped.</li>
 * </ol>
 */
final class BatchAssembler {
    /** How often a waiting get checks whether it should stop (connection closed, server closing). */
    static final long STOP_CHECK_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100);

    private BatchAssembler() {
    }

    /**
     * @param wanted entries the client asked for, already bounded by {@link FetchLimits#maxEntries}
     * @return what was read; {@link Assembly#endSequence()} is where the next batch starts
     */
    static Assembly assemble(RecordSource source, SubscriptionFilter filter, int wanted, FetchLimits limits,
            FetchWait wait, BooleanSupplier stop) throws IOException {
        long first = source.position();
        List<ByteString> entries = new ArrayList<>();
        long bytes = 0;
        int scanned = 0;
        boolean stopped = false;

        // The last transaction end read, and the batch as it was right after it.
        StoreRecord lastEnd = null;
        int entriesAtEnd = 0;
        long bytesAtEnd = 0;
        long end = first;

        while (entries.size() < wanted && bytes < limits.maxBytes() && scanned < limits.maxScan()) {
            if (stop.getAsBoolean()) {
                stopped = true;
                break;
            }
            StoreRecord record;
            try {
                // Never interrupt a store read (an interrupted FileChannel read closes the channel for every
                // reader); a waiting get instead rechecks `stop` between slices. Appends still wake it at once.
                record = source.next(Math.min(wait.remainingNanos(System.nanoTime()), STOP_CHECK_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                break;
            }
            if (record == null) {
                if (wait.remainingNanos(System.nanoTime()) == 0) {
                    break;
                }
                continue;
            }
            scanned++;
            end = record.sequence() + 1;
            if (filter.accepts(record.payload())) {
                entries.add(UnsafeByteOperations.unsafeWrap(record.payload()));
                bytes += record.payload().remaining();
            }
            if (record.endsTransaction()) {
                lastEnd = record;
                entriesAtEnd = entries.size();
                bytesAtEnd = bytes;
            }
        }

        if (lastEnd != null && lastEnd.sequence() + 1 < end) {
            end = lastEnd.sequence() + 1;
            entries = new ArrayList<>(entries.subList(0, entriesAtEnd));
            bytes = bytesAtEnd;
        }
        return new Assembly(first, end, List.copyOf(entries), bytes, lastEnd, stopped);
    }

    /**
     * One batch as read.
     *
     * @param firstSequence the first record read
     * @param endSequence   one past the last record the batch covers; equal to {@code firstSequence} if none
     * @param entries       the entries sent, in order, the stored bytes unchanged
     * @param bytes         their total size
     * @param lastTxEnd     the last transaction-end record the batch covers (sent or filtered out), or null
     * @param stopped       reading stopped early because {@code stop} said so
     */
    record Assembly(long firstSequence, long endSequence, List<ByteString> entries, long bytes, StoreRecord lastTxEnd,
            boolean stopped) {
        boolean consumedNothing() {
            return endSequence == firstSequence;
        }
    }
}
