package io.sluice.node.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A segment's sparse index: sequence → byte position of that record in the segment's data file, one entry
 * after roughly every {@code indexIntervalBytes} of records (see {@link Segment}). A lookup returns the nearest
 * entry at or below the target; the segment scans forward from there.
 *
 * <p>File format: a plain array of 8-byte big-endian entries, no header.
 * <pre>
 * offset  size  field
 *      0     4  relativeSequence  int32, sequence - the segment's first sequence, &gt; 0
 *      4     4  position          int32, byte position of that record's length field, &gt; 0
 * </pre>
 * Both fields strictly increase from entry to entry. The implicit entry (first sequence, position 0) is never
 * stored. The file has no checksum of its own: it is derived data, checked for plausibility when opened
 * ({@link #validate}) and rebuilt from the data file if missing or damaged. Entries are written with plain
 * positional writes and forced only by {@link #flush()}; a crash may lose recent entries, which makes the index
 * sparser but not wrong.
 *
 * <p>The entries are also held in memory (8 bytes each; 64 K entries for a 256 MB segment at a 4 KB interval).
 *
 * <p>Thread safety: {@link #lookup} and the accessors may be called from any thread, concurrently with the
 * single writer's {@link #append}; all methods synchronize on the index. {@link #reset}, {@link #truncateFromPosition},
 * {@link #flush} and {@link #close} are writer-only.
 */
final class SparseIndex implements Closeable {
    static final int ENTRY_SIZE = 8;

    /** One index entry, absolute. */
    record Entry(long sequence, long position) {
    }

    private final Path file;
    private final long baseSequence;
    private final FileChannel channel;
    /** relativeSequence << 32 | position, ascending in both halves. */
    private long[] entries;
    private int count;
    private final boolean existed;

    /** File size when opened or last truncated; a partial trailing entry makes the index invalid. */
    private long sizeOnOpen;

    private SparseIndex(Path file, long baseSequence, FileChannel channel, long[] entries, int count, boolean existed) {
        this.file = file;
        this.baseSequence = baseSequence;
        this.channel = channel;
        this.entries = entries;
        this.count = count;
        this.existed = existed;
    }

    /**
     * Opens or creates the index file and loads its entries without checking them; call {@link #validate}
     * before trusting them. A file whose size is not a multiple of {@value #ENTRY_SIZE} loads its whole entries
     * and fails validation.
     */
    static SparseIndex open(Path file, long baseSequence) throws IOException {
        boolean existed = Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size > (long) Integer.MAX_VALUE / ENTRY_SIZE * ENTRY_SIZE) {
                throw new IOException("index file " + file + " is " + size + " bytes, too large for any segment");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
                // read until full
            }
            buffer.flip();
            int count = buffer.remaining() / ENTRY_SIZE;
            long[] entries = new long[Math.max(16, count)];
            for (int i = 0; i < count; i++) {
                entries[i] = buffer.getLong();
            }
            SparseIndex index = new SparseIndex(file, baseSequence, channel, entries, count, existed);
            index.sizeOnOpen = size;
            return index;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether the file existed before {@link #open}. */
    boolean existed() {
        return existed;
    }

    /**
     * Checks the loaded entries against a data file of {@code dataSize} bytes: whole entries only, both fields
     * strictly increasing and positive, positions inside the data. Returns the first problem found, naming file
     * and entry, or null if the index is plausible.
     */
    synchronized String validate(long dataSize) {
        if (sizeOnOpen % ENTRY_SIZE != 0) {
            return "index file " + file + " is corrupt: " + sizeOnOpen + " bytes is not a multiple of " + ENTRY_SIZE;
        }
        long previousSequence = 0;
        long previousPosition = 0;
        for (int i = 0; i < count; i++) {
            long relative = entries[i] >>> 32;
            long position = entries[i] & 0xFFFF_FFFFL;
            if (relative <= previousSequence || position <= previousPosition) {
                return "index file " + file + " is corrupt: entry " + i + " (relative sequence " + relative
                        + ", position " + position + ") does not follow (" + previousSequence + ", "
                        + previousPosition + ")";
            }
            if (position >= dataSize) {
                return "index file " + file + " is corrupt: entry " + i + " points at position " + position
                        + " past the data file's " + dataSize + " bytes";
            }
            previousSequence = relative;
            previousPosition = position;
        }
        return null;
    }

    /**
     * Adds an entry. Refused unless both sequence and position are past the last entry's.
     * Writer only.
     */
    synchronized void append(long sequence, long position) throws IOException {
        long relative = sequence - baseSequence;
        if (relative <= 0 || relative > Integer.MAX_VALUE || position <= 0 || position > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index " + file + ": entry (sequence " + sequence + ", position "
                    + position + ") is outside what the index can hold for first sequence " + baseSequence);
        }
        Entry last = last();
        if (sequence <= last.sequence() || position <= last.position()) {
            throw new IllegalArgumentException("index " + file + ": entry (sequence " + sequence + ", position "
                    + position + ") does not advance past the last entry (sequence " + last.sequence()
                    + ", position " + last.position() + ")");
        }
        long packed = relative << 32 | position;
        ByteBuffer buffer = ByteBuffer.allocate(ENTRY_SIZE).putLong(0, packed);
        long at = (long) count * ENTRY_SIZE;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        if (count == entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        entries[count++] = packed;
    }

    /** The entry with the greatest sequence at or below {@code sequence}, or (first sequence, 0). */
    synchronized Entry lookup(long sequence) {
        long relative = sequence - baseSequence;
        int low = 0;
        int high = count - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if ((entries[mid] >>> 32) <= relative) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? new Entry(baseSequence, 0) : entry(found);
    }

    /** The last entry, or (first sequence, 0) if there is none. */
    synchronized Entry last() {
        return count == 0 ? new Entry(baseSequence, 0) : entry(count - 1);
    }

    synchronized int entryCount() {
        return count;
    }

    /** Drops entries at or past {@code position}. Writer only. */
    synchronized void truncateFromPosition(long position) throws IOException {
        int keep = count;
        while (keep > 0 && (entries[keep - 1] & 0xFFFF_FFFFL) >= position) {
            keep--;
        }
        count = keep;
        channel.truncate((long) keep * ENTRY_SIZE);
        sizeOnOpen = (long) keep * ENTRY_SIZE;
    }

    /** Drops every entry, in memory and on disk, before a rebuild. Writer only. */
    synchronized void reset() throws IOException {
        count = 0;
        channel.truncate(0);
        sizeOnOpen = 0;
    }

    /** Forces the entries to disk. Writer only. */
    void flush() throws IOException {
        channel.force(true);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private Entry entry(int i) {
        return new Entry(baseSequence + (entries[i] >>> 32), entries[i] & 0xFFFF_FFFFL);
    }
}
