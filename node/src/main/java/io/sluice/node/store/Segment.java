package io.sluice.node.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.position.BinlogPosition;

/**
 * One segment of a store log: an append-only data file of records ({@link RecordFormat}) holding contiguous
 * sequences from {@link #baseSequence()}, plus a {@link SparseIndex}. Files are named by {@link SegmentFiles}.
 *
 * <p>An index entry is added for a record once more than {@code indexIntervalBytes} of records were appended
 * since the previous entry. A read by sequence takes the nearest entry at or below the target and steps over
 * record headers from there. The data file is limited to 2 GB (index positions are int32); the log rolls long
 * before that.
 *
 * <p>Opening a segment ({@link #open}) does not change its files, except rebuilding a missing or implausible index.
 * It verifies the records after the last index entry; if those end in a bad record the segment is <em>damaged</em>:
 * reads past the good records and appends fail, naming the file and position, until {@link #recover()} cuts the
 * tail. Corruption before the last index entry is found when a read reaches it and is reported, never served.
 *
 * <p>Thread safety: one writer thread calls {@link #append}, {@link #flush}, {@link #recover} and {@link #close};
 * these are not thread-safe among themselves. Any number of reader threads may call {@link #read},
 * {@link #readAt} and the accessors concurrently with {@link #append} and {@link #flush}: they use positional
 * reads and see exactly the records whose {@code append} has returned. Readers must not run during
 * {@link #recover} or {@link #close}.
 *
 * <p>Interrupts: a {@link FileChannel} is interruptible, so a thread interrupted in (or before) any I/O on it
 * closes it for every thread. Reads (verifying on open and recovery too) therefore never use the writer's channel
 * but a read-only one of their own; when an interrupt closes that, the interrupted reader gets an
 * {@link InterruptedIOException} (its interrupt status stays set) and the channel is reopened, so other readers and
 * the writer carry on. Interrupting the writer during {@link #append} or {@link #flush} still closes the write
 * channel.
 */
public final class Segment implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Segment.class);

    /** Published together so that readers never see a sequence without its bytes. */
    private record End(long nextSequence, long size) {
    }

    /** The first bad record found after the last index entry when opening; null if none. */
    private record Damage(long position, String problem) {
    }

    private final Path file;
    private final long baseSequence;
    private final SegmentConfig config;
    /** The writer's channel. Reads never use it: see the class comment on interrupts. */
    private final FileChannel channel;
    private final SparseIndex index;
    private final long createdAtMillis;

    /**
     * Read-only channel for every positional read; replaced under {@link #readChannelLock} when an interrupt has
     * closed it, unless {@link #closed}.
     */
    private volatile FileChannel readChannel;
    private final Object readChannelLock = new Object();
    /** Set by {@link #close()}; a closed read channel is then reported, not reopened. */
    private volatile boolean closed;
    /** Read channels reopened after an interrupt closed one, for tests and diagnostics. */
    private final AtomicLong readChannelReopens = new AtomicLong();

    private volatile End end;
    private volatile Damage damage;
    /** Writer only. */
    private long bytesSinceLastIndexEntry;

    private Segment(Path file, long baseSequence, SegmentConfig config, FileChannel channel, FileChannel readChannel,
            SparseIndex index) {
        this.file = file;
        this.baseSequence = baseSequence;
        this.config = config;
        this.channel = channel;
        this.readChannel = readChannel;
        this.index = index;
        this.createdAtMillis = config.clock().millis();
    }

    /**
     * Creates a new, empty segment in {@code dir}. Fails if its data file already exists. Any stale index file of
     * the same name is emptied.
     */
    public static Segment create(Path dir, long baseSequence, SegmentConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        Path file = SegmentFiles.logFile(dir, baseSequence);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileChannel readChannel = null;
        try {
            readChannel = FileChannel.open(file, StandardOpenOption.READ);
            SparseIndex index = SparseIndex.open(SegmentFiles.indexFile(dir, baseSequence), baseSequence);
            index.reset();
            Segment segment = new Segment(file, baseSequence, config, channel, readChannel, index);
            segment.end = new End(baseSequence, 0);
            return segment;
        } catch (IOException | RuntimeException e) {
            closeQuietly(readChannel, e);
            channel.close();
            throw e;
        }
    }

    /**
     * Opens an existing segment: loads the index, rebuilding it from the data file if it is missing or fails
     * {@link SparseIndex#validate} or its last entry does not point at the record it names, then verifies the
     * records after the last index entry to find the end. See the class comment for what a bad record there means.
     */
    public static Segment open(Path dir, long baseSequence, SegmentConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        Path file = SegmentFiles.logFile(dir, baseSequence);
        if (!Files.exists(file)) {
            throw new IOException("segment data file " + file + " does not exist");
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel readChannel = null;
        SparseIndex index = null;
        try {
            readChannel = FileChannel.open(file, StandardOpenOption.READ);
            index = SparseIndex.open(SegmentFiles.indexFile(dir, baseSequence), baseSequence);
            Segment segment = new Segment(file, baseSequence, config, channel, readChannel, index);
            segment.load();
            return segment;
        } catch (IOException | RuntimeException e) {
            if (index != null) {
                index.close();
            }
            closeQuietly(readChannel, e);
            channel.close();
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private void load() throws IOException {
        long fileSize = channel.size();
        String problem = index.existed() ? index.validate(fileSize) : "index file " + index.file() + " is missing";
        if (problem == null) {
            problem = checkLastIndexEntry(fileSize);
        }
        Scan scan;
        if (problem != null) {
            log.warn("{}; rebuilding it from {}", problem, file);
            index.reset();
            scan = scan(0, baseSequence, fileSize, true);
        } else {
            SparseIndex.Entry last = index.last();
            scan = scan(last.position(), last.sequence(), fileSize, false);
        }
        bytesSinceLastIndexEntry = scan.bytesSinceLastIndexEntry;
        if (scan.badPosition >= 0) {
            damage = new Damage(scan.badPosition, scan.problem);
            log.warn("segment {} has a bad record at position {} ({} bytes before the end of the file): {}; "
                    + "records from there on are not served until it is recovered",
                    file, scan.badPosition, fileSize - scan.badPosition, scan.problem);
        }
        channel.position(fileSize);
        end = new End(scan.nextSequence, scan.validEnd);
    }

    private String checkLastIndexEntry(long fileSize) throws IOException {
        SparseIndex.Entry last = index.last();
        if (last.position() == 0) {
            return null;
        }
        if (fileSize - last.position() < RecordFormat.PEEK_SIZE) {
            return "index file " + index.file() + " is corrupt: last entry points at position " + last.position()
                    + " with only " + (fileSize - last.position()) + " bytes left in " + file;
        }
        ByteBuffer peek = readSmall(last.position(), RecordFormat.PEEK_SIZE);
        long sequence = RecordFormat.peekSequence(peek);
        if (sequence != last.sequence()) {
            return "index file " + index.file() + " is corrupt: last entry says sequence " + last.sequence()
                    + " is at position " + last.position() + " but the record there has sequence " + sequence;
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing

    /**
     * Appends one record and returns its byte position. The payload's remaining bytes are written straight from
     * {@code payload} (a gathering write; no copy), and its position is not changed. The record is not durable
     * until {@link #flush()}. Writer only.
     *
     * @param sequence must be {@link #nextSequence()}
     * @param flags    {@link StoreRecord#TX_BEGIN} and/or {@link StoreRecord#TX_END}
     * @param gtidSet  GTID set text after this entry, empty if the source has no GTIDs
     * @throws IllegalStateException if the segment is damaged (see {@link #recover()})
     * @throws IllegalArgumentException if the record is out of sequence or too large for the record or segment
     *                                  limits; the message names the limit
     */
    public long append(long sequence, int flags, long commitTimeMillis, BinlogPosition binlogPosition, String gtidSet,
            ByteBuffer payload) throws IOException {
        StoreRecord.checkFlags(flags);
        Objects.requireNonNull(binlogPosition, "binlogPosition");
        Objects.requireNonNull(gtidSet, "gtidSet");
        Objects.requireNonNull(payload, "payload");
        Damage bad = damage;
        if (bad != null) {
            throw new IllegalStateException("segment " + file + " has a bad record at position " + bad.position()
                    + " (" + bad.problem() + "); recover() it before appending");
        }
        End current = end;
        if (sequence != current.nextSequence()) {
            throw new IllegalArgumentException("segment " + file + ": append of sequence " + sequence
                    + " where " + current.nextSequence() + " is next");
        }
        if (sequence - baseSequence > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment " + file + ": sequence " + sequence + " is more than "
                    + Integer.MAX_VALUE + " past the first sequence " + baseSequence + "; roll the segment");
        }
        byte[] fileName = binlogPosition.file().getBytes(StandardCharsets.UTF_8);
        if (fileName.length > RecordFormat.MAX_FILE_NAME_BYTES) {
            throw new IllegalArgumentException("binlog file name is " + fileName.length + " bytes, more than "
                    + RecordFormat.MAX_FILE_NAME_BYTES);
        }
        byte[] gtid = gtidSet.getBytes(StandardCharsets.UTF_8);
        long recordSize = (long) RecordFormat.LENGTH_SIZE + RecordFormat.FIXED_AFTER_LENGTH + fileName.length
                + gtid.length + payload.remaining();
        if (recordSize > config.maxRecordBytes()) {
            throw new IllegalArgumentException("segment " + file + ": record of sequence " + sequence + " is "
                    + recordSize + " bytes (payload " + payload.remaining() + ", GTID set " + gtid.length
                    + "), more than maxRecordBytes " + config.maxRecordBytes());
        }
        long position = current.size();
        if (position + recordSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment " + file + ": record of " + recordSize + " bytes at position "
                    + position + " would pass the 2 GB segment limit; roll the segment");
        }

        ByteBuffer header = RecordFormat.encodeHeader(sequence, flags, commitTimeMillis, fileName,
                binlogPosition.offset(), gtid, payload);
        ByteBuffer[] buffers = {header, payload.duplicate()};
        try {
            long written = 0;
            while (written < recordSize) {
                written += channel.write(buffers);
            }
        } catch (IOException e) {
            undoPartialWrite(position, e);
            throw e;
        }
        if (bytesSinceLastIndexEntry > config.indexIntervalBytes()) {
            index.append(sequence, position);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += recordSize;
        end = new End(sequence + 1, position + recordSize);
        return position;
    }

    private void undoPartialWrite(long position, IOException cause) {
        try {
            channel.truncate(position);
            channel.position(position);
        } catch (IOException e) {
            cause.addSuppressed(e);
            damage = new Damage(position, "a failed append left a partial record");
        }
    }

    /**
     * Forces appended records to the storage device; records appended before the call are durable when it returns.
     * Only the data file is forced, with {@code force(false)} ({@code fdatasync} on Linux): that writes the data and
     * the metadata needed to read it back, which for this file, growing by appends, includes its size; it skips
     * timestamps. The index is not forced: it is derived, and opening checks it against the data file and rebuilds
     * what a crash left stale (see {@link SparseIndex}). This is the flush of every commit, so it is kept to one
     * device round trip. Writer only; may run concurrently with readers.
     */
    public void flush() throws IOException {
        channel.force(false);
    }

    /**
     * {@link #flush()}, then the index as well, for a segment being sealed or closed: its index is then complete on
     * disk, and opening the log later need not scan the segment. Writer only; may run concurrently with readers.
     */
    public void flushWithIndex() throws IOException {
        channel.force(false);
        index.flush();
    }

    /**
     * Verifies every record from the start of the data file (length, CRC32C, format, contiguous sequence),
     * rebuilds the index, and truncates the data file at the first bad record. Returns what was kept and cut.
     * Writer only; no reader may run concurrently.
     */
    public RecoveryReport recover() throws IOException {
        long fileSize = channel.size();
        index.reset();
        Scan scan = scan(0, baseSequence, fileSize, true);
        long recordsCut = 0;
        if (scan.validEnd < fileSize) {
            recordsCut = countFrames(scan.validEnd, fileSize);
            channel.truncate(scan.validEnd);
            channel.force(true);
        }
        channel.position(scan.validEnd);
        index.flush();
        bytesSinceLastIndexEntry = scan.bytesSinceLastIndexEntry;
        damage = null;
        end = new End(scan.nextSequence, scan.validEnd);
        RecoveryReport report = new RecoveryReport(file, scan.records, scan.validEnd, recordsCut,
                fileSize - scan.validEnd, scan.badPosition, scan.problem == null ? "" : scan.problem);
        if (report.truncated()) {
            log.warn("recovered {}", report);
        } else {
            log.info("recovered {}", report);
        }
        return report;
    }

    /**
     * Drops the record with {@code sequence} and every later one: cuts the data file where that record starts,
     * drops the index entries at or past that position, and forces both files. Afterwards {@link #nextSequence()}
     * is {@code sequence}. A {@code sequence} equal to {@link #nextSequence()} changes nothing. Writer only; no
     * reader may run concurrently.
     *
     * @throws IllegalArgumentException if {@code sequence} is outside [first sequence, next sequence]
     * @throws IllegalStateException    if the segment is damaged (see {@link #recover()})
     * @throws CorruptRecordException   if a record stepped over to find the cut is damaged
     */
    public void truncateFrom(long sequence) throws IOException {
        Damage bad = damage;
        if (bad != null) {
            throw new IllegalStateException("segment " + file + " has a bad record at position " + bad.position()
                    + " (" + bad.problem() + "); recover() it before truncating");
        }
        End current = end;
        if (sequence < baseSequence || sequence > current.nextSequence()) {
            throw new IllegalArgumentException("segment " + file + ": cannot truncate from sequence " + sequence
                    + ", outside [" + baseSequence + ", " + current.nextSequence() + "]");
        }
        if (sequence == current.nextSequence()) {
            return;
        }
        long position = read(sequence).orElseThrow().filePosition();
        index.truncateFromPosition(position);
        channel.truncate(position);
        channel.position(position);
        channel.force(true);
        index.flush();
        bytesSinceLastIndexEntry = position - index.last().position();
        end = new End(sequence, position);
        log.info("truncated {} from sequence {} at position {}: cut {} records ({} bytes)", file, sequence,
                position, current.nextSequence() - sequence, current.size() - position);
    }

    /**
     * Closes the files; no flush. Reads afterwards fail with {@link ClosedChannelException}. Writer only; no reader
     * may run concurrently.
     */
    @Override
    public void close() throws IOException {
        synchronized (readChannelLock) {
            closed = true;
        }
        try {
            index.close();
        } finally {
            try {
                channel.close();
            } finally {
                readChannel.close();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading

    /**
     * The record with {@code sequence}, verified, or empty if it has not been appended yet. Thread-safe.
     *
     * @throws IllegalArgumentException if {@code sequence} is below the segment's first sequence
     * @throws CorruptRecordException   naming file and position if the record or one stepped over to find it is
     *                                  damaged, or if the segment is damaged and the sequence lies past the good
     *                                  records
     * @throws InterruptedIOException   if this thread is interrupted while reading (see the class comment)
     */
    public Optional<StoreRecord> read(long sequence) throws IOException {
        if (sequence < baseSequence) {
            throw new IllegalArgumentException("segment " + file + " starts at sequence " + baseSequence
                    + ", cannot read " + sequence);
        }
        End current = end;
        if (sequence >= current.nextSequence()) {
            Damage bad = damage;
            if (bad != null) {
                throw new CorruptRecordException(file, bad.position(), bad.problem() + " (reading sequence "
                        + sequence + ", past the last good sequence " + (current.nextSequence() - 1) + ")");
            }
            return Optional.empty();
        }
        SparseIndex.Entry start = index.lookup(sequence);
        long position = start.position();
        for (long at = start.sequence(); at < sequence; at++) {
            ByteBuffer peek = peekHeader(position, at, current.size());
            position += RecordFormat.LENGTH_SIZE + peek.getInt(0);
        }
        StoreRecord record = readRecord(position, current.size());
        if (record.sequence() != sequence) {
            throw new CorruptRecordException(file, position, "record has sequence " + record.sequence()
                    + " where " + sequence + " was expected");
        }
        return Optional.of(record);
    }

    /**
     * The record starting at byte {@code position}, verified, or empty if {@code position} is the end of the
     * appended data. For readers stepping through a segment: the next record is at
     * {@code position + sizeInBytes()}. Thread-safe.
     *
     * @throws IllegalArgumentException if {@code position} is negative or past the end
     * @throws CorruptRecordException   naming file and position if the record there is damaged
     * @throws InterruptedIOException   if this thread is interrupted while reading (see the class comment)
     */
    public Optional<StoreRecord> readAt(long position) throws IOException {
        End current = end;
        if (position < 0 || position > current.size()) {
            throw new IllegalArgumentException("segment " + file + ": position " + position
                    + " is outside the data [0, " + current.size() + "]");
        }
        if (position == current.size()) {
            return Optional.empty();
        }
        return Optional.of(readRecord(position, current.size()));
    }

    private ByteBuffer peekHeader(long position, long expectedSequence, long limit) throws IOException {
        if (limit - position < RecordFormat.PEEK_SIZE) {
            throw new CorruptRecordException(file, position, "expected sequence " + expectedSequence + " but only "
                    + (limit - position) + " bytes are left");
        }
        ByteBuffer peek = readSmall(position, RecordFormat.PEEK_SIZE);
        String problem = RecordFormat.checkLength(peek.getInt(0), position, limit, config.maxRecordBytes());
        if (problem != null) {
            throw new CorruptRecordException(file, position, problem);
        }
        long sequence = RecordFormat.peekSequence(peek);
        if (sequence != expectedSequence) {
            throw new CorruptRecordException(file, position, "record has sequence " + sequence + " where "
                    + expectedSequence + " was expected");
        }
        return peek;
    }

    private StoreRecord readRecord(long position, long limit) throws IOException {
        if (limit - position < RecordFormat.LENGTH_SIZE) {
            throw new CorruptRecordException(file, position, "only " + (limit - position)
                    + " bytes left, fewer than a length field");
        }
        int length = readSmall(position, RecordFormat.LENGTH_SIZE).getInt(0);
        String problem = RecordFormat.checkLength(length, position, limit, config.maxRecordBytes());
        if (problem != null) {
            throw new CorruptRecordException(file, position, problem);
        }
        ByteBuffer record = readFully(position, RecordFormat.LENGTH_SIZE + length);
        return RecordFormat.decode(file, position, record);
    }

    /** Per-thread buffer for length fields and record headers, so stepping over records allocates nothing. */
    private static final ThreadLocal<ByteBuffer> SCRATCH =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(RecordFormat.PEEK_SIZE));

    /**
     * Positional read of exactly {@code size} bytes, at most {@link RecordFormat#PEEK_SIZE}, into this thread's
     * scratch buffer; the result is valid until this thread's next call. Thread-safe.
     */
    private ByteBuffer readSmall(long position, int size) throws IOException {
        ByteBuffer buffer = SCRATCH.get().clear().limit(size);
        return fill(buffer, position, size);
    }

    /** Positional read of exactly {@code size} bytes into a new buffer; thread-safe. */
    private ByteBuffer readFully(long position, int size) throws IOException {
        return fill(ByteBuffer.allocate(size), position, size);
    }

    private ByteBuffer fill(ByteBuffer buffer, long position, int size) throws IOException {
        while (buffer.hasRemaining()) {
            FileChannel reading = readChannel;
            int n;
            try {
                n = reading.read(buffer, position + buffer.position());
            } catch (ClosedChannelException e) {
                // ClosedByInterruptException: this thread's interrupt closed the channel (the status stays set).
                // Otherwise another thread's interrupt closed it before or during this read, or close() did.
                if (closed) {
                    throw e;
                }
                if (e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
                    throw interrupted(reading, position, e);
                }
                reopenReadChannel(reading, e);
                continue;
            }
            if (n < 0) {
                throw new CorruptRecordException(file, position, "file ends after " + buffer.position() + " of "
                        + size + " bytes");
            }
        }
        return buffer.flip();
    }

    /** Reopens the read channel for the others and tells the interrupted caller; its interrupt status stays set. */
    private InterruptedIOException interrupted(FileChannel broken, long position, ClosedChannelException cause) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted = new InterruptedIOException("segment " + file + ": read at position "
                + position + " was interrupted");
        interrupted.initCause(cause);
        try {
            reopenReadChannel(broken, cause);
        } catch (IOException e) {
            interrupted.addSuppressed(e);
        }
        return interrupted;
    }

    /**
     * Replaces {@code broken} with a new read channel unless another thread already did, or rethrows
     * {@code cause} if the segment was closed on purpose. Thread-safe.
     */
    private void reopenReadChannel(FileChannel broken, ClosedChannelException cause) throws IOException {
        synchronized (readChannelLock) {
            if (closed) {
                throw cause;
            }
            if (readChannel == broken) {
                readChannel = FileChannel.open(file, StandardOpenOption.READ);
                readChannelReopens.incrementAndGet();
                log.debug("reopened the read channel of {} after an interrupted read closed it", file);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Verification

    /** Result of verifying records from some position. */
    private static final class Scan {
        long validEnd;
        long nextSequence;
        long records;
        long bytesSinceLastIndexEntry;
        long badPosition = -1;
        String problem;
    }

    /**
     * Verifies records from {@code from} (which must hold {@code fromSequence}) up to {@code limit}, stopping at
     * the first bad one; optionally adds index entries as {@link #append} would have. Writer only.
     */
    private Scan scan(long from, long fromSequence, long limit, boolean addIndexEntries) throws IOException {
        Scan scan = new Scan();
        long position = from;
        long sequence = fromSequence;
        long sinceEntry = 0;
        while (position < limit) {
            StoreRecord record;
            try {
                record = readRecord(position, limit);
                if (record.sequence() != sequence) {
                    throw new CorruptRecordException(file, position, "record has sequence " + record.sequence()
                            + " where " + sequence + " was expected");
                }
            } catch (CorruptRecordException e) {
                scan.badPosition = position;
                scan.problem = e.getMessage();
                break;
            }
            if (addIndexEntries && sinceEntry > config.indexIntervalBytes()) {
                index.append(sequence, position);
                sinceEntry = 0;
            }
            sinceEntry += record.sizeInBytes();
            position += record.sizeInBytes();
            sequence++;
            scan.records++;
        }
        scan.validEnd = position;
        scan.nextSequence = sequence;
        scan.bytesSinceLastIndexEntry = sinceEntry;
        return scan;
    }

    /** Record frames in [from, to) by their length fields; implausible bytes count as one frame. */
    private long countFrames(long from, long to) throws IOException {
        long frames = 0;
        long position = from;
        while (position < to) {
            frames++;
            if (to - position < RecordFormat.LENGTH_SIZE) {
                break;
            }
            int length = readSmall(position, RecordFormat.LENGTH_SIZE).getInt(0);
            if (RecordFormat.checkLength(length, position, to, config.maxRecordBytes()) != null) {
                break;
            }
            position += RecordFormat.LENGTH_SIZE + length;
        }
        return frames;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors (thread-safe)

    public Path file() {
        return file;
    }

    public Path indexFile() {
        return index.file();
    }

    public long baseSequence() {
        return baseSequence;
    }

    /** The sequence the next append must carry. */
    public long nextSequence() {
        return end.nextSequence();
    }

    /** Bytes of good records in the data file. */
    public long sizeInBytes() {
        return end.size();
    }

    /** Clock time when this segment was created or opened, for age-based rolling. */
    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** Whether opening found a bad record that {@link #recover()} has not cut yet. */
    public boolean isDamaged() {
        return damage != null;
    }

    /** Read channels reopened after an interrupt closed one, for tests and diagnostics. */
    long readChannelReopens() {
        return readChannelReopens.get();
    }

    /** The current read channel, for tests that close it as another thread's interrupt would. */
    FileChannel readChannel() {
        return readChannel;
    }

    /** Index entries, for tests and diagnostics. */
    int indexEntryCount() {
        return index.entryCount();
    }

    @Override
    public String toString() {
        End current = end;
        return "Segment[" + file + ", sequences " + baseSequence + ".." + (current.nextSequence() - 1) + ", "
                + current.size() + " bytes]";
    }
}
