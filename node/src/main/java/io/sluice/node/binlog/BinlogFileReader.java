package io.sluice.node.binlog;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * Reads a binlog or relay log file from disk, event by event, and decodes each with a {@link BinlogEventDecoder}
 * at its file:offset. The file is streamed through one buffer that grows only for an event larger than it, so
 * reading a 1 GB file takes about as much memory as its largest event. The events inside a TRANSACTION_PAYLOAD
 * follow the payload event itself, each at the payload's offset plus its index.
 *
 * <pre>{@code
 * try (BinlogFileReader reader = BinlogFileReader.open(path, new BinlogEventDecoder())) {
 *     while (reader.next()) {
 *         handle(reader.position(), reader.event());
 *     }
 * }
 * }</pre>
 *
 * A file that does not start with the binlog magic, an event whose size is impossible, and a file that ends in
 * the middle of an event are errors ({@link BinlogFormatException}) naming the file, offset and sizes.
 *
 * <p>Not thread-safe.
 */
public final class BinlogFileReader implements Closeable {
    /** Every binlog and relay log file starts with these 4 bytes: 0xfe 'b' 'i' 'n'. */
    public static final int MAGIC_LENGTH = 4;
    private static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};
    private static final int DEFAULT_BUFFER_SIZE = 1 << 20;

    private final String fileName;
    private final FileChannel channel;
    private final BinlogEventDecoder decoder;
    private final int maxEventSize;
    private byte[] buf;
    private ByteBuffer window;
    /** Unconsumed bytes are buf[start, end). */
    private int start;
    private int end;
    private long nextOffset;
    private long knownFileSize;
    private BinlogEvent event;
    private EventPosition position;
    private TransactionPayloadReader payload;

    private BinlogFileReader(Path path, FileChannel channel, BinlogEventDecoder decoder, int bufferSize,
            int maxEventSize) {
        this.fileName = path.getFileName().toString();
        this.channel = channel;
        this.decoder = decoder;
        this.maxEventSize = maxEventSize;
        this.buf = new byte[bufferSize];
        this.window = ByteBuffer.wrap(buf);
    }

    /** Opens a file to read from its first event. */
    public static BinlogFileReader open(Path path, BinlogEventDecoder decoder) throws IOException {
        return open(path, decoder, MAGIC_LENGTH);
    }

    /**
     * Opens a file to read from the event at {@code startOffset}. The file's FORMAT_DESCRIPTION event is decoded
     * first, since the events after it cannot be read without it.
     */
    public static BinlogFileReader open(Path path, BinlogEventDecoder decoder, long startOffset) throws IOException {
        return open(path, decoder, startOffset, DEFAULT_BUFFER_SIZE, BinlogEventDecoder.MAX_EVENT_SIZE);
    }

    /**
     * @param bufferSize   initial read buffer size; it grows for larger events
     * @param maxEventSize events declaring more bytes are errors (guards against corrupt sizes)
     */
    public static BinlogFileReader open(Path path, BinlogEventDecoder decoder, long startOffset, int bufferSize,
            int maxEventSize) throws IOException {
        if (bufferSize < EventHeader.LENGTH || maxEventSize < EventHeader.LENGTH) {
            throw new IllegalArgumentException("bufferSize (" + bufferSize + ") and maxEventSize (" + maxEventSize
                    + ") must be at least the " + EventHeader.LENGTH + "-byte event header");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        BinlogFileReader reader = new BinlogFileReader(path, channel, decoder, bufferSize, maxEventSize);
        try {
            reader.readMagic();
            if (startOffset != MAGIC_LENGTH) {
                reader.seekAfterFormatDescription(startOffset);
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Moves to the next event.
     *
     * @return false at the end of the file
     * @throws BinlogFormatException when the file ends inside an event or an event cannot be decoded
     */
    public boolean next() throws IOException {
        if (payload != null) {
            if (payload.next()) {
                event = payload.event();
                position = payload.position();
                return true;
            }
            payload.close();
            payload = null;
        }
        if (!ensure(EventHeader.LENGTH)) {
            if (start == end) {
                event = null;
                return false;
            }
            throw truncated("event header", EventHeader.LENGTH, end - start);
        }
        long size = (buf[start + 9] & 0xffL) | (buf[start + 10] & 0xffL) << 8 | (buf[start + 11] & 0xffL) << 16
                | (buf[start + 12] & 0xffL) << 24;
        if (size < EventHeader.LENGTH || size > maxEventSize) {
            throw new BinlogFormatException("event at " + fileName + ":" + nextOffset + " declares a size of " + size
                    + " bytes, outside " + EventHeader.LENGTH + ".." + maxEventSize + "; the file is corrupt or not a"
                    + " binlog from this offset on");
        }
        if (nextOffset + size > knownFileSize) {
            knownFileSize = channel.size();
            if (nextOffset + size > knownFileSize) {
                throw truncated("event", size, knownFileSize - nextOffset);
            }
        }
        if (!ensure((int) size)) {
            throw truncated("event", size, end - start);
        }
        EventPosition at = EventPosition.of(fileName, nextOffset);
        int eventStart = start;
        event = decoder.decode(buf, eventStart, (int) size, at);
        position = at;
        start += (int) size;
        nextOffset += size;
        if (event instanceof TransactionPayloadEvent transaction) {
            // The payload is read from the buffer in place; nothing refills it until the payload is done.
            payload = decoder.payloadEvents(buf, eventStart, (int) size, transaction, at);
        }
        return true;
    }

    /** The current event, after {@link #next()} returned true. */
    public BinlogEvent event() {
        if (event == null) {
            throw new IllegalStateException("no current event: next() has not returned true");
        }
        return event;
    }

    /** Where the current event starts. */
    public EventPosition position() {
        if (position == null) {
            throw new IllegalStateException("no current event: next() has not returned true");
        }
        return position;
    }

    /** File offset of the next event of the file (after the current payload's inner events). */
    public long nextOffset() {
        return nextOffset;
    }

    public String fileName() {
        return fileName;
    }

    @Override
    public void close() throws IOException {
        try {
            if (payload != null) {
                payload.close();
                payload = null;
            }
        } finally {
            channel.close();
        }
    }

    private void readMagic() throws IOException {
        knownFileSize = channel.size();
        if (!ensure(MAGIC_LENGTH) || !java.util.Arrays.equals(buf, start, start + MAGIC_LENGTH, MAGIC, 0, MAGIC_LENGTH)) {
            String head = HexFormat.ofDelimiter(" ").formatHex(buf, start, Math.min(end, start + MAGIC_LENGTH));
            throw new BinlogFormatException(fileName + " is not a binlog or relay log file: it starts with ["
                    + head + "] instead of the magic bytes [fe 62 69 6e]");
        }
        start += MAGIC_LENGTH;
        nextOffset = MAGIC_LENGTH;
    }

    private void seekAfterFormatDescription(long offset) throws IOException {
        if (offset < MAGIC_LENGTH || offset > channel.size()) {
            throw new IllegalArgumentException("start offset " + offset + " is outside " + fileName + " (4.."
                    + channel.size() + ")");
        }
        if (!next() || !(event instanceof FormatDescriptionEvent || event instanceof StartV3Event)) {
            throw new BinlogFormatException(fileName + " does not start with a FORMAT_DESCRIPTION_EVENT; its events"
                    + " cannot be read from offset " + offset);
        }
        if (ensure(EventHeader.LENGTH) && (buf[start + 4] & 0xff) == EventType.MARIADB_START_ENCRYPTION.code()) {
            next(); // an encrypted MariaDB binlog: decoding START_ENCRYPTION fails with the explanation and the fix
        }
        if (offset != nextOffset) {
            channel.position(offset);
            start = 0;
            end = 0;
            nextOffset = offset;
        }
        event = null;
        position = null;
    }

    /** Makes at least {@code n} unconsumed bytes available; false if the file ends first. */
    private boolean ensure(int n) throws IOException {
        if (end - start >= n) {
            return true;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[(int) Math.min(Math.max(n, 2L * buf.length), Math.max(n, maxEventSize))];
            System.arraycopy(buf, start, bigger, 0, end - start);
            end -= start;
            start = 0;
            buf = bigger;
            window = ByteBuffer.wrap(buf);
        } else if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < n) {
            window.limit(buf.length).position(end);
            int read = channel.read(window);
            if (read < 0) {
                return false;
            }
            end += read;
        }
        return true;
    }

    private BinlogFormatException truncated(String what, long needed, long available) {
        return new BinlogFormatException(fileName + " is truncated: the " + what + " at " + fileName + ":" + nextOffset
                + " needs " + needed + " bytes, the file has " + available + " (" + (needed - available)
                + " missing); the file was cut, or the server was still writing it");
    }
}
