package io.sluice.coordinator.schema;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.zip.CRC32;

import io.sluice.common.position.BinlogPosition;

/**
 * The bytes of the schema history's ZooKeeper nodes. Pure: no I/O, no ZooKeeper. Every node starts with a format
 * byte and ends with the CRC32 of everything before it; integers are big-endian, strings are a 4-byte length and
 * UTF-8. A value that fails a check throws {@link FormatException} naming what was wrong; callers add the path.
 *
 * <pre>
 * head:     format(1)=1  epoch(8)  lastSequence(8)  crc32(4)
 * ddl:      format(1)=1  sequence(8)  point  schema(str)  statement(str)  extra(bytes)  crc32(4)
 * meta:     format(1)=1  coversSequence(8)  epoch(8)  point  compression(1)=1 (deflate, zlib wrapper)
 *           payloadLength(4)  payloadCrc32(4)  chunkCount(4)  { chunkLength(4) chunkCrc32(4) } * chunkCount  crc32(4)
 * point:    binlogFile(str)  binlogOffset(8)  hasGtid(1)  [gtid(str)]  epochSecond(8)  nano(4)
 * </pre>
 */
final class HistoryCodec {

    static final byte FORMAT = 1;
    static final byte COMPRESSION_DEFLATE = 1;

    private HistoryCodec() {
    }

    /** A node's bytes do not follow the format; the message says what was wrong. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    /** What a snapshot's meta node says about its chunks. */
    record SnapshotMeta(long coversSequence, long epoch, SourcePoint position, int payloadLength, int payloadCrc,
                        int[] chunkLengths, int[] chunkCrcs) {
        int chunkCount() {
            return chunkLengths.length;
        }

        long compressedLength() {
            long total = 0;
            for (int length : chunkLengths) {
                total += length;
            }
            return total;
        }
    }

    // ------------------------------------------------------------------------------------------------ head

    static byte[] encodeHead(HistoryHead head) {
        return finish(out -> {
            out.writeLong(head.epoch());
            out.writeLong(head.lastSequence());
        });
    }

    static HistoryHead decodeHead(byte[] data) throws FormatException {
        ByteBuffer in = open(data, "head");
        long epoch;
        long last;
        try {
            epoch = in.getLong();
            last = in.getLong();
        } catch (BufferUnderflowException e) {
            throw new FormatException("head ends early (" + data.length + " bytes)");
        }
        close(in, "head");
        if (epoch < 0 || last < 0) {
            throw new FormatException("negative epoch " + epoch + " or last sequence " + last);
        }
        return new HistoryHead(epoch, last);
    }

    // ------------------------------------------------------------------------------------------------ ddl

    static byte[] encodeDdl(DdlRecord record) {
        return finish(out -> {
            out.writeLong(record.sequence());
            writePoint(out, record.position());
            writeString(out, record.schema());
            writeString(out, record.statement());
            writeBytes(out, record.extra());
        });
    }

    static DdlRecord decodeDdl(byte[] data) throws FormatException {
        ByteBuffer in = open(data, "DDL record");
        try {
            long sequence = in.getLong();
            SourcePoint point = readPoint(in);
            String schema = readString(in, "schema");
            String statement = readString(in, "statement");
            byte[] extra = readBytes(in, "extra");
            close(in, "DDL record");
            return new DdlRecord(sequence, point, schema, statement, extra);
        } catch (BufferUnderflowException e) {
            throw new FormatException("DDL record ends early (" + data.length + " bytes)");
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new FormatException("DDL record holds a bad value: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ meta

    static byte[] encodeMeta(SnapshotMeta meta) {
        return finish(out -> {
            out.writeLong(meta.coversSequence());
            out.writeLong(meta.epoch());
            writePoint(out, meta.position());
            out.writeByte(COMPRESSION_DEFLATE);
            out.writeInt(meta.payloadLength());
            out.writeInt(meta.payloadCrc());
            out.writeInt(meta.chunkCount());
            for (int i = 0; i < meta.chunkCount(); i++) {
                out.writeInt(meta.chunkLengths()[i]);
                out.writeInt(meta.chunkCrcs()[i]);
            }
        });
    }

    static SnapshotMeta decodeMeta(byte[] data) throws FormatException {
        ByteBuffer in = open(data, "snapshot meta");
        try {
            long covers = in.getLong();
            long epoch = in.getLong();
            SourcePoint point = readPoint(in);
            byte compression = in.get();
            if (compression != COMPRESSION_DEFLATE) {
                throw new FormatException("unknown compression " + compression + " (this version knows 1 = deflate)");
            }
            int payloadLength = in.getInt();
            int payloadCrc = in.getInt();
            int count = in.getInt();
            if (payloadLength < 0 || count < 0 || count > in.remaining() / 8) {
                throw new FormatException("bad payload length " + payloadLength + " or chunk count " + count);
            }
            int[] lengths = new int[count];
            int[] crcs = new int[count];
            for (int i = 0; i < count; i++) {
                lengths[i] = in.getInt();
                crcs[i] = in.getInt();
                if (lengths[i] < 0) {
                    throw new FormatException("chunk " + i + " has negative length " + lengths[i]);
                }
            }
            close(in, "snapshot meta");
            return new SnapshotMeta(covers, epoch, point, payloadLength, payloadCrc, lengths, crcs);
        } catch (BufferUnderflowException e) {
            throw new FormatException("snapshot meta ends early (" + data.length + " bytes)");
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new FormatException("snapshot meta holds a bad value: " + e.getMessage());
        }
    }

    static int crc32(byte[] data, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    // ------------------------------------------------------------------------------------------------ parts

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] finish(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            body.write(out);
            out.flush();
            byte[] content = bytes.toByteArray();
            out.writeInt(crc32(content, 0, content.length));
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** Checks format byte and CRC32 and returns a buffer over the body. */
    private static ByteBuffer open(byte[] data, String what) throws FormatException {
        if (data == null || data.length < 5) {
            throw new FormatException(what + " is " + (data == null ? "empty" : data.length + " bytes")
                    + ", shorter than format byte + CRC32");
        }
        int stored = ByteBuffer.wrap(data, data.length - 4, 4).getInt();
        int actual = crc32(data, 0, data.length - 4);
        if (stored != actual) {
            throw new FormatException(what + " CRC32 mismatch: stored " + hex(stored) + ", computed " + hex(actual)
                    + " over " + (data.length - 4) + " bytes");
        }
        if (data[0] != FORMAT) {
            throw new FormatException(what + " has format " + data[0] + "; this version reads format " + FORMAT);
        }
        return ByteBuffer.wrap(data, 1, data.length - 5).slice();
    }

    private static void close(ByteBuffer in, String what) throws FormatException {
        if (in.hasRemaining()) {
            throw new FormatException(what + " has " + in.remaining() + " unexpected bytes at its end");
        }
    }

    private static void writePoint(DataOutputStream out, SourcePoint point) throws IOException {
        writeString(out, point.binlog().file());
        out.writeLong(point.binlog().offset());
        out.writeBoolean(point.gtid() != null);
        if (point.gtid() != null) {
            writeString(out, point.gtid());
        }
        out.writeLong(point.timestamp().getEpochSecond());
        out.writeInt(point.timestamp().getNano());
    }

    private static SourcePoint readPoint(ByteBuffer in) throws FormatException {
        String file = readString(in, "binlog file");
        long offset = in.getLong();
        byte hasGtid = in.get();
        if (hasGtid != 0 && hasGtid != 1) {
            throw new FormatException("GTID flag is " + hasGtid + ", expected 0 or 1");
        }
        String gtid = hasGtid == 1 ? readString(in, "gtid") : null;
        Instant timestamp = Instant.ofEpochSecond(in.getLong(), in.getInt());
        return new SourcePoint(new BinlogPosition(file, offset), gtid, timestamp);
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        writeBytes(out, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(ByteBuffer in, String what) throws FormatException {
        byte[] bytes = readBytes(in, what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(what + " is not valid UTF-8");
        }
    }

    private static byte[] readBytes(ByteBuffer in, String what) throws FormatException {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new FormatException(what + " length " + length + " does not fit the " + in.remaining()
                    + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    static String hex(int crc) {
        return String.format("0x%08x", crc);
    }
}
