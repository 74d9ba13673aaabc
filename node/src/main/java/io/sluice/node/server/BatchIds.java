package io.sluice.node.server;

/**
 * Batch ids carry the leader term (epoch) that handed the batch out in their high bits, and a counter of that term
 * in their low bits, so that ids never repeat across leaders or restarts and an acknowledgement meant for an
 * earlier term's batch is recognised instead of acknowledging something else. Ids are positive: canal clients use
 * -1 for "no batch". Layout: bit 63 zero, {@value #EPOCH_BITS} bits of epoch, {@value #COUNTER_BITS} bits of
 * counter.
 */
public final class BatchIds {
    public static final int EPOCH_BITS = 23;
    public static final int COUNTER_BITS = 40;
    public static final long MAX_EPOCH = (1L << EPOCH_BITS) - 1;
    public static final long MAX_COUNTER = (1L << COUNTER_BITS) - 1;

    private BatchIds() {
    }

    /** The id of the {@code counter}-th batch (from 1) of term {@code epoch}. */
    public static long of(long epoch, long counter) {
        if (epoch < 1 || epoch > MAX_EPOCH) {
            throw new IllegalArgumentException("epoch must be in [1, " + MAX_EPOCH + "], got " + epoch);
        }
        if (counter < 1 || counter > MAX_COUNTER) {
            throw new IllegalArgumentException("counter must be in [1, " + MAX_COUNTER + "], got " + counter);
        }
        return (epoch << COUNTER_BITS) | counter;
    }

    /** The epoch an id was handed out in; 0 for ids no sluice leader hands out (zero or negative). */
    public static long epochOf(long batchId) {
        return batchId <= 0 ? 0 : batchId >>> COUNTER_BITS;
    }

    /** The per-term counter of an id. */
    public static long counterOf(long batchId) {
        return batchId & MAX_COUNTER;
    }
}
