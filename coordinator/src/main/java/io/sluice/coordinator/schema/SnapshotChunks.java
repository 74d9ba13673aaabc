package io.sluice.coordinator.schema;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Compresses a snapshot payload and splits it into chunks, and the way back. Pure and stateless. */
final class SnapshotChunks {

    private static final int BUFFER = 64 * 1024;

    private SnapshotChunks() {
    }

    static byte[] deflate(byte[] payload, int level) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(payload);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, payload.length / 2));
            byte[] buffer = new byte[BUFFER];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates exactly {@code expectedLength} bytes.
     *
     * @throws HistoryCodec.FormatException if the data is not deflate data or inflates to another length
     */
    static byte[] inflate(byte[] compressed, int expectedLength) throws HistoryCodec.FormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            byte[] out = new byte[expectedLength];
            int filled = 0;
            while (filled < expectedLength && !inflater.finished()) {
                int n = inflater.inflate(out, filled, expectedLength - filled);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                filled += n;
            }
            boolean more = filled == expectedLength && !inflater.finished() && inflater.inflate(new byte[1]) > 0;
            if (filled != expectedLength || more || !inflater.finished()) {
                throw new HistoryCodec.FormatException("payload inflates to " + (more ? "more than " : "")
                        + filled + " bytes, meta says " + expectedLength);
            }
            return out;
        } catch (DataFormatException e) {
            throw new HistoryCodec.FormatException("payload is not valid deflate data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** Splits into chunks of at most {@code chunkSize} bytes; an empty input gives one empty chunk. */
    static List<byte[]> split(byte[] data, int chunkSize) {
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < data.length || chunks.isEmpty(); from += chunkSize) {
            chunks.add(Arrays.copyOfRange(data, from, Math.min(data.length, from + chunkSize)));
        }
        return chunks;
    }
}
