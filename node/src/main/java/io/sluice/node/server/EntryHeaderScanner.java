package io.sluice.node.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import io.sluice.common.protocol.EntryType;

/**
 * Reads from a stored canal {@code Entry} only what a subscribe filter needs: the entry type and the header's schema
 * and table names. Every other field, the row data above all, is stepped over by its length without being decoded,
 * and the bytes are read where they lie (no copy of the entry).
 *
 * <p>The values are those the generated classes give ({@code Entry.parseFrom(bytes)}): fields in any order, the last
 * occurrence of a field wins, a header given twice is merged, an entry type this version does not know is ignored
 * (a closed proto2 enum keeps its earlier value, {@code ROWDATA} by default), an absent header reads as empty names,
 * and names are decoded as UTF-8 the way {@code ByteString.toStringUtf8} does. Malformed framing (a truncated
 * field, a bad varint, wire type 6 or 7, an unmatched group end) fails with
 * {@link InvalidProtocolBufferException}; the contents of fields that are stepped over are not checked.
 *
 * <p>Stateless and thread-safe; the buffer's position and limit are not changed.
 */
final class EntryHeaderScanner {
    // Entry (entry.proto): header = 1 (message), entry_type = 2 (enum).
    private static final int ENTRY_HEADER_TAG = 1 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int ENTRY_TYPE_TAG = 2 << 3 | WireFormat.WIRETYPE_VARINT;
    // Header: schema_name = 8, table_name = 9 (strings).
    private static final int SCHEMA_NAME_TAG = 8 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int TABLE_NAME_TAG = 9 << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    /** How deep groups may nest in fields that are stepped over; protobuf's default recursion limit. */
    private static final int MAX_DEPTH = 100;

    private EntryHeaderScanner() {
    }

    /**
     * What the filter reads of an entry.
     *
     * @param type   the entry type
     * @param schema the header's schema name, empty if absent
     * @param table  the header's table name, empty if absent
     */
    record Scanned(EntryType type, String schema, String table) {
    }

    /** @throws InvalidProtocolBufferException if the bytes are not framed as a protobuf message */
    static Scanned scan(ByteBuffer entry) throws InvalidProtocolBufferException {
        Cursor in = new Cursor(entry, entry.position(), entry.limit());
        EntryType type = EntryType.ROWDATA;
        // Where the last schema and table names lie in the buffer; -1: not seen.
        int schemaAt = -1;
        int schemaLength = 0;
        int tableAt = -1;
        int tableLength = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == ENTRY_HEADER_TAG) {
                Cursor header = in.message();
                for (int field = header.readTag(); field != 0; field = header.readTag()) {
                    if (field == SCHEMA_NAME_TAG) {
                        schemaLength = header.readLength();
                        schemaAt = header.skip(schemaLength);
                    } else if (field == TABLE_NAME_TAG) {
                        tableLength = header.readLength();
                        tableAt = header.skip(tableLength);
                    } else {
                        header.skipField(field, 0);
                    }
                }
            } else if (tag == ENTRY_TYPE_TAG) {
                EntryType known = EntryType.forNumber(in.readVarint32());
                if (known != null) {
                    type = known;
                }
            } else {
                in.skipField(tag, 0);
            }
        }
        return new Scanned(type, utf8(entry, schemaAt, schemaLength), utf8(entry, tableAt, tableLength));
    }

    private static String utf8(ByteBuffer buffer, int at, int length) {
        if (at < 0 || length == 0) {
            return "";
        }
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads fields between two absolute indexes of a buffer, with absolute gets. */
    private static final class Cursor {
        private final ByteBuffer buffer;
        private int position;
        private final int limit;

        Cursor(ByteBuffer buffer, int position, int limit) {
            this.buffer = buffer;
            this.position = position;
            this.limit = limit;
        }

        /** The next tag; 0 at the end. A group-end tag is returned for the caller to check. */
        int readTag() throws InvalidProtocolBufferException {
            if (position == limit) {
                return 0;
            }
            int tag = readVarint32();
            if (WireFormat.getTagFieldNumber(tag) == 0) {
                throw Malformed.invalidTag(position);
            }
            if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP) {
                // at the top of a message (a group is skipped in skipGroup) this ends a group that never began
                throw Malformed.unmatchedGroupEnd(tag, position);
            }
            return tag;
        }

        /** A length-delimited message field's contents; this cursor moves past it. */
        Cursor message() throws InvalidProtocolBufferException {
            int length = readLength();
            int start = skip(length);
            return new Cursor(buffer, start, start + length);
        }

        int readLength() throws InvalidProtocolBufferException {
            int length = readVarint32();
            if (length < 0) {
                throw Malformed.negativeLength(length, position);
            }
            return length;
        }

        /** Moves past {@code length} bytes; returns where they start. */
        int skip(int length) throws InvalidProtocolBufferException {
            if (length > limit - position) {
                throw Malformed.truncated(length, limit - position, position);
            }
            int start = position;
            position += length;
            return start;
        }

        /** As protobuf's readRawVarint32: up to ten bytes, the bits above 32 dropped. */
        int readVarint32() throws InvalidProtocolBufferException {
            return (int) readVarint64();
        }

        long readVarint64() throws InvalidProtocolBufferException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position == limit) {
                    throw Malformed.truncated(1, 0, position);
                }
                byte b = buffer.get(position++);
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw Malformed.malformedVarint(position);
        }

        void skipField(int tag, int depth) throws InvalidProtocolBufferException {
            switch (WireFormat.getTagWireType(tag)) {
                case WireFormat.WIRETYPE_VARINT -> readVarint64();
                case WireFormat.WIRETYPE_FIXED64 -> skip(8);
                case WireFormat.WIRETYPE_LENGTH_DELIMITED -> skip(readLength());
                case WireFormat.WIRETYPE_START_GROUP -> skipGroup(WireFormat.getTagFieldNumber(tag), depth + 1);
                case WireFormat.WIRETYPE_FIXED32 -> skip(4);
                default -> throw Malformed.invalidWireType(tag, position);
            }
        }

        /** Steps over a group's fields up to its end tag, which must carry the group's field number. */
        private void skipGroup(int fieldNumber, int depth) throws InvalidProtocolBufferException {
            if (depth > MAX_DEPTH) {
                throw Malformed.tooDeep(MAX_DEPTH, position);
            }
            while (true) {
                if (position == limit) {
                    throw Malformed.unendedGroup(fieldNumber, position);
                }
                int tag = readVarint32();
                if (WireFormat.getTagFieldNumber(tag) == 0) {
                    throw Malformed.invalidTag(position);
                }
                if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_END_GROUP) {
                    if (WireFormat.getTagFieldNumber(tag) != fieldNumber) {
                        throw Malformed.unmatchedGroupEnd(tag, position);
                    }
                    return;
                }
                skipField(tag, depth);
            }
        }
    }

    /** The scanner's errors, each naming where in the entry it stopped. */
    private static final class Malformed {
        private Malformed() {
        }

        static InvalidProtocolBufferException invalidTag(int at) {
            return new InvalidProtocolBufferException("entry has a tag with field number 0 before byte " + at);
        }

        static InvalidProtocolBufferException unmatchedGroupEnd(int tag, int at) {
            return new InvalidProtocolBufferException("entry has a group end for field "
                    + WireFormat.getTagFieldNumber(tag) + " that no group began, before byte " + at);
        }

        static InvalidProtocolBufferException unendedGroup(int fieldNumber, int at) {
            return new InvalidProtocolBufferException("entry ends at byte " + at + " inside a group of field "
                    + fieldNumber);
        }

        static InvalidProtocolBufferException negativeLength(int length, int at) {
            return new InvalidProtocolBufferException("entry has a field of negative length " + length
                    + " before byte " + at);
        }

        static InvalidProtocolBufferException truncated(int wanted, int left, int at) {
            return new InvalidProtocolBufferException("entry is truncated: " + wanted + " bytes wanted at byte " + at
                    + ", " + left + " left");
        }

        static InvalidProtocolBufferException malformedVarint(int at) {
            return new InvalidProtocolBufferException("entry has a varint longer than 10 bytes before byte " + at);
        }

        static InvalidProtocolBufferException invalidWireType(int tag, int at) {
            return new InvalidProtocolBufferException("entry has field " + WireFormat.getTagFieldNumber(tag)
                    + " of wire type " + WireFormat.getTagWireType(tag) + ", which protobuf does not define, before "
                    + "byte " + at);
        }

        static InvalidProtocolBufferException tooDeep(int limit, int at) {
            return new InvalidProtocolBufferException("entry nests groups more than " + limit + " deep at byte "
                    + at);
        }
    }
}
