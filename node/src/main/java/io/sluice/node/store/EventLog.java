package io.sluice.node.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.position.BinlogPosition;

/**
 * One destination's log: a directory of {@link Segment}s holding contiguous sequences, the last of which (the
 * <em>active</em> segment) takes appends. Sequences continue across segments; a segment is named by its first
 * sequence ({@link SegmentFiles}), so finding the segment of a sequence is a floor lookup in a sorted map.
 *
 * <p>Rolling: before an append, a new segment is started if the active one is not empty and holds at least
 * {@link EventLogConfig#segmentBytes()} or is at least {@link EventLogConfig#segmentAgeMillis()} old. The sealed
 * segment is flushed when it is rolled away from.
 *
 * <p>Durability ({@link EventLogConfig#durability()}): records are forced to the storage device at every
 * transaction commit, every N ms by a background {@link LogFlusher}, or only when rolling and closing. Whatever the
 * policy, {@link #durableSequence()} is the highest sequence known to be on the device. Readers are not held back
 * to it: a read sees every record whose {@code append} has returned, durable or not, so tailing readers wake at once
 * in every mode; a caller that must serve only durable records compares with {@link #durableSequence()}.
 *
 * <p>Retention ({@link EventLogConfig#retention()}, {@link #applyRetention}) deletes whole sealed segments from the
 * front; reading a deleted sequence fails with {@link PositionNotRetainedException}.
 *
 * <p>Thread safety: one writer thread calls {@link #append}, {@link #truncateFrom} and {@link #close}; these are
 * not thread-safe among themselves. {@link #flush} and {@link #applyRetention} are thread-safe. Any number of
 * threads may call {@link #read}, {@link #reader}, the lookups ({@link #findByPosition}, {@link #findByCommitTime},
 * {@link #findAfterGtidSet}), the accessors and {@link LogReader} methods concurrently with the writer. A read sees
 * exactly the records whose {@code append} has returned. {@link #truncateFrom}, {@link #applyRetention} and
 * {@link #close} wait for reads in progress to finish and block new ones while they run. Flushes (the writer's, the
 * flusher thread's and {@link #flush} callers') are serialised by one lock, which {@link #truncateFrom},
 * {@link #applyRetention} and {@link #close} also take, so no flush forces a segment being cut, deleted or closed.
 * Interrupting a reading thread fails only that thread's read ({@link InterruptedIOException}); reads do
 * not share the writer's file channel (see {@link Segment}).
 */
public final class EventLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    private final Path dir;
    private final EventLogConfig config;
    /** First sequence → segment. Written by the writer only; read by any thread. */
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final RecoveryReport recovery;

    /** Reads hold the read lock; truncateFrom and close hold the write lock, so no read sees a closing channel. */
    private final ReentrantReadWriteLock readGuard = new ReentrantReadWriteLock();

    /** Tailing readers wait on {@link #appended}; the writer signals only when {@link #waiters} is non-zero. */
    private final ReentrantLock waitLock = new ReentrantLock();
    private final Condition appended = waitLock.newCondition();
    private final AtomicInteger waiters = new AtomicInteger();

    /** Serialises flushes with each other and with truncateFrom and close; see the class comment. */
    private final ReentrantLock flushLock = new ReentrantLock();
    /** Highest sequence known forced to the device, -1 if none. Raised under {@link #flushLock}. */
    private volatile long durableSequence = -1;
    /** Flushes done since open, for tests and diagnostics. */
    private final AtomicLong flushCount = new AtomicLong();
    /** Set once if a background flush failed; appends then fail with it. */
    private volatile IOException flushFailure;
    /** Non-null in {@link DurabilityPolicy.Mode#INTERVAL} only. */
    private LogFlusher flusher;

    /** Written by the writer; volatile because flushes on other threads read it (after {@link #nextSequence}). */
    private volatile Segment active;
    /** Published after the record is readable. */
    private volatile long nextSequence;
    private volatile boolean closed;
    /**
     * Raised by every {@link #truncateFrom} that cut something: byte positions in a truncated segment may then hold
     * other records, or the middle of one, so readers drop the positions they remembered.
     */
    private volatile long truncations;

    private EventLog(Path dir, EventLogConfig config, RecoveryReport recovery) {
        this.dir = dir;
        this.config = config;
        this.recovery = recovery;
    }

    /**
     * Opens the log in {@code dir}, creating the directory and a first, empty segment at sequence 0 if there is
     * none. Recovers the last segment (a torn or corrupt tail is cut, see {@link #lastRecovery()}); sealed segments
     * are only checked past their last index entry and are otherwise verified by CRC when read.
     *
     * @throws IOException naming the files if the segments do not hold contiguous sequences
     */
    public static EventLog open(Path dir, EventLogConfig config) throws IOException {
        return open(dir, config, (LogFlusher.Scheduler) null);
    }

    /**
     * {@link #open(Path, EventLogConfig)} whose interval flushes run on {@code flushScheduler}'s thread, shared with
     * other logs. Ignored by the other durability modes.
     */
    public static EventLog open(Path dir, EventLogConfig config, FlushScheduler flushScheduler) throws IOException {
        Objects.requireNonNull(flushScheduler, "flushScheduler");
        return open(dir, config, flushScheduler.scheduler());
    }

    /**
     * {@link #open(Path, EventLogConfig)} with the scheduler that runs the interval flusher; null gives the log a
     * daemon thread of its own. Ignored by the other durability modes.
     */
    static EventLog open(Path dir, EventLogConfig config, LogFlusher.Scheduler scheduler) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(config, "config");
        Files.createDirectories(dir);

        // First pass: the segments on disk, in sequence order.
        List<Long> bases = SegmentFiles.listSegments(dir);

        // Second pass: open each. Opening checks a sealed segment past its last index entry only and rebuilds a
        // missing or damaged index; a bad record in a sealed segment is reported when a read reaches it.
        List<Segment> opened = new ArrayList<>(bases.size());
        try {
            for (long base : bases) {
                opened.add(Segment.open(dir, base, config.segment()));
            }

            // Third pass: recover the last segment only. It is the one a crash can leave torn; sealed segments
            // were flushed before the next one was created.
            RecoveryReport recovery;
            if (opened.isEmpty()) {
                opened.add(Segment.create(dir, 0, config.segment()));
                DirectorySync.force(dir);
                recovery = null;
            } else {
                recovery = opened.get(opened.size() - 1).recover();
            }

            // Fourth pass: sequences must be contiguous across segments. A damaged sealed segment ends early;
            // its reads already fail past the good records, so only an undamaged gap is refused here.
            for (int i = 1; i < opened.size(); i++) {
                Segment previous = opened.get(i - 1);
                Segment next = opened.get(i);
                if (previous.nextSequence() != next.baseSequence() && !previous.isDamaged()) {
                    throw new IOException("log " + dir + " is not contiguous: " + previous.file() + " ends before "
                            + "sequence " + previous.nextSequence() + " (" + previous.sizeInBytes() + " bytes) but "
                            + next.file() + " starts at sequence " + next.baseSequence());
                }
                if (previous.isDamaged()) {
                    log.warn("log {}: sealed segment {} has a bad record; sequences {}..{} are not served", dir,
                            previous.file(), previous.nextSequence(), next.baseSequence() - 1);
                }
            }

            EventLog eventLog = new EventLog(dir, config, recovery);
            for (Segment segment : opened) {
                eventLog.segments.put(segment.baseSequence(), segment);
            }
            eventLog.active = opened.get(opened.size() - 1);
            eventLog.nextSequence = eventLog.active.nextSequence();

            // Fifth pass: what recovery read may still be only in the page cache of a previous run that was
            // killed; force it so that durableSequence starts true. Sealed segments were forced when rolled.
            eventLog.active.flushWithIndex();
            eventLog.durableSequence = eventLog.nextSequence - 1;

            DurabilityPolicy durability = config.durability();
            if (durability.mode() == DurabilityPolicy.Mode.INTERVAL) {
                LogFlusher.Scheduler actual = scheduler != null ? scheduler
                        : LogFlusher.ownThread("sluice-log-flusher-" + dir.getFileName());
                eventLog.flusher = new LogFlusher(dir, durability.intervalMillis(), actual, eventLog.new FlushTarget());
                eventLog.flusher.start();
            }
            log.info("opened log {}: {} segments, sequences {}..{}, durability {}", dir, opened.size(),
                    eventLog.firstSequence(), eventLog.nextSequence - 1, durability);
            return eventLog;
        } catch (IOException | RuntimeException e) {
            for (Segment segment : opened) {
                try {
                    segment.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing (writer only)

    /**
     * Appends one record with the next sequence, rolling to a new segment first if the active one is full or old
     * (see the class comment), and wakes tailing readers. In {@link DurabilityPolicy.Mode#PER_COMMIT} an append with
     * {@link StoreRecord#TX_END} returns only after the records up to it are forced; otherwise the record becomes
     * durable at the next flush (see {@link #durableSequence()}). Writer only.
     *
     * @return the record's sequence
     * @throws IOException if the write or the commit's flush fails, or an earlier background flush failed
     * @see Segment#append
     */
    public long append(int flags, long commitTimeMillis, BinlogPosition binlogPosition, String gtidSet,
            ByteBuffer payload) throws IOException {
        checkOpen();
        IOException failed = flushFailure;
        if (failed != null) {
            throw new IOException("log " + dir + ": an earlier flush failed, so durability of later records cannot "
                    + "be promised; reopen the log", failed);
        }
        long sequence = nextSequence;
        if (shouldRoll(sequence)) {
            roll(sequence);
        }
        active.append(sequence, flags, commitTimeMillis, binlogPosition, gtidSet, payload);
        nextSequence = sequence + 1;
        // Dekker-style pairing with LogReader.await: the waiter increments waiters, then reads nextSequence;
        // we write nextSequence, then read waiters. At least one of us sees the other's write.
        if (waiters.get() > 0) {
            signalAll();
        }
        if ((flags & StoreRecord.TX_END) != 0 && config.durability().mode() == DurabilityPolicy.Mode.PER_COMMIT) {
            flushActive();
        }
        return sequence;
    }

    private boolean shouldRoll(long sequence) {
        if (active.sizeInBytes() == 0) {
            return false;
        }
        return active.sizeInBytes() >= config.segmentBytes()
                || config.segment().clock().millis() - active.createdAtMillis() >= config.segmentAgeMillis()
                || sequence - active.baseSequence() >= Integer.MAX_VALUE;
    }

    private void roll(long sequence) throws IOException {
        Segment sealed = active;
        flushLock.lock();
        try {
            sealed.flushWithIndex();
            flushed(sequence - 1);
        } finally {
            flushLock.unlock();
        }
        Segment created = Segment.create(dir, sequence, config.segment());
        // Before any record goes in: a record forced into a file whose name a power cut can lose is not durable.
        DirectorySync.force(dir);
        segments.put(sequence, created);
        active = created;
        log.info("log {}: rolled from {} ({} bytes, sequences {}..{}) to {}", dir, sealed.file(),
                sealed.sizeInBytes(), sealed.baseSequence(), sequence - 1, created.file());
    }

    /**
     * Forces the records appended so far to the storage device and raises {@link #durableSequence()} to cover them.
     * Thread-safe; waits for a flush in progress.
     *
     * @return the durable sequence afterwards
     */
    public long flush() throws IOException {
        checkOpen();
        return flushActive();
    }

    /**
     * The highest sequence known to be on the storage device (forced by a commit, the interval flusher, a roll,
     * {@link #flush}, or opening), -1 if none. Records up to it survive a crash of the process or the machine.
     * Never decreases, except through {@link #truncateFrom}. Thread-safe.
     */
    public long durableSequence() {
        return durableSequence;
    }

    /** Flushes done since the log was opened (commits, interval, rolls, explicit, close). Thread-safe; for tests. */
    long flushCount() {
        return flushCount.get();
    }

    /**
     * Forces the active segment. {@link #nextSequence} is read before {@link #active}: a roll publishes the new
     * active segment before any sequence in it, and forces the sealed one first, so every record below the
     * sequence read is either in the segment forced here or in one forced already.
     */
    private long flushActive() throws IOException {
        flushLock.lock();
        try {
            checkOpen();
            long upTo = nextSequence - 1;
            active.flush();
            flushed(upTo);
            return durableSequence;
        } finally {
            flushLock.unlock();
        }
    }

    /** Records a finished flush of everything up to {@code upTo}. Under {@link #flushLock}. */
    private void flushed(long upTo) {
        flushCount.incrementAndGet();
        if (upTo > durableSequence) {
            durableSequence = upTo;
        }
    }

    /** The interval flusher's view of the log. */
    private final class FlushTarget implements LogFlusher.Target {
        @Override
        public void flushIfBehind() throws IOException {
            flushLock.lock();
            try {
                if (closed || durableSequence >= nextSequence - 1) {
                    return;
                }
                flushActive();
            } finally {
                flushLock.unlock();
            }
        }

        @Override
        public void flushFailed(IOException failure) {
            flushFailure = failure;
        }
    }

    /**
     * Drops the record with {@code sequence} and every later one: deletes the segments that start after it (last
     * first, so a crash leaves a contiguous prefix) and truncates the one that holds it, which becomes the active
     * segment. Afterwards {@link #nextSequence()} is {@code sequence}. Waits for reads in progress. Writer only.
     *
     * @throws IllegalArgumentException if {@code sequence} is outside [{@link #firstSequence()},
     *                                  {@link #nextSequence()}]
     */
    public void truncateFrom(long sequence) throws IOException {
        checkOpen();
        long first = firstSequence();
        long next = nextSequence;
        if (sequence < first || sequence > next) {
            throw new IllegalArgumentException("log " + dir + ": cannot truncate from sequence " + sequence
                    + ", outside [" + first + ", " + next + "]");
        }
        if (sequence == next) {
            return;
        }
        flushLock.lock();
        readGuard.writeLock().lock();
        try {
            Map.Entry<Long, Segment> holder = segments.floorEntry(sequence);
            if (holder.getValue().isDamaged()) {
                throw new IllegalStateException("log " + dir + ": cannot truncate from sequence " + sequence
                        + " because segment " + holder.getValue().file() + " holding it has a bad record");
            }
            NavigableMap<Long, Segment> later = segments.tailMap(holder.getKey(), false).descendingMap();
            List<Segment> deleted = new ArrayList<>(later.values());
            for (Segment segment : deleted) {
                segment.close();
                Files.deleteIfExists(segment.indexFile());
                Files.delete(segment.file());
                segments.remove(segment.baseSequence());
                log.info("log {}: truncating from sequence {} deleted {}", dir, sequence, segment.file());
            }
            if (!deleted.isEmpty()) {
                DirectorySync.force(dir);
            }
            Segment segment = holder.getValue();
            truncations++;
            segment.truncateFrom(sequence);
            active = segment;
            nextSequence = sequence;
            if (durableSequence > sequence - 1) {
                durableSequence = sequence - 1;
            }
        } finally {
            readGuard.writeLock().unlock();
            flushLock.unlock();
        }
    }

    /**
     * Deletes whole sealed segments, oldest first, as {@link EventLogConfig#retention()} asks, and returns what went.
     * The active segment is never deleted. A segment goes when
     * <ul>
     * <li>the log holds more than {@link RetentionPolicy#maxBytes()}, or the segment's data file was last written
     * more than {@link RetentionPolicy#maxAgeMillis()} ago by the segment clock, <em>and</em> every record in it is
     * before {@code protectedFromSequence}; or</li>
     * <li>the log holds more than {@link RetentionPolicy#hardCapBytes()}, whatever clients still need: the records
     * a client had not acknowledged are dropped, logged as a warning with their count, and that client's next read
     * fails with {@link PositionNotRetainedException}.</li>
     * </ul>
     * Deletion stops at the first segment that may not go, so the log always stays one contiguous range. Age is
     * taken from the data file's modification time, not from the records' commit times: a node catching up on an old
     * binlog must not delete what it has just written.
     *
     * <p>Thread-safe; may run on any thread alongside the writer and readers. It waits for reads in progress;
     * a {@link LogReader} positioned in a deleted segment gets {@link PositionNotRetainedException} on its next call.
     *
     * @param protectedFromSequence the lowest sequence any registered client still needs (its acknowledged cursor
     *                              plus one); {@link #nextSequence()} or {@link Long#MAX_VALUE} when no client is
     *                              registered
     * @throws IllegalArgumentException if {@code protectedFromSequence} is negative
     * @throws IllegalStateException    if the log is closed
     */
    public RetentionResult applyRetention(long protectedFromSequence) throws IOException {
        if (protectedFromSequence < 0) {
            throw new IllegalArgumentException("log " + dir + ": protectedFromSequence must be >= 0, got "
                    + protectedFromSequence);
        }
        RetentionPolicy policy = config.retention();
        flushLock.lock();
        readGuard.writeLock().lock();
        try {
            checkOpen();
            List<Segment> all = new ArrayList<>(segments.values());
            long total = sizeInBytes();
            long now = config.segment().clock().millis();
            long activeBase = active.baseSequence();
            int deleted = 0;
            long records = 0;
            long bytes = 0;
            long dropped = 0;
            // The last segment is never a candidate: the loop needs the next segment's first sequence as the end.
            for (int i = 0; i + 1 < all.size() && all.get(i).baseSequence() < activeBase; i++) {
                Segment segment = all.get(i);
                long end = all.get(i + 1).baseSequence();
                boolean overCap = policy.hardCapBytes() > 0 && total > policy.hardCapBytes();
                boolean overSize = policy.maxBytes() > 0 && total > policy.maxBytes();
                boolean tooOld = policy.maxAgeMillis() > 0
                        && now - Files.getLastModifiedTime(segment.file()).toMillis() > policy.maxAgeMillis();
                boolean acknowledged = end <= protectedFromSequence;
                if (!overCap && !((overSize || tooOld) && acknowledged)) {
                    break;
                }
                long size = segment.sizeInBytes();
                deleteSegment(segment);
                deleted++;
                records += end - segment.baseSequence();
                bytes += size;
                total -= size;
                dropped += Math.max(0, end - Math.max(segment.baseSequence(), protectedFromSequence));
            }
            long first = segments.firstKey();
            if (deleted > 0) {
                DirectorySync.force(dir);
                log.info("log {}: retention ({}) deleted {} segments, {} records, {} bytes; first sequence now {}, "
                        + "{} bytes kept", dir, policy, deleted, records, bytes, first, total);
            }
            if (dropped > 0) {
                log.warn("log {}: hard cap of {} bytes reached; dropped {} records not yet acknowledged (clients "
                        + "need sequences from {}, the log now starts at {}); those clients will get 'position no "
                        + "longer retained' and must reset their cursors", dir, policy.hardCapBytes(), dropped,
                        protectedFromSequence, first);
            }
            return new RetentionResult(deleted, records, bytes, first, dropped);
        } finally {
            readGuard.writeLock().unlock();
            flushLock.unlock();
        }
    }

    /** Closes and deletes one sealed segment. Under the read guard's write lock. */
    private void deleteSegment(Segment segment) throws IOException {
        segments.remove(segment.baseSequence());
        segment.close();
        // Data file first: once it is gone the segment no longer exists on reopen; a left-over index is emptied
        // if a segment with that name is ever created again.
        Files.delete(segment.file());
        Files.deleteIfExists(segment.indexFile());
    }

    /**
     * Stops the interval flusher, forces the active segment's records (unless a background flush failed earlier)
     * and closes every segment. Readers waiting in {@link LogReader#next} are woken and fail; later calls fail.
     * Waits for reads and flushes in progress. Writer only; a second call does nothing.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (flusher != null) {
            flusher.close();
        }
        flushLock.lock();
        readGuard.writeLock().lock();
        try {
            IOException failure = null;
            if (flushFailure == null) {
                try {
                    long upTo = nextSequence - 1;
                    active.flushWithIndex();
                    flushed(upTo);
                } catch (IOException e) {
                    failure = e;
                }
            }
            closed = true;
            for (Segment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            readGuard.writeLock().unlock();
            flushLock.unlock();
            signalAll();
        }
    }

    private void signalAll() {
        waitLock.lock();
        try {
            appended.signalAll();
        } finally {
            waitLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading (thread-safe)

    /**
     * The record with {@code sequence}, verified, or empty if it has not been appended yet. Thread-safe.
     *
     * @throws IllegalArgumentException     if {@code sequence} is negative
     * @throws PositionNotRetainedException if {@code sequence} is before {@link #firstSequence()} (retention
     *                                      deleted it)
     * @throws CorruptRecordException       naming file and position if the record or one stepped over is damaged
     * @throws InterruptedIOException       if this thread is interrupted while reading; its interrupt status stays
     *                                      set, and other readers and the writer are not affected
     * @throws IllegalStateException        if the log is closed
     */
    public Optional<StoreRecord> read(long sequence) throws IOException {
        checkSequence(sequence);
        readGuard.readLock().lock();
        try {
            checkOpen();
            if (sequence >= nextSequence) {
                return Optional.empty();
            }
            Map.Entry<Long, Segment> holder = segments.floorEntry(sequence);
            if (holder == null) {
                throw notRetained(sequence, segments.firstKey());
            }
            return holder.getValue().read(sequence);
        } finally {
            readGuard.readLock().unlock();
        }
    }

    /**
     * A tailing reader whose first record will be {@code fromSequence}, which must lie in
     * [{@link #firstSequence()}, {@link #nextSequence()}]. Thread-safe.
     *
     * @throws PositionNotRetainedException if {@code fromSequence} is before {@link #firstSequence()}
     * @throws IllegalArgumentException     if {@code fromSequence} is negative or past {@link #nextSequence()}
     */
    public LogReader reader(long fromSequence) throws PositionNotRetainedException {
        checkOpen();
        checkSequence(fromSequence);
        long first = firstSequence();
        if (fromSequence < first) {
            throw notRetained(fromSequence, first);
        }
        long next = nextSequence;
        if (fromSequence > next) {
            throw new IllegalArgumentException("log " + dir + ": cannot read from sequence " + fromSequence
                    + ", past the next sequence " + next);
        }
        return new LogReader(fromSequence);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lookups (thread-safe)

    /**
     * The sequence of the first record whose source position is at or after {@code position} (by
     * {@link BinlogPosition#compareTo}: binlog file name, then offset), or empty if every record is before it or
     * the log is empty. Thread-safe, like {@link #read}: it sees the records whose {@code append} had returned when
     * it started.
     *
     * <p>Records are in source order, so positions never decrease along the log. Cost: a binary search over the
     * segments reading each probed segment's first record ({@code O(log S)} record reads for {@code S}
     * segments), then a sequential scan of one segment from its start ({@code O(R)} record reads, every record
     * fully read and CRC-checked, for {@code R} records in a segment). There is no position index.
     *
     * @throws CorruptRecordException naming file and position if a record read on the way is damaged
     * @throws IllegalStateException  if the log is closed
     */
    public OptionalLong findByPosition(BinlogPosition position) throws IOException {
        Objects.requireNonNull(position, "position");
        return findOrdered(record -> record.binlogPosition().compareTo(position));
    }

    /**
     * The sequence of the first record committed at or after {@code commitTimeMillis} (milliseconds since the
     * epoch, compared with {@link StoreRecord#commitTimeMillis()}), or empty if every record was committed
     * before it or the log is empty. Thread-safe, like {@link #read}.
     *
     * <p>Assumes commit times never decrease along the log (records are in source order). If a source's clock
     * went backwards the answer is a record at or after the time, but not necessarily the first one. Cost as
     * {@link #findByPosition}: {@code O(log S)} record reads to pick a segment, then a scan of it.
     *
     * @throws CorruptRecordException naming file and position if a record read on the way is damaged
     * @throws IllegalStateException  if the log is closed
     */
    public OptionalLong findByCommitTime(long commitTimeMillis) throws IOException {
        return findOrdered(record -> Long.compare(record.commitTimeMillis(), commitTimeMillis));
    }

    /**
     * The sequence of the first record the client has not executed, given the client's executed GTID state: the
     * first record whose stored GTID state ({@link StoreRecord#gtidSet()}) is not covered by {@code executed}; empty
     * if every record is covered (the client is up to date) or the log is empty. Thread-safe, like {@link #read}.
     *
     * <p>The writer stores on every record the source's executed GTID state <em>after</em> that record's entry:
     * for MySQL the executed GTID set ({@code 3e11fa47-...:1-42,...}), for MariaDB the GTID position
     * ({@code 0-1-42,1-2-7}). Every record of a transaction therefore carries a state that includes the
     * transaction's own GTID, and the answer is the transaction's first record. {@code executed} is in the same
     * flavour: a client's {@code gtid_executed}, or the MariaDB position it has applied; blank means nothing
     * executed, which finds the first record with a GTID. Coverage is decided by {@link GtidSetMatcher}.
     *
     * <p>The stored states only grow along the log, so "not covered" turns true once and stays true; the search
     * is the same as {@link #findByPosition}: {@code O(log S)} record reads to pick a segment, then a scan of it
     * (each distinct stored state parsed once). A client state that runs ahead of the log in one domain or source
     * but behind in another finds the first record behind it, which is where the client must resume.
     *
     * @throws IllegalArgumentException if {@code executed} does not parse, or is of the other flavour than the
     *                                  stored states; the message names both
     * @throws CorruptRecordException   naming file and position if a record read on the way is damaged
     * @throws IllegalStateException    if the log is closed
     */
    public OptionalLong findAfterGtidSet(String executed) throws IOException {
        GtidSetMatcher matcher = GtidSetMatcher.of(executed);
        return findOrdered(record -> matcher.covers(record.gtidSet()) ? -1 : 0);
    }

    /**
     * The sequence of the first record for which {@code compareToTarget} is {@code >= 0}, given that it is
     * non-decreasing along the log: binary search over the segments' first records, then a scan of one segment.
     */
    private OptionalLong findOrdered(ToIntFunction<StoreRecord> compareToTarget) throws IOException {
        readGuard.readLock().lock();
        try {
            checkOpen();
            // nextSequence first: a segment holding any sequence below it is already in the map (see roll).
            long next = nextSequence;
            List<Segment> candidates = new ArrayList<>();
            for (Segment segment : segments.values()) {
                if (segment.baseSequence() >= next) {
                    break;
                }
                candidates.add(segment);
            }
            // Find the last segment whose first record is before the target; the answer is in it or is the first
            // record of the segment after it.
            int low = 0;
            int high = candidates.size() - 1;
            int lastBefore = -1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                StoreRecord first = firstRecord(candidates.get(middle), next);
                if (first != null && compareToTarget.applyAsInt(first) < 0) {
                    lastBefore = middle;
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            if (lastBefore >= 0) {
                OptionalLong found = scan(candidates.get(lastBefore), next,
                        record -> compareToTarget.applyAsInt(record) >= 0);
                if (found.isPresent()) {
                    return found;
                }
            }
            for (int i = lastBefore + 1; i < candidates.size(); i++) {
                StoreRecord first = firstRecord(candidates.get(i), next);
                if (first != null) {
                    return OptionalLong.of(first.sequence());
                }
            }
            return OptionalLong.empty();
        } finally {
            readGuard.readLock().unlock();
        }
    }

    /** The first record of {@code segment} if it is below {@code next}, else null (an empty segment). */
    private static StoreRecord firstRecord(Segment segment, long next) throws IOException {
        Optional<StoreRecord> first = segment.readAt(0);
        if (first.isEmpty() || first.get().sequence() >= next) {
            return null;
        }
        return first.get();
    }

    /** The sequence of the first record of {@code segment} below {@code next} that {@code test} accepts. */
    private static OptionalLong scan(Segment segment, long next, Predicate<StoreRecord> test) throws IOException {
        long position = 0;
        while (true) {
            Optional<StoreRecord> read = segment.readAt(position);
            if (read.isEmpty() || read.get().sequence() >= next) {
                return OptionalLong.empty();
            }
            StoreRecord record = read.get();
            if (test.test(record)) {
                return OptionalLong.of(record.sequence());
            }
            position += record.sizeInBytes();
        }
    }

    /** The sequence of the oldest record kept (that of the first segment). Thread-safe. */
    public long firstSequence() {
        return segments.firstKey();
    }

    /** Bytes of records in the log's data files (indexes not counted). Thread-safe; a view of one moment. */
    public long sizeInBytes() {
        long total = 0;
        for (Segment segment : segments.values()) {
            total += segment.sizeInBytes();
        }
        return total;
    }

    /** The sequence the next append will get. Thread-safe. */
    public long nextSequence() {
        return nextSequence;
    }

    /** What recovering the last segment on open cut; empty if the log was created empty. Thread-safe. */
    public Optional<RecoveryReport> lastRecovery() {
        return Optional.ofNullable(recovery);
    }

    /** The log directory. Thread-safe. */
    public Path dir() {
        return dir;
    }

    /** Read channels the current segments reopened after interrupts, for tests and diagnostics. Thread-safe. */
    long readChannelReopens() {
        long reopens = 0;
        for (Segment segment : segments.values()) {
            reopens += segment.readChannelReopens();
        }
        return reopens;
    }

    /** Number of segments, for tests and diagnostics. Thread-safe. */
    int segmentCount() {
        return segments.size();
    }

    private void checkSequence(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("log " + dir + ": sequences are >= 0, got " + sequence);
        }
    }

    private PositionNotRetainedException notRetained(long sequence, long first) {
        return new PositionNotRetainedException("log " + dir + ": sequence " + sequence + " is no longer retained; "
                + "the first retained sequence is " + first + " (retention deleted the older segments). Reset the "
                + "client's cursor to sequence " + first + " or later, or to a source position or GTID set the log "
                + "still holds, and subscribe again");
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("log " + dir + " is closed");
        }
    }

    @Override
    public String toString() {
        return "EventLog[" + dir + ", " + segments.size() + " segments, next sequence " + nextSequence + "]";
    }

    /**
     * Reads records in sequence order from a starting sequence, waiting for appends when it reaches the end.
     * A reader is meant for one thread at a time (one per connected client); any number of readers may run
     * concurrently with each other and with the writer.
     */
    public final class LogReader {
        private long position;
        /**
         * Where the record at {@link #position} should start, in {@link #segment}: a reader moving forward reads it
         * there directly instead of looking it up through the sparse index and stepping over records. Only a hint;
         * see {@link #readNext}.
         */
        private Segment segment;
        private long filePosition;
        /** {@link #truncations} when the hint was taken. */
        private long hintTruncations;

        private LogReader(long fromSequence) {
            this.position = fromSequence;
        }

        /** The sequence the next {@link #next} returns. */
        public long position() {
            return position;
        }

        /**
         * The next record, waiting up to {@code timeout} for it to be appended; null if none arrived in time. An
         * append wakes the waiting reader at once (no polling).
         *
         * @throws IllegalStateException        if the log is closed, or was truncated before this reader's position
         * @throws PositionNotRetainedException if retention deleted the segment holding this reader's position;
         *                                      the reader stays where it is
         * @throws InterruptedException         if the thread is interrupted while waiting
         * @throws InterruptedIOException       if the thread is interrupted while reading a record; its interrupt
         *                                      status stays set and the reader stays where it is
         */
        public StoreRecord next(long timeout, TimeUnit unit) throws IOException, InterruptedException {
            Optional<StoreRecord> record = readNext(checkPosition());
            if (record.isEmpty()) {
                if (!await(unit.toNanos(timeout))) {
                    return null;
                }
                record = readNext(checkPosition());
                if (record.isEmpty()) {
                    // Only a truncateFrom between the wake-up and the read gets here; the caller retries.
                    return null;
                }
            }
            position++;
            return record.get();
        }

        /**
         * {@link EventLog#read}, but trying the remembered file position first. The hint is used only if its segment
         * is still in the log, no truncation happened since it was taken (a cut segment can hold other records at
         * the same positions), and the record there verifies and carries the expected sequence; otherwise the read
         * goes through the index.
         */
        private Optional<StoreRecord> readNext(long sequence) throws IOException {
            readGuard.readLock().lock();
            try {
                checkOpen();
                if (sequence >= nextSequence) {
                    return Optional.empty();
                }
                Segment hinted = segment;
                if (hinted != null && hintTruncations == truncations && segments.get(hinted.baseSequence()) == hinted
                        && sequence < hinted.nextSequence() && filePosition < hinted.sizeInBytes()) {
                    Optional<StoreRecord> record = hinted.readAt(filePosition);
                    if (record.isPresent() && record.get().sequence() == sequence) {
                        filePosition += record.get().sizeInBytes();
                        return record;
                    }
                }
                Map.Entry<Long, Segment> holder = segments.floorEntry(sequence);
                if (holder == null) {
                    throw notRetained(sequence, segments.firstKey());
                }
                Optional<StoreRecord> record = holder.getValue().read(sequence);
                if (record.isPresent()) {
                    segment = holder.getValue();
                    filePosition = record.get().filePosition() + record.get().sizeInBytes();
                    hintTruncations = truncations;
                }
                return record;
            } finally {
                readGuard.readLock().unlock();
            }
        }

        private long checkPosition() {
            checkOpen();
            long next = nextSequence;
            if (position > next) {
                throw new IllegalStateException("log " + dir + ": reader at sequence " + position
                        + " is past the end (next sequence " + next + "); the log was truncated, start a new reader");
            }
            return position;
        }

        /** Waits until a record at {@link #position} is appended; false on timeout. */
        private boolean await(long nanos) throws InterruptedException {
            waiters.incrementAndGet();
            try {
                waitLock.lock();
                try {
                    while (nextSequence <= position) {
                        checkOpen();
                        if (nanos <= 0) {
                            return false;
                        }
                        nanos = appended.awaitNanos(nanos);
                    }
                    return true;
                } finally {
                    waitLock.unlock();
                }
            } finally {
                waiters.decrementAndGet();
            }
        }
    }
}
