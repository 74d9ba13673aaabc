package io.sluice.coordinator.schema;

import java.util.List;

/**
 * The shared schema history of one destination: a log of DDL records with their source positions plus periodic
 * snapshots of the table definitions, so that any node can rebuild the schema of the moment for any cursor position
 * without asking the source for its present schema: take {@link #latestSnapshotAtOrBefore(long)} and apply
 * {@link #ddlAfter(long)} its {@code coversSequence} up to the position wanted.
 *
 * <p>Reading is open to every node. Writing needs a {@link SchemaHistoryWriter}, which only {@link #claim(long)}
 * hands out: each claim fences off every writer of an older epoch, so a deposed leader cannot append after its
 * successor has claimed the history.
 *
 * <p>Implementations are thread-safe. Read results reflect at least every write made through this store's
 * connection, including a {@link #claim(long)}; a new leader therefore claims first and reads afterwards.
 */
public interface SchemaHistoryStore {

    /** The destination this store belongs to. */
    String destination();

    /**
     * Claims the history for writing in leadership term {@code epoch}. Writers of a lower epoch are refused from then
     * on, with {@link NotLeaderException}; so is a writer of the same epoch claimed earlier. Epochs must be unique per
     * leadership term (the leader election hands them out).
     *
     * @param epoch the leadership epoch, >= 1
     * @throws NotLeaderException if a higher epoch has already claimed the history
     */
    SchemaHistoryWriter claim(long epoch);

    /** The current head: last writer epoch and last sequence handed out; {@link HistoryHead#EMPTY} if never written. */
    HistoryHead head();

    /**
     * The DDL records with a sequence greater than {@code afterSequence}, oldest first; an empty list if none.
     *
     * @throws CorruptHistoryException if a record fails its check
     */
    List<DdlRecord> ddlAfter(long afterSequence);

    /**
     * The newest complete and intact snapshot covering at most DDL sequence {@code sequence}. Newer candidates that
     * are incomplete (no meta node) or damaged (CRC32 mismatch, missing chunk) are passed over, reported in
     * {@link SnapshotLookup#skipped()} and logged.
     */
    SnapshotLookup latestSnapshotAtOrBefore(long sequence);
}
