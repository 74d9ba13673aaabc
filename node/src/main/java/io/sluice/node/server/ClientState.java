package io.sluice.node.server;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import com.google.protobuf.ByteString;

import io.sluice.node.store.EventLog;
import io.sluice.node.store.StoreRecord;

/**
 * One client id of one destination: where it reads next, the batches it holds, and what it has acknowledged. Shared
 * by every connection of the client (as in canal), and dropped when the last one closes; a new connection then starts
 * again after the acknowledged cursor, so unacknowledged batches are delivered again.
 *
 * <p>Thread safety: {@link #fetch} runs under a lock of its own (it may wait for appends); everything else, and the
 * end of a fetch, under this object's monitor. A rollback while a fetch of another connection waits moves the read
 * position and bumps {@link #generation}, and that fetch then hands out nothing, so it never returns records from
 * before the rollback.
 */
final class ClientState {
    private final ServedDestination destination;
    private final String clientId;
    private final BatchIdSource ids;

    private final ReentrantLock fetchLock = new ReentrantLock();
    /** Guarded by {@link #fetchLock}. */
    private EventLog.LogReader reader;

    // Guarded by this.
    private final ArrayDeque<Batch> outstanding = new ArrayDeque<>();
    /** Where the next batch starts. */
    private long readFrom;
    private long generation;
    /** One past the last record the client acknowledged. */
    private long ackedSequence;
    /** Commit time of the last acknowledged transaction end, -1 before the first. */
    private long ackedCommitTimeMillis = -1;

    /**
     * @param startSequence where the client starts, from {@link ServedDestination#resumeSequence}
     */
    ClientState(ServedDestination destination, String clientId, BatchIdSource ids, long startSequence) {
        this.destination = destination;
        this.clientId = clientId;
        this.ids = ids;
        this.readFrom = startSequence;
        this.ackedSequence = startSequence;
    }

    ServedDestination destination() {
        return destination;
    }

    String clientId() {
        return clientId;
    }

    /**
     * Reads the next batch and records it as outstanding.
     *
     * @param stopWaiting asked while waiting: true ends the wait with what was read (server closing)
     * @param stillWanted asked at the end: false (the connection closed) hands nothing out
     * @return the batch and its entries, or empty if nothing was read (canal's batch -1)
     */
    Optional<Fetched> fetch(SubscriptionFilter filter, int wanted, FetchLimits limits, FetchWait wait,
            BooleanSupplier stopWaiting, BooleanSupplier stillWanted) throws IOException, InterruptedException {
        fetchLock.lockInterruptibly();
        try {
            long startGeneration;
            long from;
            synchronized (this) {
                startGeneration = generation;
                from = readFrom;
            }
            EventLog log = destination.log();
            if (reader == null || reader.position() != from) {
                reader = log.reader(from);
            }
            EventLog.LogReader current = reader;
            BatchAssembler.Assembly assembly = BatchAssembler.assemble(new RecordSource() {
                @Override
                public long position() {
                    return current.position();
                }

                @Override
                public StoreRecord next(long timeoutNanos) throws IOException, InterruptedException {
                    return current.next(timeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            }, filter, wanted, limits, wait, stopWaiting);
            if (current.position() != assembly.endSequence()) {
                // The batch was cut at a transaction end; the records after it are read again next time.
                reader = log.reader(assembly.endSequence());
            }
            synchronized (this) {
                if (assembly.consumedNothing() || startGeneration != generation || !stillWanted.getAsBoolean()) {
                    return Optional.empty();
                }
                Batch batch = new Batch(ids.next(destination.epoch()), assembly.firstSequence(),
                        assembly.endSequence(), assembly.entries().size(), assembly.lastTxEnd());
                outstanding.addLast(batch);
                readFrom = assembly.endSequence();
                return Optional.of(new Fetched(batch, assembly.entries()));
            }
        } finally {
            fetchLock.unlock();
        }
    }

    /**
     * Acknowledges the oldest outstanding batch and moves the client's cursor to its last transaction end. Batches
     * must be acknowledged in the order they were handed out, as in canal.
     */
    synchronized void ack(long batchId) throws ClientRequestException {
        checkTerm(batchId);
        Batch oldest = outstanding.peekFirst();
        if (oldest == null || !holds(batchId)) {
            throw new ClientRequestException(ClientError.closing(String.format(
                    "ack error, clientId:%s batchId:%d is not exist, please check: it was acknowledged or rolled "
                            + "back already, or handed out on a connection that has closed; roll back and get again",
                    clientId, batchId)));
        }
        if (oldest.id() != batchId) {
            throw new ClientRequestException(ClientError.closing(String.format(
                    "ack error, clientId:%s batchId:%d is not the firstly:%d; acknowledge batches in the order "
                            + "they were handed out", clientId, batchId, oldest.id())));
        }
        outstanding.removeFirst();
        StoreRecord end = oldest.lastTxEnd();
        if (end != null) {
            ackedSequence = end.sequence() + 1;
            ackedCommitTimeMillis = end.commitTimeMillis();
            destination.acknowledge(clientId, end);
        }
    }

    /** Rolls back every outstanding batch: the next get starts again where the oldest one started. */
    synchronized void rollbackAll() {
        Batch oldest = outstanding.peekFirst();
        if (oldest == null) {
            return;
        }
        outstanding.clear();
        readFrom = oldest.firstSequence();
        generation++;
    }

    /**
     * Rolls back one batch and every batch handed out after it (their records come after it, and order must hold);
     * earlier batches stay outstanding.
     */
    synchronized void rollback(long batchId) throws ClientRequestException {
        checkTerm(batchId);
        if (!holds(batchId)) {
            throw new ClientRequestException(ClientError.closing(String.format(
                    "rollback error, clientId:%s batchId:%d is not exist, please check: it was acknowledged or "
                            + "rolled back already, or handed out on a connection that has closed",
                    clientId, batchId)));
        }
        Iterator<Batch> it = outstanding.descendingIterator();
        while (it.hasNext()) {
            Batch batch = it.next();
            it.remove();
            if (batch.id() == batchId) {
                readFrom = batch.firstSequence();
                break;
            }
        }
        generation++;
    }

    private boolean holds(long batchId) {
        for (Batch batch : outstanding) {
            if (batch.id() == batchId) {
                return true;
            }
        }
        return false;
    }

    private void checkTerm(long batchId) throws ClientRequestException {
        long term = destination.epoch();
        long batchTerm = BatchIds.epochOf(batchId);
        if (batchTerm != term) {
            throw new ClientRequestException(ClientError.closing("batch " + batchId + " was handed out by leader "
                    + "term " + batchTerm + "; this node's term is " + term + "; roll back and get again"));
        }
    }

    synchronized int outstandingBatches() {
        return outstanding.size();
    }

    /** Stored records after the client's acknowledged position. */
    long lagEntries() {
        long acked;
        synchronized (this) {
            acked = ackedSequence;
        }
        return Math.max(0, destination.log().nextSequence() - acked);
    }

    /** Now minus the commit time of the last acknowledged transaction; 0 before the first acknowledgement. */
    synchronized long lagMillis(long nowMillis) {
        return ackedCommitTimeMillis < 0 ? 0 : Math.max(0, nowMillis - ackedCommitTimeMillis);
    }

    /** A batch handed out and its entries. */
    record Fetched(Batch batch, List<ByteString> entries) {
    }
}
