package io.sluice.node.mysql;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames MySQL protocol packets over a byte stream: each packet is a 3-byte little-endian payload length, a 1-byte
 * sequence id and the payload. A payload of 16 MiB - 1 bytes or more travels as several chunks of exactly
 * {@value #MAX_CHUNK} bytes followed by a shorter one (possibly empty); {@link #readPayload} joins them and
 * {@link #writePayload} splits them.
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
        readFully(first, 0, length, "packet payload");
        if (length < MAX_CHUNK) {
            return first;
        }
        // A payload of 16 MiB or more: collect the chunks and join them once, so that a 1 GiB event costs one copy
        // rather than one per chunk.
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(first);
        long total = length;
        while (length == MAX_CHUNK) {
            length = readHeader();
            total += length;
            checkLimit(total);
            byte[] chunk = new byte[length];
            readFully(chunk, 0, length, "packet payload");
            chunks.add(chunk);
        }
        byte[] payload = new byte[(int) total];
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
        readFully(header, 0, HEADER_LENGTH, "packet header");
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        int received = header[3] & 0xFF;
        if (received != sequence) {
            throw new MysqlProtocolException("packet out of order from " + source + ": expected sequence id " + sequence
                    + ", got " + received + " (payload length " + length + ")");
        }
        sequence = (sequence + 1) & 0xFF;
        return length;
    }

    private void readFully(byte[] buf, int offset, int length, String what) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(buf, offset + done, length - done);
            if (n < 0) {
                throw new EOFException("connection to " + source + " closed by the server while reading a " + what
                        + " (" + done + " of " + length + " bytes read)");
            }
            done += n;
        }
    }
}
