package io.sluice.node.server;

import java.io.IOException;

import com.codahale.metrics.MetricRegistry;

import io.sluice.node.store.EventLog;
import io.sluice.node.store.StoreRecord;

/**
 * One destination as the client server sees it: a store to read from, the leader term that stamps batch ids, and
 * the acknowledged cursors of its clients. The destination runtime implements it; the server never reaches past it.
 *
 * <p>Thread-safe: client sessions call it from Netty's event loops and from their reader threads.
 */
public interface ServedDestination {
    /** The destination's name, as clients subscribe to it. */
    String name();

    /**
     * The leader term of this node for the destination, at least 1 and below 2^{@value BatchIds#EPOCH_BITS}.
     * Batch ids carry it in their high bits so that a batch handed out by an earlier term is recognised.
     */
    long epoch();

    /** The destination's store; sessions read it with their own {@link EventLog#reader}s. */
    EventLog log();

    /**
     * The sequence a session of {@code clientId} starts reading at: the first record after the client's
     * acknowledged cursor, or, for a client without a cursor, the first record the destination keeps for new
     * clients.
     *
     * @throws io.sluice.node.store.PositionNotRetainedException if the client's cursor lies before what the store
     *                                                           still keeps
     * @throws IOException                                       if the store or the cursor store cannot be read
     */
    long resumeSequence(String clientId) throws IOException;

    /**
     * Records that {@code clientId} has acknowledged every record up to and including {@code lastRecord}, which
     * ends a transaction ({@link StoreRecord#endsTransaction()}). The cursor is kept in source terms and written
     * to ZooKeeper coalesced; see docs/server.md for the guarantee.
     */
    void acknowledge(String clientId, StoreRecord lastRecord);

    /** Where the server registers the destination's per-client metrics (names from {@code MetricNames}). */
    MetricRegistry metrics();
}
