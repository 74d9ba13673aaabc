package io.sluice.node.runtime;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.PositionNotRetainedException;
import io.sluice.node.store.StoreRecord;

/** Maps a client cursor, a source position, to the store sequence the client continues at. */
final class CursorLookup {
    private CursorLookup() {
    }

    /**
     * The first record after a cursor: at or after its position, skipping transaction ends at exactly that position
     * (they are the transaction the cursor acknowledged; see {@link StoreSink}). The store's next sequence if no
     * record is after it.
     *
     * @throws PositionNotRetainedException if the cursor lies before the store's oldest record
     */
    static long firstAfter(String destination, EventLog store, BinlogPosition position) throws IOException {
        long first = store.firstSequence();
        if (store.nextSequence() > first) {
            Optional<StoreRecord> oldest = store.read(first);
            if (oldest.isPresent() && position.compareTo(oldest.get().binlogPosition()) < 0) {
                throw new PositionNotRetainedException("destination " + destination + ": the cursor " + position
                        + " lies before the oldest record the store keeps (" + oldest.get().binlogPosition()
                        + ", sequence " + first + "); retention removed it. Fix: reset the client's cursor with "
                        + "'sluicectl cursor delete " + destination + " <clientId>' to start from the oldest record, "
                        + "or raise the store's retention limits");
            }
        }
        OptionalLong at = store.findByPosition(position);
        if (at.isEmpty()) {
            return store.nextSequence();
        }
        long sequence = at.getAsLong();
        while (true) {
            Optional<StoreRecord> record = store.read(sequence);
            if (record.isEmpty() || !record.get().endsTransaction()
                    || record.get().binlogPosition().compareTo(position) != 0) {
                return sequence;
            }
            sequence++;
        }
    }
}
