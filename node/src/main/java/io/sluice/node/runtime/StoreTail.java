package io.sluice.node.runtime;

import java.io.IOException;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.node.store.EventLog;
import io.sluice.node.store.StoreRecord;

/** Finds a store's last complete transaction and drops what follows it. */
final class StoreTail {
    private static final Logger log = LoggerFactory.getLogger(StoreTail.class);

    private StoreTail() {
    }

    /**
     * Drops the records after the store's last transaction end (a transaction the previous run did not finish; the
     * source sends it again whole) and returns that last transaction-end record, or empty if the store holds none.
     * Reads backwards from the head, one record per step: the partial tail is at most one transaction.
     */
    static Optional<StoreRecord> trimToLastTransaction(String destination, EventLog store) throws IOException {
        long first = store.firstSequence();
        long next = store.nextSequence();
        for (long sequence = next - 1; sequence >= first; sequence--) {
            Optional<StoreRecord> record = store.read(sequence);
            if (record.isPresent() && record.get().endsTransaction()) {
                if (sequence + 1 < next) {
                    dropped(destination, store, sequence + 1, next);
                }
                return record;
            }
        }
        if (next > first) {
            dropped(destination, store, first, next);
        }
        return Optional.empty();
    }

    private static void dropped(String destination, EventLog store, long from, long next) throws IOException {
        log.info("[dest={}] the store ends inside a transaction: dropping records {}..{}; the source sends the "
                + "transaction again", destination, from, next - 1);
        store.truncateFrom(from);
    }
}
