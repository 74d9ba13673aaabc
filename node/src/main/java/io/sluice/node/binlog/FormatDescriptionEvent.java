package io.sluice.node.binlog;

import io.sluice.node.mysql.ServerVersion;

/**
 * FORMAT_DESCRIPTION (binlog version 4, MySQL 5.0+ and MariaDB): the first event of every binlog and relay log,
 * and of every replication stream. It says how to read the events after it: header length, the post-header
 * length of each event type, and whether events end with a CRC32.
 *
 * @param binlogVersion      4 (the event does not exist in older formats)
 * @param serverVersion      the server that wrote the binlog
 * @param createTimestamp    seconds since the epoch when the binlog was created at server start, 0 after a rotation
 * @param commonHeaderLength header length of all other events (19 in every released server)
 * @param postHeaderLengths  post-header length per event type, indexed by type code - 1; do not modify
 * @param checksumAlgorithm  {@link #CHECKSUM_OFF}, {@link #CHECKSUM_CRC32}, or {@link #CHECKSUM_UNDEFINED} for
 *                           servers that predate checksums
 */
public record FormatDescriptionEvent(
        EventHeader header,
        int binlogVersion,
        ServerVersion serverVersion,
        long createTimestamp,
        int commonHeaderLength,
        byte[] postHeaderLengths,
        int checksumAlgorithm) implements BinlogEvent {

    public static final int CHECKSUM_OFF = 0;
    public static final int CHECKSUM_CRC32 = 1;
    /** Written as 255 by servers that know checksums but were told to write none; also our value for older servers. */
    public static final int CHECKSUM_UNDEFINED = 255;
    /** The post-header lengths of binlog format v3 (MySQL 4.x), indexed by type code - 1 (MySQL log_event.h). */
    private static final byte[] V3_POST_HEADER_LENGTHS = {
        56, 11, 0, 8, 0, 18, 0, 4, 4, 4, 4, 18, 0,
    };

    /** Whether the events after this one end with a 4-byte CRC32. */
    public boolean checksumEnabled() {
        return checksumAlgorithm == CHECKSUM_CRC32;
    }

    /** The post-header length of an event type; 0 for types this server does not know. */
    public int postHeaderLength(int typeCode) {
        int index = typeCode - 1;
        return index >= 0 && index < postHeaderLengths.length ? postHeaderLengths[index] & 0xff : 0;
    }

    /**
     * The format a v3 binlog (MySQL 4.0/4.1, started by a START_V3 event) is read with, as MySQL builds it for such
     * logs: 19-byte headers, no checksums, the v3 post-header lengths.
     */
    static FormatDescriptionEvent forBinlogV3(EventHeader header, ServerVersion version) {
        return new FormatDescriptionEvent(header, 3, version, 0, EventHeader.LENGTH, V3_POST_HEADER_LENGTHS.clone(),
                CHECKSUM_UNDEFINED);
    }
}
