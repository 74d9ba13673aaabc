package io.sluice.node.binlog;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Decodes MySQL GTID, ANONYMOUS_GTID, GTID_TAGGED and PREVIOUS_GTIDS bodies. Layout: MySQL
 * {@code Gtid_event::Gtid_event} and {@code Gtid_event::define_fields} (libs/mysql/binlog/event/control_events.*),
 * {@code Gtid_set::add_gtid_encoding} (sql/rpl_gtid_set.cc). Stateless.
 */
final class GtidEventDecoder {
    private static final int LOGICAL_TIMESTAMP_TYPECODE = 2;
    /** 7-byte commit timestamps: bit 55 set means the original timestamp follows. */
    private static final long COMMIT_TIMESTAMP_FLAG = 1L << 55;
    private static final long SERVER_VERSION_FLAG = 1L << 31;
    private static final int TAG_MAX_LENGTH = 32;
    /** Field ids of the GTID_TAGGED message, in {@code define_fields} order. */
    private static final int F_FLAGS = 0;
    private static final int F_UUID = 1;
    private static final int F_GNO = 2;
    private static final int F_TAG = 3;
    private static final int F_LAST_COMMITTED = 4;
    private static final int F_SEQUENCE_NUMBER = 5;
    private static final int F_IMMEDIATE_COMMIT_TS = 6;
    private static final int F_ORIGINAL_COMMIT_TS = 7;
    private static final int F_TRANSACTION_LENGTH = 8;
    private static final int F_IMMEDIATE_SERVER_VERSION = 9;
    private static final int F_ORIGINAL_SERVER_VERSION = 10;
    private static final int F_COMMIT_GROUP_TICKET = 11;
    private static final int LAST_KNOWN_FIELD = F_COMMIT_GROUP_TICKET;

    private GtidEventDecoder() {
    }

    /** GTID or ANONYMOUS_GTID: fixed fields, then optional ones present only when the event is long enough. */
    static GtidEvent decodeUntagged(EventHeader header, ByteReader r) {
        boolean anonymous = header.typeCode() == EventType.ANONYMOUS_GTID.code();
        int flags = r.u8();
        UUID uuid = uuid(r);
        long gno = r.u64();
        if (anonymous ? gno != 0 : gno < 1 || gno == Long.MAX_VALUE) {
            throw new BinlogFormatException((anonymous ? "ANONYMOUS_GTID" : "GTID") + " with invalid transaction number "
                    + Long.toUnsignedString(gno) + (anonymous ? " (must be 0)" : " (must be 1..2^63-2)"));
        }
        long lastCommitted = -1;
        long sequenceNumber = -1;
        long immediateTs = 0;
        long originalTs = 0;
        long length = 0;
        long immediateVersion = 0;
        long originalVersion = 0;
        long ticket = 0;
        // 5.6 ends here; 5.7.4 and older wrote another timestamp type, which MySQL ignores too.
        if (r.hasRemaining() && r.u8() == LOGICAL_TIMESTAMP_TYPECODE) {
            lastCommitted = r.u64();
            sequenceNumber = r.u64();
            if (r.remaining() >= 7) {
                immediateTs = r.uintLE(7);
                if ((immediateTs & COMMIT_TIMESTAMP_FLAG) != 0) {
                    immediateTs &= ~COMMIT_TIMESTAMP_FLAG;
                    originalTs = r.uintLE(7);
                } else {
                    originalTs = immediateTs;
                }
                if (r.hasRemaining()) {
                    length = r.lenencInt();
                }
                if (r.remaining() >= 4) {
                    immediateVersion = r.u32();
                    if ((immediateVersion & SERVER_VERSION_FLAG) != 0) {
                        immediateVersion &= ~SERVER_VERSION_FLAG;
                        originalVersion = r.u32();
                    } else {
                        originalVersion = immediateVersion;
                    }
                    if (r.remaining() >= 8) {
                        ticket = r.u64();
                    }
                }
            }
        }
        return new GtidEvent(header, flags, uuid, gno, "", lastCommitted, sequenceNumber, immediateTs, originalTs,
                length, immediateVersion, originalVersion, ticket);
    }

    /**
     * GTID_TAGGED: one message of MySQL's serialization framework: format version, total size, the last
     * non-ignorable field id, then (field id, value) pairs in id order. A field may be absent (its id skipped); a
     * field id past those known here is a newer, ignorable field unless the header says it is not.
     */
    static GtidEvent decodeTagged(EventHeader header, ByteReader r) {
        int start = r.position();
        MysqlSerialization.readUnsigned(r, 8, "GTID_TAGGED serialization format version");
        long size = MysqlSerialization.readUnsigned(r);
        long lastNonIgnorable = MysqlSerialization.readUnsigned(r);
        int available = r.position() - start + r.remaining();
        if (size < r.position() - start || size > available) {
            throw new BinlogFormatException("GTID_TAGGED message declares " + Long.toUnsignedString(size)
                    + " bytes, the event body has " + available);
        }
        if (lastNonIgnorable < 0 || lastNonIgnorable > LAST_KNOWN_FIELD + 1) {
            throw new BinlogFormatException("GTID_TAGGED event has field " + (lastNonIgnorable - 1)
                    + ", which this decoder does not know and the server marked as not ignorable; upgrade sluice");
        }
        int end = start + (int) size;
        ByteReader m = new ByteReader(r.array(), r.arrayOffset(), end - r.position());
        int flags = 0;
        byte[] uuid = new byte[16];
        long gno = 0;
        String tag = "";
        long lastCommitted = 0;
        long sequenceNumber = 0;
        long immediateTs = 0;
        Long originalTs = null;
        long length = 0;
        long immediateVersion = 0;
        Long originalVersion = null;
        long ticket = 0;
        for (int field = F_FLAGS; field <= LAST_KNOWN_FIELD && m.hasRemaining(); field++) {
            int mark = m.position();
            if (MysqlSerialization.readUnsigned(m) != field) {
                m.position(mark); // this field is absent; the next one may match
                continue;
            }
            switch (field) {
                case F_FLAGS -> flags = (int) MysqlSerialization.readUnsigned(m, 8, "GTID_TAGGED flags");
                case F_UUID -> {
                    for (int i = 0; i < 16; i++) {
                        uuid[i] = (byte) MysqlSerialization.readUnsigned(m, 8, "GTID_TAGGED uuid byte");
                    }
                }
                case F_GNO -> gno = MysqlSerialization.readSigned(m);
                case F_TAG -> tag = MysqlSerialization.readString(m, TAG_MAX_LENGTH, "GTID_TAGGED tag");
                case F_LAST_COMMITTED -> lastCommitted = MysqlSerialization.readSigned(m);
                case F_SEQUENCE_NUMBER -> sequenceNumber = MysqlSerialization.readSigned(m);
                case F_IMMEDIATE_COMMIT_TS -> immediateTs = MysqlSerialization.readUnsigned(m);
                case F_ORIGINAL_COMMIT_TS -> originalTs = MysqlSerialization.readUnsigned(m);
                case F_TRANSACTION_LENGTH -> length = MysqlSerialization.readUnsigned(m);
                case F_IMMEDIATE_SERVER_VERSION ->
                        immediateVersion = MysqlSerialization.readUnsigned(m, 32, "GTID_TAGGED server version");
                case F_ORIGINAL_SERVER_VERSION ->
                        originalVersion = MysqlSerialization.readUnsigned(m, 32, "GTID_TAGGED server version");
                case F_COMMIT_GROUP_TICKET -> ticket = MysqlSerialization.readUnsigned(m);
                default -> throw new IllegalStateException("field " + field);
            }
        }
        if (gno < 1 || gno == Long.MAX_VALUE) {
            throw new BinlogFormatException("GTID_TAGGED with invalid transaction number " + gno
                    + " (must be 1..2^63-2)");
        }
        // Fields after the known ones are newer, ignorable ones; the message size says where the event ends.
        r.position(end);
        return new GtidEvent(header, flags, uuid(new ByteReader(uuid)), gno, tag, lastCommitted, sequenceNumber,
                immediateTs, originalTs != null ? originalTs : immediateTs, length, immediateVersion,
                originalVersion != null ? originalVersion : immediateVersion, ticket);
    }

    /**
     * PREVIOUS_GTIDS: the encoded GTID set. The first 8 bytes hold the number of sources; their top byte is the
     * format, 0 untagged or 1 tagged, and in the tagged format the count sits in bits 8-55 and the low byte
     * repeats the format. Then per source: UUID, tag (tagged format only), interval count, intervals.
     */
    static PreviousGtidsEvent decodePreviousGtids(EventHeader header, ByteReader r) {
        long word = r.u64();
        int format = (int) (word >>> 56);
        long sources;
        if (format == 0) {
            sources = word;
        } else if (format == 1 && (word & 0xff) == 1) {
            sources = (word & 0x00ff_ffff_ffff_ff00L) >>> 8;
        } else {
            throw new BinlogFormatException("PREVIOUS_GTIDS set has unknown encoding format " + format
                    + " (0x" + Long.toHexString(word) + "); MySQL writes 0 (untagged) or 1 (tagged)");
        }
        boolean tagged = format == 1;
        int count = Lengths.count(sources, 16 + 8, r, "PREVIOUS_GTIDS number of sources");
        List<TsidIntervals> sets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            UUID uuid = uuid(r);
            String tag = tagged ? MysqlSerialization.readString(r, TAG_MAX_LENGTH, "PREVIOUS_GTIDS tag") : "";
            int intervals = Lengths.count(r.u64(), 16, r, "PREVIOUS_GTIDS interval count");
            long[] bounds = new long[intervals * 2];
            long last = 0;
            for (int k = 0; k < bounds.length; k += 2) {
                long start = r.u64();
                long end = r.u64();
                if (start <= last || end <= start) {
                    throw new BinlogFormatException("PREVIOUS_GTIDS interval [" + start + ", " + end + ") of " + uuid
                            + (tag.isEmpty() ? "" : ":" + tag) + " is empty or not after the previous one ending at "
                            + last);
                }
                bounds[k] = start;
                bounds[k + 1] = end;
                last = end;
            }
            sets.add(new TsidIntervals(uuid, tag, bounds));
        }
        if (r.hasRemaining()) {
            throw new BinlogFormatException("PREVIOUS_GTIDS set ends " + r.remaining() + " bytes before the event does");
        }
        return new PreviousGtidsEvent(header, tagged, List.copyOf(sets));
    }

    static UUID uuid(ByteReader r) {
        long high = r.uintBE(8);
        long low = r.uintBE(8);
        return new UUID(high, low);
    }
}
