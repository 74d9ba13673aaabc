package io.sluice.node.server;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out batch ids for one destination ({@link BatchIds}). The counter of a term starts at a random point in the
 * lower half of its range, so that a server restarted within the same term does not hand out an id a client may still
 * hold from before; ids of one source never repeat. Thread-safe.
 */
final class BatchIdSource {
    private long epoch;
    private long counter;

    synchronized long next(long currentEpoch) {
        if (currentEpoch != epoch) {
            epoch = currentEpoch;
            counter = ThreadLocalRandom.current().nextLong(BatchIds.MAX_COUNTER / 2);
        }
        if (counter == BatchIds.MAX_COUNTER) {
            throw new IllegalStateException("batch ids of term " + epoch + " are used up after " + counter
                    + " batches; a new leader term starts a new range");
        }
        counter++;
        return BatchIds.of(epoch, counter);
    }
}
