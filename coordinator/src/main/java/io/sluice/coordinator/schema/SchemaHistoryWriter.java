package io.sluice.coordinator.schema;

/**
 * The write side of a destination's schema history, held by the leader of one leadership term. Every write checks,
 * atomically with the write itself, that no later claim has happened; if one has, it throws
 * {@link NotLeaderException}, writes nothing, and the writer refuses every later call too.
 *
 * <p>Thread-safe: calls are serialised, so DDL records are appended in call order.
 */
public interface SchemaHistoryWriter {

    /** The epoch this writer claimed with. */
    long epoch();

    /** The last DDL sequence handed out as this writer knows it (0 if none). */
    long lastSequence();

    /**
     * Appends a DDL statement at the end of the history and returns it with its sequence (the previous last + 1).
     *
     * @param position  where the statement is in the source
     * @param schema    the default schema it ran in ("" if none)
     * @param statement the DDL text
     * @param extra     opaque bytes to keep with it, or null
     * @throws NotLeaderException if another writer claimed the history since this one did
     */
    DdlRecord append(SourcePoint position, String schema, String statement, byte[] extra);

    /**
     * Stores a snapshot; readers see it only once it is complete. Its {@code coversSequence} must not exceed
     * {@link #lastSequence()}.
     *
     * @return the snapshot's id (its node name)
     * @throws NotLeaderException if another writer claimed the history since this one did
     */
    String writeSnapshot(SchemaSnapshot snapshot);

    /**
     * Deletes what no retained cursor needs any more: every DDL record with a sequence below
     * {@code keepFromSequence}, and every snapshot covering less than {@code keepFromSequence - 1}. A complete snapshot
     * covering exactly {@code keepFromSequence - 1} must exist (it becomes the base of the history), so callers
     * pass the {@code coversSequence + 1} of the newest snapshot that every retained cursor can start from.
     *
     * @throws IllegalArgumentException if no complete snapshot covers {@code keepFromSequence - 1}
     * @throws NotLeaderException       if another writer claimed the history since this one did
     */
    PruneResult prune(long keepFromSequence);

    /**
     * Deletes every DDL record and snapshot, for a destination being reset. The head stays, so sequences continue
     * from where they were and the fence still holds.
     *
     * @throws NotLeaderException if another writer claimed the history since this one did
     */
    PruneResult clear();
}
