package io.sluice.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import io.sluice.common.position.BinlogPosition;

/**
 * The layout of one record in a segment data file. All integers are big-endian; a data file is a plain
 * concatenation of records with no file header.
 *
 * <pre>
 * offset      size  field
 *      0         4  length       int32, bytes after this field: the record's size minus 4
 *      4         4  crc          CRC32C of every byte after this field, [8, 4 + length)
 *      8         1  magic        format version, {@value #MAGIC}
 *      9         1  flags        bit 0 TX_BEGIN, bit 1 TX_END; all other bits zero
 *     10         8  sequence     int64, contiguous within a segment
 *     18         8  commitTime   int64, source commit time, ms since the epoch
 *     26         2  fileLength   uint16 F, F &gt;= 1
 *     28         F  binlogFile   UTF-8 binlog file name
 *   28+F         8  binlogOffset int64 &gt;= 0
 *   36+F         4  gtidLength   int32 G &gt;= 0; 0 when the source has no GTIDs
 *   40+F         G  gtidSet      UTF-8 GTID set text
 * 40+F+G         P  payload      the entry bytes; P = length - 36 - F - G
 * </pre>
 *
 * The checksum covers everything but the length field. The length itself is checked against the minimum
 * ({@value #MIN_LENGTH}), the reader's maximum record size and the bytes left in the file; a torn tail therefore
 * shows up as a length running past the end, a bad checksum, or both.
 *
 * <p>Stateless; all methods are thread-safe.
 */
final class RecordFormat {
    static final byte MAGIC = 1;
    /** Size of the length field. */
    static final int LENGTH_SIZE = 4;
    /** Bytes up to and including the sequence field: enough to step over a record and check its sequence. */
    static final int PEEK_SIZE = 18;
    /** Fixed part of the record after the length field (everything but file name, GTID text and payload). */
    static final int FIXED_AFTER_LENGTH = 36;
    /** Smallest legal value of the length field: a one-byte file name, no GTIDs, empty payload. */
    static final int MIN_LENGTH = FIXED_AFTER_LENGTH + 1;
    /** Smallest record on disk. */
    static final int MIN_RECORD_SIZE = LENGTH_SIZE + MIN_LENGTH;
    static final int MAX_FILE_NAME_BYTES = 0xFFFF;

    private static final int CRC_START = 8;

    private RecordFormat() {
    }

    /**
     * Everything before the payload, with length and checksum filled in; the checksum also covers
     * {@code payload}'s remaining bytes, which are read but not consumed or copied.
     */
    static ByteBuffer encodeHeader(long sequence, int flags, long commitTimeMillis, byte[] binlogFile,
            long binlogOffset, byte[] gtidSet, ByteBuffer payload) {
        int headerSize = LENGTH_SIZE + FIXED_AFTER_LENGTH + binlogFile.length + gtidSet.length;
        ByteBuffer header = ByteBuffer.allocate(headerSize);
        header.putInt(headerSize - LENGTH_SIZE + payload.remaining());
        header.putInt(0); // checksum, filled below
        header.put(MAGIC);
        header.put((byte) flags);
        header.putLong(sequence);
        header.putLong(commitTimeMillis);
        header.putShort((short) binlogFile.length);
        header.put(binlogFile);
        header.putLong(binlogOffset);
        header.putInt(gtidSet.length);
        header.put(gtidSet);
        header.flip();

        CRC32C crc = new CRC32C();
        crc.update(header.array(), CRC_START, headerSize - CRC_START);
        crc.update(payload.duplicate());
        header.putInt(LENGTH_SIZE, (int) crc.getValue());
        return header;
    }

    /**
     * Checks a length field read at {@code position}; returns a description of the problem or null if plausible.
     */
    static String checkLength(int length, long position, long end, int maxRecordBytes) {
        if (length < MIN_LENGTH) {
            return "length " + length + " is below the minimum " + MIN_LENGTH;
        }
        if ((long) length + LENGTH_SIZE > maxRecordBytes) {
            return "record size " + ((long) length + LENGTH_SIZE) + " exceeds the maximum " + maxRecordBytes;
        }
        long available = end - position - LENGTH_SIZE;
        if (length > available) {
            return "length " + length + " runs past the end of the data (" + available + " bytes after the length field)";
        }
        return null;
    }

    /**
     * Verifies and decodes one whole record. {@code record} holds exactly the record's bytes, starting with its
     * length field, and is not modified; the returned payload is a slice of it.
     *
     * @param file     for error messages
     * @param position where the record starts in {@code file}, for error messages and the returned record
     */
    static StoreRecord decode(Path file, long position, ByteBuffer record) throws CorruptRecordException {
        int base = record.position();
        int size = record.remaining();
        int length = record.getInt(base);
        if (length != size - LENGTH_SIZE) {
            throw new CorruptRecordException(file, position, "length " + length + " does not match the "
                    + (size - LENGTH_SIZE) + " bytes read");
        }
        int storedCrc = record.getInt(base + LENGTH_SIZE);
        CRC32C crc = new CRC32C();
        crc.update(record.duplicate().position(base + CRC_START));
        int computedCrc = (int) crc.getValue();
        if (storedCrc != computedCrc) {
            throw new CorruptRecordException(file, position, "CRC32C mismatch: stored 0x" + Integer.toHexString(storedCrc)
                    + ", computed 0x" + Integer.toHexString(computedCrc) + " over " + (size - CRC_START) + " bytes");
        }
        // The checksum matched, so what follows was written by us; still check every size before trusting it.
        int at = base + CRC_START;
        byte magic = record.get(at);
        if (magic != MAGIC) {
            throw new CorruptRecordException(file, position, "unknown format version " + magic + ", expected " + MAGIC);
        }
        int flags = record.get(at + 1) & 0xFF;
        if ((flags & ~StoreRecord.KNOWN_FLAGS) != 0) {
            throw new CorruptRecordException(file, position, "unknown flag bits 0x" + Integer.toHexString(flags));
        }
        long sequence = record.getLong(at + 2);
        long commitTime = record.getLong(at + 10);
        int fileLength = record.getShort(at + 18) & 0xFFFF;
        int fileStart = at + 20;
        int gtidLengthAt = fileStart + fileLength + 8;
        if (fileLength == 0 || gtidLengthAt + 4 > base + size) {
            throw new CorruptRecordException(file, position, "binlog file name length " + fileLength
                    + " does not fit a record of " + size + " bytes");
        }
        String binlogFile = utf8(file, position, record, fileStart, fileLength, "binlog file name");
        long binlogOffset = record.getLong(fileStart + fileLength);
        int gtidLength = record.getInt(gtidLengthAt);
        int gtidStart = gtidLengthAt + 4;
        if (gtidLength < 0 || gtidLength > base + size - gtidStart) {
            throw new CorruptRecordException(file, position, "GTID set length " + gtidLength
                    + " does not fit a record of " + size + " bytes");
        }
        String gtidSet = utf8(file, position, record, gtidStart, gtidLength, "GTID set");
        ByteBuffer payload = record.duplicate().position(gtidStart + gtidLength).limit(base + size).slice();
        BinlogPosition binlogPosition;
        try {
            binlogPosition = new BinlogPosition(binlogFile, binlogOffset);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException(file, position, e.getMessage());
        }
        if (sequence < 0) {
            throw new CorruptRecordException(file, position, "negative sequence " + sequence);
        }
        return new StoreRecord(sequence, flags, commitTime, binlogPosition, gtidSet, payload, position, size);
    }

    /** The sequence field of a record whose first {@link #PEEK_SIZE} bytes are in {@code peek}. Not verified. */
    static long peekSequence(ByteBuffer peek) {
        return peek.getLong(peek.position() + 10);
    }

    private static String utf8(Path file, long position, ByteBuffer record, int start, int length, String what)
            throws CorruptRecordException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(record.duplicate().position(start).limit(start + length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptRecordException(file, position, what + " is not valid UTF-8");
        }
    }
}
