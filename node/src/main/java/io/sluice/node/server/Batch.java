package io.sluice.node.server;

import io.sluice.node.store.StoreRecord;

/**
 * A batch handed out and not yet acknowledged or rolled back.
 *
 * @param id            its id ({@link BatchIds})
 * @param firstSequence the first stored record it covers
 * @param endSequence   one past the last stored record it covers
 * @param entries       how many entries were sent
 * @param lastTxEnd     the last transaction-end record it covers, or null if it lies inside one transaction;
 *                      acknowledging the batch moves the client's cursor to it
 */
record Batch(long id, long firstSequence, long endSequence, int entries, StoreRecord lastTxEnd) {
}
