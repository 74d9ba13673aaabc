package io.sluice.node.mysql;

import io.sluice.common.position.BinlogPosition;

/**
 * Payloads of the replication commands, field by field as the protocol documentation lists them. Pure functions.
 */
final class DumpCommands {
    static final int COM_BINLOG_DUMP = 0x12;
    static final int COM_REGISTER_SLAVE = 0x15;
    static final int COM_BINLOG_DUMP_GTID = 0x1E;

    /** Answer EOF at the end of the binlog instead of waiting for new events. */
    static final int BINLOG_DUMP_NON_BLOCK = 0x01;
    /** MariaDB: send ANNOTATE_ROWS events. */
    static final int BINLOG_SEND_ANNOTATE_ROWS_EVENT = 0x02;
    /** COM_BINLOG_DUMP_GTID: the GTID set follows. */
    static final int BINLOG_THROUGH_GTID = 0x04;

    private DumpCommands() {
    }

    /** COM_REGISTER_SLAVE: makes the replica visible in SHOW REPLICAS / SHOW SLAVE HOSTS. */
    static byte[] registerSlave(long serverId, String reportHost, int reportPort) {
        return new PayloadWriter()
                .u8(COM_REGISTER_SLAVE)
                .u32(serverId)
                .shortString(reportHost)
                .shortString("")        // report_user: not shown anywhere useful, and never our real credentials
                .shortString("")        // report_password
                .u16(reportPort)
                .u32(0)                 // replication rank, unused by servers
                .u32(0)                 // master id, filled in by the server
                .toByteArray();
    }

    /** COM_BINLOG_DUMP from a file position; MariaDB GTID starts use an empty file name and offset 4. */
    static byte[] binlogDump(String file, long offset, int flags, long serverId) {
        if (offset < 0 || offset > ResumePoint.AtFile.MAX_OFFSET) {
            throw new IllegalArgumentException("binlog dump offset " + offset + " does not fit 4 bytes");
        }
        return new PayloadWriter()
                .u8(COM_BINLOG_DUMP)
                .u32(offset)
                .u16(flags)
                .u32(serverId)
                .restString(file)
                .toByteArray();
    }

    static byte[] binlogDump(BinlogPosition position, int flags, long serverId) {
        return binlogDump(position.file(), position.offset(), flags, serverId);
    }

    /** COM_BINLOG_DUMP_GTID (MySQL 5.6+): sends every transaction not in the encoded GTID set. */
    static byte[] binlogDumpGtid(int flags, long serverId, byte[] encodedGtidSet) {
        byte[] file = new byte[0];
        return new PayloadWriter()
                .u8(COM_BINLOG_DUMP_GTID)
                .u16(flags | BINLOG_THROUGH_GTID)
                .u32(serverId)
                .u32(file.length)
                .bytes(file)
                .u64(ResumePoint.AtFile.FIRST_EVENT_OFFSET)
                .u32(encodedGtidSet.length)
                .bytes(encodedGtidSet)
                .toByteArray();
    }
}
