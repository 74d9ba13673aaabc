package io.sluice.node.binlog;

import io.sluice.node.mysql.ServerVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the events that describe the stream rather than the data: FORMAT_DESCRIPTION, START_V3, ROTATE,
 * INCIDENT, HEARTBEAT (v1, v2), TRANSACTION_CONTEXT and VIEW_CHANGE. Layout: MySQL
 * libs/mysql/binlog/event/control_events.cpp and codecs/binary.cpp. Stateless.
 */
final class ControlEventDecoder {
    static final int SERVER_VERSION_LENGTH = 50;
    /** Bytes of the FORMAT_DESCRIPTION body before the post-header lengths: version, server version, created, header length. */
    static final int FORMAT_DESCRIPTION_FIXED = 2 + SERVER_VERSION_LENGTH + 4 + 1;
    private static final int BINLOG_VERSION = 4;
    private static final int VIEW_ID_LENGTH = 40;
    private static final int HEARTBEAT_END_MARK = 0;
    private static final int HEARTBEAT_LOG_FILENAME = 1;
    private static final int HEARTBEAT_LOG_POSITION = 2;

    private ControlEventDecoder() {
    }

    /**
     * @param r the bytes after the 19-byte header up to the end of the event, the trailing algorithm byte and
     *          checksum included: whether they are there depends on the server version this event announces
     */
    static FormatDescriptionEvent decodeFormatDescription(EventHeader header, ByteReader r) {
        int binlogVersion = r.u16();
        ServerVersion version = ServerVersion.parseLenient(nulPadded(r, SERVER_VERSION_LENGTH));
        long created = r.u32();
        int commonHeaderLength = r.u8();
        if (binlogVersion != BINLOG_VERSION) {
            throw new BinlogFormatException("FORMAT_DESCRIPTION_EVENT announces binlog version " + binlogVersion
                    + "; only version 4 (MySQL 5.0+, MariaDB) has this event");
        }
        if (commonHeaderLength < EventHeader.LENGTH) {
            throw new BinlogFormatException("FORMAT_DESCRIPTION_EVENT announces a common header of "
                    + commonHeaderLength + " bytes; it cannot be shorter than " + EventHeader.LENGTH);
        }
        if (version.major() == 0 && version.minor() == 0 && version.patch() == 0) {
            throw new BinlogFormatException("FORMAT_DESCRIPTION_EVENT has an invalid server version '"
                    + version.text() + "'");
        }
        int types = r.remaining();
        int algorithm = FormatDescriptionEvent.CHECKSUM_UNDEFINED;
        if (version.writesChecksumAlgorithm()) {
            // The last 5 bytes are the algorithm and the checksum (or zeros when checksums are off).
            if (types < 5) {
                throw new BinlogFormatException("FORMAT_DESCRIPTION_EVENT of server " + version
                        + " is too short for its checksum algorithm and checksum");
            }
            algorithm = r.array()[r.arrayOffset() + types - 5] & 0xff;
            if (algorithm == FormatDescriptionEvent.CHECKSUM_UNDEFINED) {
                types -= 1;
            } else if (algorithm == FormatDescriptionEvent.CHECKSUM_OFF
                    || algorithm == FormatDescriptionEvent.CHECKSUM_CRC32) {
                types -= 5;
            } else {
                throw new BinlogFormatException("FORMAT_DESCRIPTION_EVENT names checksum algorithm " + algorithm
                        + "; MySQL and MariaDB know only 0 (none) and 1 (CRC32)");
            }
        }
        if (types < 1) {
            throw new BinlogFormatException("FORMAT_DESCRIPTION_EVENT lists no post-header lengths");
        }
        byte[] postHeaderLengths = r.bytes(types);
        return new FormatDescriptionEvent(header, binlogVersion, version, created, commonHeaderLength,
                postHeaderLengths, algorithm);
    }

    static StartV3Event decodeStartV3(EventHeader header, ByteReader r) {
        int binlogVersion = r.u16();
        ServerVersion version = ServerVersion.parseLenient(nulPadded(r, SERVER_VERSION_LENGTH));
        long created = r.u32();
        return new StartV3Event(header, binlogVersion, version, created);
    }

    static RotateEvent decodeRotate(EventHeader header, ByteReader r, int postHeaderLength) {
        long position = 4;
        if (postHeaderLength > 0) {
            if (postHeaderLength < 8) {
                throw new BinlogFormatException("ROTATE post-header of " + postHeaderLength
                        + " bytes cannot hold the 8-byte position");
            }
            position = r.u64();
            r.skip(postHeaderLength - 8);
        }
        if (!r.hasRemaining()) {
            throw new BinlogFormatException("ROTATE without a file name");
        }
        return new RotateEvent(header, position, r.restString(StandardCharsets.UTF_8));
    }

    static IncidentEvent decodeIncident(EventHeader header, ByteReader r, int postHeaderLength) {
        int incident = r.u16();
        if (incident != IncidentEvent.LOST_EVENTS) {
            throw new BinlogFormatException("INCIDENT with incident number " + incident
                    + "; the only one MySQL and MariaDB define is 1 (LOST_EVENTS)");
        }
        if (postHeaderLength > 2) {
            r.position(postHeaderLength);
        }
        int length = r.u8();
        return new IncidentEvent(header, incident, r.string(length, StandardCharsets.UTF_8));
    }

    /** HEARTBEAT: the file name is the whole body; the position is the header's. */
    static HeartbeatEvent decodeHeartbeat(EventHeader header, ByteReader r) {
        return new HeartbeatEvent(header, r.restString(StandardCharsets.UTF_8), header.logPos());
    }

    /** HEARTBEAT_V2 (MySQL 8.0.26+): type-length-value fields up to an end mark; unknown fields are skipped. */
    static HeartbeatEvent decodeHeartbeatV2(EventHeader header, ByteReader r) {
        String file = "";
        long position = 0;
        while (r.hasRemaining()) {
            long type = r.lenencInt();
            if (type == HEARTBEAT_END_MARK) {
                break;
            }
            int length = Lengths.packedCount(r, 1, "HEARTBEAT_V2 field length");
            ByteReader value = r.slice(length);
            if (type == HEARTBEAT_LOG_FILENAME) {
                file = value.restString(StandardCharsets.UTF_8);
            } else if (type == HEARTBEAT_LOG_POSITION) {
                position = value.lenencInt();
            }
        }
        return new HeartbeatEvent(header, file, position);
    }

    static TransactionContextEvent decodeTransactionContext(EventHeader header, ByteReader r) {
        int uuidLength = r.u8();
        long threadId = r.u32();
        boolean gtidSpecified = r.u8() != 0;
        long snapshotLength = r.u32();
        long writeSetLength = r.u32();
        long readSetLength = r.u32();
        String uuid = r.string(uuidLength, StandardCharsets.US_ASCII);
        byte[] snapshot = r.bytes(Lengths.count(snapshotLength, 1, r, "TRANSACTION_CONTEXT snapshot version length"));
        List<String> writeSet = hashes(r, writeSetLength, "TRANSACTION_CONTEXT write set size");
        List<String> readSet = hashes(r, readSetLength, "TRANSACTION_CONTEXT read set size");
        return new TransactionContextEvent(header, uuid, threadId, gtidSpecified, snapshot, writeSet, readSet);
    }

    private static List<String> hashes(ByteReader r, long count, String what) {
        int n = Lengths.count(count, 2, r, what);
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(r.string(r.u16(), StandardCharsets.US_ASCII));
        }
        return List.copyOf(list);
    }

    static ViewChangeEvent decodeViewChange(EventHeader header, ByteReader r) {
        String viewId = nulPadded(r, VIEW_ID_LENGTH);
        if (viewId.isEmpty()) {
            throw new BinlogFormatException("VIEW_CHANGE without a view id");
        }
        long seqNumber = r.u64();
        int entries = Lengths.count(r.u32(), 2 + 4, r, "VIEW_CHANGE certification info size");
        Map<String, byte[]> info = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            String key = r.string(r.u16(), StandardCharsets.UTF_8);
            info.put(key, r.bytes(Lengths.count(r.u32(), 1, r, "VIEW_CHANGE certification value length")));
        }
        return new ViewChangeEvent(header, viewId, seqNumber, Collections.unmodifiableMap(info));
    }

    /** A fixed-size field holding a string padded with NULs. */
    static String nulPadded(ByteReader r, int size) {
        byte[] a = r.array();
        int start = r.arrayOffset();
        r.skip(size);
        int end = start;
        while (end < start + size && a[end] != 0) {
            end++;
        }
        return new String(a, start, end - start, StandardCharsets.ISO_8859_1);
    }
}
