package io.sluice.node.server;

import java.io.IOException;

import io.sluice.node.store.StoreRecord;

/** Stored records in sequence order, as {@link io.sluice.node.store.EventLog.LogReader} hands them out. */
interface RecordSource {
    /** The sequence the next record will have. */
    long position();

    /** The next record, waiting up to {@code timeoutNanos}; null if none arrived in time. */
    StoreRecord next(long timeoutNanos) throws IOException, InterruptedException;
}
