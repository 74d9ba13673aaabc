package io.sluice.node.mysql;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames MySQL protocol packets over a byte stream: each packet is a 3-byte little-endian payload length, a 1-byte
 * sequence id and the payload. A payload of 16 MiB - 1 bytes or more travels as several chunks of exactly
 * {@value #MAX_CHUNK} bytes followed by a shorter one (possibly empty); {@link #readPayload} joins them and
 * {@link #writePayload} splits them. {@link #readPayloadAfter} reads a binlog event packet straight to where the event
 * stays, dropping the marker byte before it.
 *
 * <p>Sequence ids start at 0 with each command and count up (mod 256) across both directions; a packet with any other
 * id means the two sides disagree about the exchange, and fails with {@link MysqlProtocolException}. A payload larger
 * than {@code maxPayloadBytes} fails with {@link PacketTooLargeException} before it is buffered, so a corrupt length
 * cannot exhaust the heap.
 *
 * <p>Not thread-safe: one exchange at a time, on one thread. The streams are replaced once, when TLS starts.
 */
final class PacketChannel {

    /** Largest payload of one chunk; a chunk of exactly this size means "more follows". */
    static final int MAX_CHUNK = 0xFF_FFFF;
    private static final int HEADER_LENGTH = 4;

    private final String source;
    private final int maxPayloadBytes;
    private final byte[] header = new byte[HEADER_LENGTH];
    private InputStream in;
    private OutputStream out;
    private int sequence;

    /**
     * @param source          {@code host:port}, for messages
     * @param maxPayloadBytes largest joined payload accepted
     */
    PacketChannel(InputStream in, OutputStream out, String source, int maxPayloadBytes) {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
        this.in = in;
        this.out = out;
        this.source = source;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Starts a new command: the next packet written carries sequence id 0. */
    void resetSequence() {
        sequence = 0;
    }

    /** Swaps in the TLS streams after the handshake upgraded the socket; the sequence carries on. */
    void replaceStreams(InputStream newIn, OutputStream newOut) {
        this.in = newIn;
        this.out = newOut;
    }

    String source() {
        return source;
    }

    /**
     * Reads one logical packet and returns its payload, chunks joined.
     *
     * @throws EOFException            if the server closed the connection
     * @throws PacketTooLargeException if the payload exceeds the limit
     * @throws MysqlProtocolException  if the sequence id is not the expected one
     */
    byte[] readPayload() throws IOException {
        int length = readHeader();
        checkLimit(length);
        byte[] first = new byte[length];
        readFully(first, 0, length, "packet payload", 0, length);
        return length < MAX_CHUNK ? first : joinContinuation(first, 0);
    }

    /**
     * The payload of a packet read by {@link #readPayloadAfter}: {@code length} bytes of {@code array} from
     * {@code offset}.
     *
     * @param marked true when the payload started with the marker: the bytes are what follows it; false for any other
     *               payload (an empty one included): the bytes are all of it
     * @param slab   the slab {@code array} belongs to, with one hold claimed for these bytes; null when the array is
     *               the payload's own
     */
    record Payload(boolean marked, byte[] array, int offset, int length, EventSlabs.Slab slab) {

        /** The bytes as an array of their own: {@code array} itself unless it is a slab. */
        byte[] bytes() {
            return slab == null ? array : Arrays.copyOfRange(array, offset, offset + length);
        }
    }

    /** {@link #readPayloadAfter(int, EventSlabs)} into an array of the payload's own. */
    Payload readPayloadAfter(int marker) throws IOException {
        return readPayloadAfter(marker, null);
    }

    /**
     * Reads one logical packet like {@link #readPayload}, but drops its first byte when that byte is {@code marker}.
     * The rest is read from the stream straight to its final place, so that a binlog event (the dump's 0x00 marker,
     * then the event) reaches it in one copy: into {@code slabs} when given and the rest is small enough
     * ({@link EventSlabs#pooled}), otherwise into an array of its exact size. A payload of 16 MiB or more is joined
     * from its chunks with one more copy, as {@link #readPayload} does. The same limit and checks apply.
     *
     * @param marker the first byte to drop, 0-255
     * @param slabs  where to put small marked payloads; null for arrays of their own
     */
    Payload readPayloadAfter(int marker, EventSlabs slabs) throws IOException {
        int length = readHeader();
        checkLimit(length);
        if (length == 0) {
            return new Payload(false, new byte[0], 0, 0, null);
        }
        readFully(header, 0, 1, "packet payload", 0, length);
        boolean marked = (header[0] & 0xFF) == marker;
        if (marked && slabs != null && length < MAX_CHUNK && EventSlabs.pooled(length - 1)) {
            EventSlabs.Slab slab = slabs.slabFor(length - 1);
            int at = slab.claim(length - 1);
            readFully(slab.array, at, length - 1, "packet payload", 1, length);
            return new Payload(true, slab.array, at, length - 1, slab);
        }
        int skipped = marked ? 1 : 0;
        byte[] first = new byte[length - skipped];
        if (!marked) {
            first[0] = header[0];
        }
        readFully(first, 1 - skipped, length - 1, "packet payload", 1, length);
        byte[] whole = length < MAX_CHUNK ? first : joinContinuation(first, skipped);
        return new Payload(marked, whole, 0, whole.length, null);
    }

    /**
     * Reads the chunks after a first one of {@value #MAX_CHUNK} bytes and joins them once, so that a 1 GiB payload
     * costs one copy rather than one per chunk.
     *
     * @param first   the first chunk's bytes, less the {@code skipped} leading bytes the caller dropped
     * @param skipped how many bytes of the payload's start {@code first} leaves out (they count against the limit)
     */
    private byte[] joinContinuation(byte[] first, int skipped) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(first);
        long total = (long) first.length + skipped;
        int length = MAX_CHUNK;
        while (length == MAX_CHUNK) {
            length = readHeader();
            total += length;
            checkLimit(total);
            byte[] chunk = new byte[length];
            readFully(chunk, 0, length, "packet payload", 0, length);
            chunks.add(chunk);
        }
        byte[] payload = new byte[(int) (total - skipped)];
        int offset = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, payload, offset, chunk.length);
            offset += chunk.length;
        }
        return payload;
    }

    private void checkLimit(long payloadBytes) throws PacketTooLargeException {
        if (payloadBytes > maxPayloadBytes) {
            throw new PacketTooLargeException("packet from " + source + " is at least " + payloadBytes
                    + " bytes, more than the limit of " + maxPayloadBytes + " bytes (maxPacketSize); raise the limit"
                    + " if the source's max_allowed_packet is larger, or check the network path for corruption");
        }
    }

    /** Writes one logical packet, split into chunks as needed, and flushes. */
    void writePayload(byte[] payload) throws IOException {
        int offset = 0;
        while (true) {
            int length = Math.min(MAX_CHUNK, payload.length - offset);
            header[0] = (byte) length;
            header[1] = (byte) (length >>> 8);
            header[2] = (byte) (length >>> 16);
            header[3] = (byte) sequence;
            sequence = (sequence + 1) & 0xFF;
            out.write(header);
            out.write(payload, offset, length);
            offset += length;
            // A chunk of exactly MAX_CHUNK bytes announces another one, so a payload that is a multiple of it ends
            // with an empty chunk.
            if (length < MAX_CHUNK) {
                break;
            }
        }
        out.flush();
    }

    private int readHeader() throws IOException {
        readFully(header, 0, HEADER_LENGTH, "packet header", 0, HEADER_LENGTH);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        int received = header[3] & 0xFF;
        if (received != sequence) {
            throw new MysqlProtocolException("packet out of order from " + source + ": expected sequence id " + sequence
                    + ", got " + received + " (payload length " + length + ")");
        }
        sequence = (sequence + 1) & 0xFF;
        return length;
    }

    /**
     * Reads {@code length} bytes into {@code buf} at {@code offset}. {@code before} bytes of the {@code whole} being
     * read came earlier; both only serve the message when the server closes the connection.
     */
    private void readFully(byte[] buf, int offset, int length, String what, int before, int whole)
            throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(buf, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("connection to " + source + " closed by the server while reading a " + what
                        + " (" + (before + done) + " of " + whole + " bytes read)");
            }
            done += n;
        }
    }
}
