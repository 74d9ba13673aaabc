package io.sluice.node.binlog;

import io.sluice.node.mysql.ServerVersion;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStream;

/**
 * Turns the bytes of binlog events into event records, for MySQL 5.0-9.x and MariaDB 10.3-11.x binlogs, relay
 * logs and replication streams. Feed it whole events in stream order with where each starts:
 *
 * <pre>{@code
 * BinlogEventDecoder decoder = new BinlogEventDecoder();
 * BinlogEvent event = decoder.decode(bytes, offset, length, EventPosition.of("mysql-bin.000003", 1234));
 * if (event instanceof TransactionPayloadEvent payload) {
 *     try (TransactionPayloadReader inner = decoder.payloadEvents(bytes, offset, length, payload, position)) {
 *         while (inner.next()) { ... inner.event(), inner.position() ... }
 *     }
 * }
 * }</pre>
 *
 * The decoder keeps only the stream's context: the current FORMAT_DESCRIPTION event (header and post-header
 * lengths, checksum algorithm), the TABLE_MAP events rows events refer to (a bounded cache; a TABLE_MAP identical
 * to the cached one for its table id is not decoded again and shares the cached one's column arrays and metadata),
 * and counters. It does no I/O and keeps no reference to the bytes it is given, so callers may reuse their buffer
 * for the next event.
 *
 * <p>Every event's CRC32 is checked when the FORMAT_DESCRIPTION event says checksums are on. An event of a type
 * this decoder does not know is skipped and counted when the server flagged it ignorable, and is an error
 * otherwise: skipping it could lose changes. Every error is a {@link BinlogDecodeException} naming the file and
 * offset, the event type and the server version. Rows events are handed to {@link RowsEventDecoder}; MariaDB's
 * compressed rows events are inflated first and handed over with the body of the equivalent uncompressed event.
 *
 * <p>Not thread-safe: one decoder per stream.
 */
public final class BinlogEventDecoder implements TableMapLookup {
    /**
     * The largest event accepted, 1 GiB and a header: MySQL and MariaDB cap events at max_allowed_packet, whose
     * maximum is 1 GiB.
     */
    public static final int MAX_EVENT_SIZE = (1 << 30) + (1 << 16);
    /** More tables than one statement can touch; the least recently used maps go first. */
    static final int TABLE_MAP_CACHE_SIZE = 10_000;
    private static final int CHECKSUM_LENGTH = 4;
    private static final int FLAGS_OFFSET = 17;
    /** LOG_EVENT_BINLOG_IN_USE_F: set while the file is open, cleared on close, not covered by the FDE checksum. */
    private static final int FLAG_BINLOG_IN_USE = 0x1;
    private static final int ROTATE_POST_HEADER_LENGTH = 8;
    private static final int PAYLOAD_END_MARK = 0;
    private static final int PAYLOAD_SIZE = 1;
    private static final int PAYLOAD_COMPRESSION_TYPE = 2;
    private static final int PAYLOAD_UNCOMPRESSED_SIZE = 3;

    private final RowsBodyDecoder rows;
    private final RowsEventDecoder rowsDecoder;
    private final TableMapCache tables = new TableMapCache(TABLE_MAP_CACHE_SIZE);
    private final CRC32 crc = new CRC32();
    private FormatDescriptionEvent format;
    private boolean checksumBeforeFormat;
    private boolean verifyChecksums = true;
    private long decoded;
    private long ignorable;

    /** A decoder for a stream that starts with a FORMAT_DESCRIPTION (or, for MySQL 4.x files, START_V3) event. */
    public BinlogEventDecoder() {
        this((ColumnHints.Source) null);
    }

    /**
     * A decoder whose rows decoder asks {@code hints} (may be null) for what TABLE_MAP events lack, e.g. the schema
     * history's {@code SchemaHints}.
     */
    public BinlogEventDecoder(ColumnHints.Source hints) {
        RowsEventDecoder rowsDecoder = new RowsEventDecoder(hints);
        this.rowsDecoder = rowsDecoder;
        this.rows = rowsDecoder::decode;
    }

    /** For tests: a decoder whose rows events go to {@code rows}. */
    BinlogEventDecoder(RowsBodyDecoder rows) {
        this.rowsDecoder = null;
        this.rows = rows;
    }

    /**
     * Forgets the rows decoder's cached table layouts, so the next rows event of each table asks the hints source
     * again; call it after the hints source's schema changed.
     */
    public void invalidateLayouts() {
        if (rowsDecoder != null) {
            rowsDecoder.invalidateLayouts();
        }
    }

    /**
     * Decodes one whole event.
     *
     * @param buf    holds the event from its first header byte to its last (checksum included)
     * @param offset where the event starts in {@code buf}
     * @param length the event's length; must equal the size its header states
     * @param at     where the event starts in its binlog, for messages and for inner payload events
     * @throws BinlogDecodeException when the event is corrupt, unknown and not ignorable, or cannot be decoded
     */
    public BinlogEvent decode(byte[] buf, int offset, int length, EventPosition at) {
        return decodeEvent(buf, offset, length, at, false);
    }

    /**
     * Streams the events inside a TRANSACTION_PAYLOAD event that {@link #decode} just returned. The bytes must be
     * the same as were passed to {@link #decode} and must stay unchanged until the reader is closed. Read all
     * inner events before decoding the next outer event: they may hold TABLE_MAPs later events need.
     */
    public TransactionPayloadReader payloadEvents(byte[] buf, int offset, int length, TransactionPayloadEvent payload,
            EventPosition at) {
        if (length != payload.header().eventSize() || payload.payloadOffset() + payload.payloadSize() > length) {
            throw new BinlogDecodeException("TRANSACTION_PAYLOAD bytes given (" + length + ") are not those of the event"
                    + " decoded (" + payload.header().eventSize() + " bytes)", at, payload.header().typeCode(),
                    serverVersion());
        }
        InputStream in = new ByteArrayInputStream(buf, offset + payload.payloadOffset(), (int) payload.payloadSize());
        if (payload.compressionType() == TransactionPayloadEvent.ZSTD) {
            try {
                in = new ZstdInputStream(in, RecyclingBufferPool.INSTANCE);
            } catch (IOException e) {
                throw new BinlogDecodeException("TRANSACTION_PAYLOAD: cannot start zstd decompression: "
                        + e.getMessage(), at, payload.header().typeCode(), serverVersion(), e);
            }
        }
        return new TransactionPayloadReader(this, in, at, payload, MAX_EVENT_SIZE);
    }

    /**
     * Whether events end with a CRC32 before the first FORMAT_DESCRIPTION event says so. A dump thread sends an
     * artificial ROTATE first, checksummed as the source's {@code @@binlog_checksum} says; a replication client
     * that asked for checksums ({@code SET @source_binlog_checksum}) sets this to what the source uses.
     */
    public void expectChecksumBeforeFormatDescription(boolean crc32) {
        this.checksumBeforeFormat = crc32;
    }

    /** The FORMAT_DESCRIPTION event in force, or null before the first one. */
    public FormatDescriptionEvent formatDescription() {
        return format;
    }

    /** The server version of the stream, {@link ServerVersion#UNKNOWN} before the first FORMAT_DESCRIPTION. */
    public ServerVersion serverVersion() {
        return format == null ? ServerVersion.UNKNOWN : format.serverVersion();
    }

    /** Events decoded so far, inner payload events and ignorable events included. */
    public long eventsDecoded() {
        return decoded;
    }

    /** Events skipped because they were ignorable (type IGNORABLE, or of unknown type flagged ignorable). */
    public long ignorableSkipped() {
        return ignorable;
    }

    /** The most recent TABLE_MAP for a table id, or null. */
    @Override
    public TableMapEvent tableMap(long tableId) {
        return tables.tableMap(tableId);
    }

    /** For tests only: decode events whose checksum is wrong, to exercise the parsers behind the check. */
    void skipChecksumVerification() {
        verifyChecksums = false;
    }

    /** An event inside a TRANSACTION_PAYLOAD: no checksum of its own, and never a control event. */
    BinlogEvent decodeInner(byte[] buf, int offset, int length, EventPosition at) {
        return decodeEvent(buf, offset, length, at, true);
    }

    private BinlogEvent decodeEvent(byte[] buf, int offset, int length, EventPosition at, boolean inner) {
        if (length < EventHeader.LENGTH) {
            throw new BinlogDecodeException("event of " + length + " bytes is shorter than the " + EventHeader.LENGTH
                    + "-byte event header", at, -1, serverVersion());
        }
        EventHeader header = EventHeader.read(new ByteReader(buf, offset, EventHeader.LENGTH));
        if (header.eventSize() != length) {
            throw new BinlogDecodeException("event header states " + header.eventSize() + " bytes, but " + length
                    + " bytes were given", at, header.typeCode(), serverVersion());
        }
        try {
            BinlogEvent event = dispatch(header, buf, offset, length, at, inner);
            decoded++;
            return event;
        } catch (BinlogDecodeException e) {
            throw e;
        } catch (BinlogFormatException e) {
            throw new BinlogDecodeException(e.getMessage(), at, header.typeCode(), serverVersion(), e);
        }
    }

    private BinlogEvent dispatch(EventHeader header, byte[] buf, int offset, int length, EventPosition at,
            boolean inner) {
        EventType type = header.type();
        if (type == EventType.FORMAT_DESCRIPTION) {
            if (inner) {
                throw new BinlogFormatException(type + " cannot appear inside a TRANSACTION_PAYLOAD");
            }
            return formatDescription(header, buf, offset, length, at);
        }
        boolean checksummed = !inner && (format != null ? format.checksumEnabled() : checksumBeforeFormat);
        int trailer = checksummed ? CHECKSUM_LENGTH : 0;
        if (length < EventHeader.LENGTH + trailer) {
            throw new BinlogFormatException("event of " + length + " bytes cannot hold its header and checksum");
        }
        if (checksummed && verifyChecksums) {
            verifyChecksum(header, buf, offset, length, at, serverVersion(), false);
        }
        if (type == null || type == EventType.UNKNOWN || type == EventType.MARIADB_PARTIAL_ROW_DATA) {
            return unknownType(header);
        }
        requireAllowedHere(type, inner);
        int bodyStart = type == EventType.ROTATE || format == null ? EventHeader.LENGTH : format.commonHeaderLength();
        if (bodyStart > length - trailer) {
            throw new BinlogFormatException("event of " + length + " bytes is shorter than the " + bodyStart
                    + "-byte common header the FORMAT_DESCRIPTION_EVENT announces");
        }
        ByteReader body = new ByteReader(buf, offset + bodyStart, length - bodyStart - trailer);
        int postHeader = format == null ? 0 : format.postHeaderLength(header.typeCode());
        return switch (type) {
            case START_V3 -> startV3(header, body);
            case QUERY -> QueryEventDecoder.decodeQuery(header, body, postHeader, false);
            case STOP -> new StopEvent(header);
            case ROTATE -> ControlEventDecoder.decodeRotate(header, body,
                    format == null ? ROTATE_POST_HEADER_LENGTH : postHeader);
            case INTVAR -> StatementEventDecoder.decodeIntVar(header, body, postHeader);
            case LOAD, SLAVE, CREATE_FILE, EXEC_LOAD, NEW_LOAD -> new ObsoleteLoadEvent(header, body.restBytes());
            case APPEND_BLOCK, BEGIN_LOAD_QUERY ->
                    StatementEventDecoder.decodeLoadDataBlock(header, body, postHeader, true);
            case DELETE_FILE -> StatementEventDecoder.decodeLoadDataBlock(header, body, postHeader, false);
            case RAND -> StatementEventDecoder.decodeRand(header, body, postHeader);
            case USER_VAR -> StatementEventDecoder.decodeUserVar(header, body, postHeader);
            case XID -> StatementEventDecoder.decodeXid(header, body, postHeader);
            case EXECUTE_LOAD_QUERY -> QueryEventDecoder.decodeExecuteLoadQuery(header, body, postHeader);
            case TABLE_MAP -> tableMap(header, body, postHeader);
            case PRE_GA_WRITE_ROWS, PRE_GA_UPDATE_ROWS, PRE_GA_DELETE_ROWS, WRITE_ROWS_V1, UPDATE_ROWS_V1,
                    DELETE_ROWS_V1, WRITE_ROWS_V2, UPDATE_ROWS_V2, DELETE_ROWS_V2, PARTIAL_UPDATE_ROWS ->
                    rows.decode(header, body, postHeader, tables);
            case INCIDENT -> ControlEventDecoder.decodeIncident(header, body, postHeader);
            case HEARTBEAT -> ControlEventDecoder.decodeHeartbeat(header, body);
            case IGNORABLE -> ignorable(header);
            case ROWS_QUERY -> StatementEventDecoder.decodeRowsQuery(header, body, postHeader);
            case GTID, ANONYMOUS_GTID -> GtidEventDecoder.decodeUntagged(header, body);
            case GTID_TAGGED -> GtidEventDecoder.decodeTagged(header, body);
            case PREVIOUS_GTIDS -> {
                body.skip(postHeader);
                yield GtidEventDecoder.decodePreviousGtids(header, body);
            }
            case TRANSACTION_CONTEXT -> ControlEventDecoder.decodeTransactionContext(header, body);
            case VIEW_CHANGE -> ControlEventDecoder.decodeViewChange(header, body);
            case XA_PREPARE -> StatementEventDecoder.decodeXaPrepare(header, body, postHeader);
            case TRANSACTION_PAYLOAD -> transactionPayload(header, body, offset);
            case HEARTBEAT_V2 -> ControlEventDecoder.decodeHeartbeatV2(header, body);
            case MARIADB_ANNOTATE_ROWS -> StatementEventDecoder.decodeAnnotateRows(header, body, postHeader);
            case MARIADB_BINLOG_CHECKPOINT -> MariaDbEventDecoder.decodeCheckpoint(header, body);
            case MARIADB_GTID -> MariaDbEventDecoder.decodeGtid(header, body);
            case MARIADB_GTID_LIST -> MariaDbEventDecoder.decodeGtidList(header, body);
            case MARIADB_START_ENCRYPTION -> throw new BinlogFormatException("the binlog is encrypted"
                    + " (MariaDB encrypt_binlog=ON): its events cannot be read without the server's encryption key."
                    + " Read it through a replication connection instead, where the server's dump thread sends"
                    + " the events decrypted, or use a binlog written with encrypt_binlog=OFF");
            case MARIADB_QUERY_COMPRESSED -> QueryEventDecoder.decodeQuery(header, body, postHeader, true);
            case MARIADB_WRITE_ROWS_COMPRESSED_V1, MARIADB_UPDATE_ROWS_COMPRESSED_V1,
                    MARIADB_DELETE_ROWS_COMPRESSED_V1, MARIADB_WRITE_ROWS_COMPRESSED,
                    MARIADB_UPDATE_ROWS_COMPRESSED, MARIADB_DELETE_ROWS_COMPRESSED ->
                    compressedRows(header, body, postHeader);
            case FORMAT_DESCRIPTION, UNKNOWN, MARIADB_PARTIAL_ROW_DATA ->
                    throw new IllegalStateException("handled above: " + type);
        };
    }

    /**
     * Before the first FORMAT_DESCRIPTION event the post-header lengths are unknown; only the events that may
     * precede it (a dump thread's ROTATE, heartbeats, MySQL 4.x START_V3) can be read. Inside a payload, only
     * the events of one transaction may appear.
     */
    private void requireAllowedHere(EventType type, boolean inner) {
        boolean control = type == EventType.ROTATE || type == EventType.START_V3 || type == EventType.STOP
                || type == EventType.HEARTBEAT || type == EventType.HEARTBEAT_V2;
        if (inner && (control || type == EventType.TRANSACTION_PAYLOAD)) {
            throw new BinlogFormatException(type + " cannot appear inside a TRANSACTION_PAYLOAD");
        }
        if (format == null && !control) {
            throw new BinlogFormatException(type + " before any FORMAT_DESCRIPTION_EVENT: the post-header lengths"
                    + " needed to read it are unknown. A binlog file and a replication stream start with one; read"
                    + " the file from offset 4, or the stream from its beginning");
        }
    }

    private BinlogEvent unknownType(EventHeader header) {
        if (header.ignorable()) {
            return ignorable(header);
        }
        throw new BinlogFormatException("unknown event type code " + header.typeCode() + " (" + header.eventSize()
                + " bytes), not flagged ignorable: this server writes an event sluice cannot decode, and skipping it"
                + " could lose changes. Upgrade sluice, or check that the file is a MySQL/MariaDB binlog");
    }

    private IgnorableEvent ignorable(EventHeader header) {
        ignorable++;
        return new IgnorableEvent(header);
    }

    private FormatDescriptionEvent formatDescription(EventHeader header, byte[] buf, int offset, int length,
            EventPosition at) {
        ByteReader body = new ByteReader(buf, offset + EventHeader.LENGTH, length - EventHeader.LENGTH);
        FormatDescriptionEvent fde = ControlEventDecoder.decodeFormatDescription(header, body);
        if (fde.checksumEnabled() && verifyChecksums) {
            verifyChecksum(header, buf, offset, length, at, fde.serverVersion(), true);
        }
        if (format != null && !format.serverVersion().equals(fde.serverVersion())) {
            // another server's events follow (a relay log); its table ids and formats are its own
            tables.clear();
        }
        format = fde;
        return fde;
    }

    /** START_V3 begins a MySQL 4.x (v3) binlog; read the rest with the v3 format, as MySQL does. */
    private StartV3Event startV3(EventHeader header, ByteReader body) {
        StartV3Event start = ControlEventDecoder.decodeStartV3(header, body);
        if (start.binlogVersion() == 1) {
            throw new BinlogFormatException("binlog format v1 (MySQL 3.23, server " + start.serverVersion()
                    + ") has 13-byte event headers and is not supported; replicate from MySQL 5.0 or later");
        }
        if (start.binlogVersion() != 3) {
            throw new BinlogFormatException("START_V3 announces binlog version " + start.binlogVersion()
                    + "; only versions 1 and 3 start with this event");
        }
        // Also in a relay log, where a 5.0+ replica's own FORMAT_DESCRIPTION precedes its 4.x source's events.
        format = FormatDescriptionEvent.forBinlogV3(header, start.serverVersion());
        return start;
    }

    /**
     * Servers write the same TABLE_MAP before each transaction on a table; a body identical to the cached map's is
     * not decoded again (the new event shares the decoded parts, which also lets consumers cache per table).
     */
    private TableMapEvent tableMap(EventHeader header, ByteReader body, int postHeader) {
        byte[] a = body.array();
        int start = body.arrayOffset();
        int length = body.remaining();
        int idBytes = postHeader == 6 ? 4 : 6;
        if (length >= idBytes) {
            long tableId = 0;
            for (int i = 0; i < idBytes; i++) {
                tableId |= (a[start + i] & 0xffL) << (8 * i);
            }
            TableMapEvent same = tables.reuse(tableId, header, a, start, length);
            if (same != null) {
                return same;
            }
        }
        TableMapEvent map = TableMapDecoder.decode(header, body, postHeader, format.serverVersion());
        tables.put(map, Arrays.copyOfRange(a, start, start + length));
        return map;
    }

    /**
     * TRANSACTION_PAYLOAD: type-length-value fields up to an end mark, then the payload. The FORMAT_DESCRIPTION
     * lists 40 as this type's post-header length (MySQL puts the type code in that slot); MySQL ignores it and
     * so do we: the fields start right after the common header.
     */
    private TransactionPayloadEvent transactionPayload(EventHeader header, ByteReader r, int eventOffset) {
        long size = -1;
        int compression = -1;
        long uncompressed = 0;
        while (true) {
            long field = r.lenencInt();
            if (field == PAYLOAD_END_MARK) {
                break;
            }
            int length = Lengths.packedCount(r, 1, "TRANSACTION_PAYLOAD field length");
            ByteReader value = r.slice(length);
            if (field == PAYLOAD_SIZE) {
                size = value.lenencInt();
            } else if (field == PAYLOAD_COMPRESSION_TYPE) {
                compression = (int) value.lenencInt();
            } else if (field == PAYLOAD_UNCOMPRESSED_SIZE) {
                uncompressed = value.lenencInt();
            }
        }
        if (compression != TransactionPayloadEvent.ZSTD && compression != TransactionPayloadEvent.NONE) {
            throw new BinlogFormatException("TRANSACTION_PAYLOAD " + (compression < 0 ? "without a compression type"
                    : "with unknown compression type " + compression) + " (MySQL writes 0 = zstd or 255 = none)");
        }
        if (size < 0 || size > r.remaining()) {
            throw new BinlogFormatException("TRANSACTION_PAYLOAD " + (size < 0 ? "without a payload size"
                    : "payload size " + size + " exceeds the " + r.remaining() + " bytes left in the event"));
        }
        return new TransactionPayloadEvent(header, compression, size, uncompressed, r.arrayOffset() - eventOffset);
    }

    /**
     * A MariaDB compressed rows event: table id, flags (and for the v2 layout the extra-data block), column count
     * and column bitmaps are stored as usual; only the rows after them are compressed
     * ({@code row_log_event_uncompress} in MariaDB's sql/log_event.cc). The rows decoder gets the event's own
     * header (type 166-171, size as in the binlog, so positions stay true) and the body of the equivalent
     * uncompressed event: same fields, rows inflated. Types 166-168 have the v1 layout, 169-171 the v2 layout;
     * the post-header length tells them apart, as in MariaDB.
     */
    private BinlogEvent compressedRows(EventHeader header, ByteReader body, int postHeader) {
        int typeCode = header.typeCode();
        boolean update = typeCode == EventType.MARIADB_UPDATE_ROWS_COMPRESSED_V1.code()
                || typeCode == EventType.MARIADB_UPDATE_ROWS_COMPRESSED.code();
        if (postHeader != 8 && postHeader != 10) {
            throw new BinlogFormatException("compressed rows event with a post-header of " + postHeader
                    + " bytes; MariaDB writes 8 (v1) or 10 (v2)");
        }
        int start = body.arrayOffset();
        body.skip(8);
        if (postHeader == 10) {
            int extra = body.u16();
            if (extra < 2) {
                throw new BinlogFormatException("compressed rows event with an extra-data length of " + extra
                        + " (it counts its own 2 bytes)");
            }
            body.skip(extra - 2);
        }
        int width = Lengths.packedCount(body, 0, "compressed rows event column count");
        int bitmap = (int) ((width + 7L) / 8);
        body.skip(update ? 2 * bitmap : bitmap);
        int prefix = body.arrayOffset() - start;
        byte[] inflated = MariaDbCompression.inflate(body, "compressed rows event");
        byte[] plain = MariaDbCompression.concat(body.array(), start, prefix, inflated);
        return rows.decode(header, new ByteReader(plain), postHeader, tables);
    }

    private void verifyChecksum(EventHeader header, byte[] buf, int offset, int length, EventPosition at,
            ServerVersion version, boolean formatDescription) {
        crc.reset();
        int covered = length - CHECKSUM_LENGTH;
        if (formatDescription) {
            // The server sets and clears the in-use flag after writing this event's checksum.
            crc.update(buf, offset, FLAGS_OFFSET);
            crc.update(buf[offset + FLAGS_OFFSET] & ~FLAG_BINLOG_IN_USE);
            crc.update(buf, offset + FLAGS_OFFSET + 1, covered - FLAGS_OFFSET - 1);
        } else {
            crc.update(buf, offset, covered);
        }
        long computed = crc.getValue();
        int p = offset + covered;
        long expected = (buf[p] & 0xffL) | (buf[p + 1] & 0xffL) << 8 | (buf[p + 2] & 0xffL) << 16
                | (buf[p + 3] & 0xffL) << 24;
        if (computed != expected) {
            throw new BinlogChecksumException(at, header.typeCode(), version, length, expected, computed);
        }
    }
}
