package io.sluice.node.binlog;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the events inside a TRANSACTION_PAYLOAD one at a time, inflating the payload as a stream: only the
 * current event is held in memory, however large the transaction. Each event is decoded by the decoder that
 * created this reader (so its TABLE_MAPs reach the cache) and positioned at the payload's offset plus its 1-based
 * index. Inner events carry no checksum; the payload event's own checksum covers them.
 *
 * <p>Not thread-safe. {@link #close()} releases the decompressor; reading to the end does not.
 */
public final class TransactionPayloadReader implements AutoCloseable {
    private static final int INITIAL_BUFFER = 8192;

    private final BinlogEventDecoder decoder;
    private final InputStream in;
    private final EventPosition payloadPosition;
    private final TransactionPayloadEvent payload;
    private final int maxEventSize;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int index;
    private long bytesRead;
    private BinlogEvent event;
    private boolean done;

    TransactionPayloadReader(BinlogEventDecoder decoder, InputStream in, EventPosition payloadPosition,
            TransactionPayloadEvent payload, int maxEventSize) {
        this.decoder = decoder;
        this.in = in;
        this.payloadPosition = payloadPosition;
        this.payload = payload;
        this.maxEventSize = maxEventSize;
    }

    /**
     * Moves to the next inner event.
     *
     * @return false when the payload has no more events
     * @throws BinlogDecodeException if the payload is corrupt or an inner event cannot be decoded
     */
    public boolean next() {
        if (done) {
            return false;
        }
        int headerBytes = read(0, EventHeader.LENGTH);
        if (headerBytes == 0) {
            done = true;
            checkDeclaredSize();
            return false;
        }
        EventPosition at = payloadPosition.inner(index + 1);
        if (headerBytes < EventHeader.LENGTH) {
            throw failure(at, "the payload ends " + headerBytes + " bytes into the header of its event #" + (index + 1));
        }
        long size = (buffer[9] & 0xffL) | (buffer[10] & 0xffL) << 8 | (buffer[11] & 0xffL) << 16
                | (buffer[12] & 0xffL) << 24;
        if (size < EventHeader.LENGTH || size > maxEventSize) {
            throw failure(at, "inner event #" + (index + 1) + " declares a size of " + size + " bytes (must be "
                    + EventHeader.LENGTH + ".." + maxEventSize + ")");
        }
        int got = read(EventHeader.LENGTH, (int) size);
        if (got < size - EventHeader.LENGTH) {
            throw failure(at, "the payload ends inside its event #" + (index + 1) + ": " + (EventHeader.LENGTH + got)
                    + " of " + size + " bytes");
        }
        index++;
        bytesRead += size;
        event = decoder.decodeInner(buffer, 0, (int) size, at);
        return true;
    }

    /** The current event, after {@link #next()} returned true. */
    public BinlogEvent event() {
        if (event == null) {
            throw new IllegalStateException("next() has not returned true yet");
        }
        return event;
    }

    /** Position of the current event: the payload's offset and the event's 1-based index. */
    public EventPosition position() {
        return payloadPosition.inner(index);
    }

    /** Number of events read so far. */
    public int count() {
        return index;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw failure(payloadPosition, "cannot release the payload decompressor: " + e.getMessage());
        }
    }

    /** Reads into the buffer from {@code from} up to {@code to}, growing it as bytes arrive; returns bytes read. */
    private int read(int from, int to) {
        int pos = from;
        try {
            while (pos < to) {
                if (pos == buffer.length) {
                    // grow with the data actually inflated, never to a size only a (possibly corrupt) header claims
                    byte[] bigger = new byte[(int) Math.min(to, Math.max(2L * buffer.length, INITIAL_BUFFER))];
                    System.arraycopy(buffer, 0, bigger, 0, pos);
                    buffer = bigger;
                }
                int n = in.read(buffer, pos, Math.min(buffer.length, to) - pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
        } catch (IOException e) {
            throw failure(payloadPosition.inner(index + 1), "the payload cannot be decompressed: " + e.getMessage());
        }
        return pos - from;
    }

    private void checkDeclaredSize() {
        if (payload.uncompressedSize() != 0 && bytesRead != payload.uncompressedSize()) {
            throw failure(payloadPosition, "the payload holds " + bytesRead + " bytes of events, but its header"
                    + " declares " + payload.uncompressedSize());
        }
    }

    private BinlogDecodeException failure(EventPosition at, String problem) {
        return new BinlogDecodeException("TRANSACTION_PAYLOAD: " + problem, at,
                at.isInner() ? -1 : payload.header().typeCode(), decoder.serverVersion());
    }
}
