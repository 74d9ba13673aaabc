package io.sluice.node.mysql;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.ByteReader;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventType;

/**
 * Follows where the dump is in the source's binlog from event headers alone, without decoding events. The position
 * after an event:
 * <ul>
 * <li>ROTATE names the next file and offset (the artificial one at the start of every dump names the file the dump
 * is in, which is how a GTID dump learns it);</li>
 * <li>any other event with a non-zero log position that is not marked artificial ends at that position;</li>
 * <li>heartbeats and events with log position 0 (the format description a dump resent from the middle of a file
 * starts with) leave the position alone.</li>
 * </ul>
 * Where an event starts: for an event of the file (log position set, not artificial) its log position minus its
 * size, which stays exact when the source leaves events out (ANNOTATE_ROWS not asked for, transactions before a GTID
 * start); for events the dump thread made up, the position after the previous event.
 *
 * <p>Not thread-safe; one per dump.
 */
final class PositionTracker {
    private static final int CHECKSUM_LENGTH = 4;
    private static final int ROTATE_POSITION_LENGTH = 8;

    private final String source;
    private String file;
    private long offset;

    /** @param start where the dump starts, or null when only the first ROTATE will tell (GTID dumps) */
    PositionTracker(BinlogPosition start, String source) {
        this.source = source;
        if (start != null) {
            this.file = start.file();
            this.offset = start.offset();
        }
    }

    /** Where an event starts and where the next one does. */
    record Span(BinlogPosition start, BinlogPosition next) {
    }

    /**
     * Advances past {@code event}.
     *
     * @return where it starts and the position after it
     * @throws MysqlProtocolException if the event is shorter than its header claims, or a position is needed before
     *                                the dump named its file
     */
    Span advance(byte[] event) throws MysqlProtocolException {
        return advance(event, 0, event.length);
    }

    /** {@link #advance(byte[])} for the event in the {@code length} bytes of {@code array} from {@code from}. */
    Span advance(byte[] array, int from, int length) throws MysqlProtocolException {
        if (length < EventHeader.LENGTH) {
            throw new MysqlProtocolException("binlog event of " + length + " bytes from " + source
                    + " is shorter than the " + EventHeader.LENGTH + "-byte header (after " + current() + ")");
        }
        EventHeader header = EventHeader.read(new ByteReader(array, from, EventHeader.LENGTH));
        if (header.eventSize() != length) {
            throw new MysqlProtocolException("binlog event from " + source + " says it is " + header.eventSize()
                    + " bytes long but the packet holds " + length + " (type " + header.typeCode() + ", after "
                    + current() + ")");
        }
        BinlogPosition before = current();
        boolean inFile = header.logPos() != 0 && !header.artificial();
        int type = header.typeCode();
        if (type == EventType.ROTATE.code()) {
            rotate(array, from, length);
        } else if (type != EventType.HEARTBEAT.code() && type != EventType.HEARTBEAT_V2.code() && inFile) {
            offset = header.logPos();
        }
        if (file == null) {
            throw new MysqlProtocolException("binlog event of type " + type + " from " + source
                    + " arrived before any ROTATE named the binlog file; a dump always starts with one");
        }
        BinlogPosition next = new BinlogPosition(file, offset);
        BinlogPosition start;
        if (before == null) {
            start = next; // the artificial ROTATE opening a GTID dump: it stands where it points
        } else if (inFile && type != EventType.HEARTBEAT.code() && type != EventType.HEARTBEAT_V2.code()
                && header.logPos() >= length) {
            start = before.withOffset(header.logPos() - length);
        } else {
            start = before;
        }
        return new Span(start, next);
    }

    /** The position after the last event, or null before the first ROTATE of a GTID dump. */
    BinlogPosition current() {
        return file == null ? null : new BinlogPosition(file, offset);
    }

    /**
     * ROTATE body: 8-byte position, then the file name up to the end of the event, minus a CRC32 when the event has
     * one. Whether it has one is decided by checking the last four bytes against the CRC32 of the rest: that needs no
     * knowledge of the checksum setting (the artificial ROTATE arrives before any format description event), and
     * a file name ending in its own event's CRC has odds of 1 in 2^32.
     */
    private void rotate(byte[] array, int from, int length) throws MysqlProtocolException {
        int bodyLength = length - EventHeader.LENGTH;
        if (bodyLength < ROTATE_POSITION_LENGTH + 1) {
            throw new MysqlProtocolException("ROTATE event of " + length + " bytes from " + source
                    + " has no room for a position and a file name");
        }
        ByteReader r = new ByteReader(array, from + EventHeader.LENGTH, bodyLength);
        long position = r.u64();
        int nameLength = r.remaining();
        if (nameLength > CHECKSUM_LENGTH && hasValidChecksum(array, from, length)) {
            nameLength -= CHECKSUM_LENGTH;
        }
        String name = r.string(nameLength, StandardCharsets.UTF_8);
        if (name.isEmpty() || name.indexOf(':') >= 0 || position < 0) {
            throw new MysqlProtocolException("ROTATE event from " + source + " names an unusable position '" + name
                    + "' at " + position);
        }
        file = name;
        offset = position;
    }

    static boolean hasValidChecksum(byte[] event) {
        return hasValidChecksum(event, 0, event.length);
    }

    static boolean hasValidChecksum(byte[] array, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(array, from, length - CHECKSUM_LENGTH);
        int at = from + length - CHECKSUM_LENGTH;
        long stored = (array[at] & 0xFFL) | (array[at + 1] & 0xFFL) << 8 | (array[at + 2] & 0xFFL) << 16
                | (array[at + 3] & 0xFFL) << 24;
        return crc.getValue() == stored;
    }
}
