package io.sluice.node.binlog;

/**
 * MariaDB GTID (type 162): starts an event group and names it {@code domain-server-sequence}, the server id
 * being the header's. It replaces the BEGIN query of a transaction, or marks a standalone statement such as DDL.
 *
 * @param sequence         the GTID sequence number
 * @param domainId         the replication domain
 * @param flags2           FL_* flags below
 * @param commitId         group commit id when {@link #FL_GROUP_COMMIT_ID} is set, else 0
 * @param xid              the XA transaction id of an XA PREPARE or XA COMMIT/ROLLBACK group, null otherwise
 * @param flagsExtra       FL_EXTRA_* flags (MariaDB 10.8+), 0 when absent
 * @param extraEngines     number of further engines in the transaction when FL_EXTRA_MULTI_ENGINE is set
 * @param startAlterSequence sequence number of the START ALTER this group commits or rolls back, else 0
 * @param threadId         id of the session (MariaDB 11.5+, FL_EXTRA_THREAD_ID), -1 when absent
 */
public record MariaDbGtidEvent(
        EventHeader header,
        long sequence,
        long domainId,
        int flags2,
        long commitId,
        XaId xid,
        int flagsExtra,
        int extraEngines,
        long startAlterSequence,
        long threadId) implements BinlogEvent {

    /** The group is a single statement, not a transaction that ends with XID or COMMIT. */
    public static final int FL_STANDALONE = 0x01;
    public static final int FL_GROUP_COMMIT_ID = 0x02;
    public static final int FL_TRANSACTIONAL = 0x04;
    public static final int FL_ALLOW_PARALLEL = 0x08;
    public static final int FL_WAITED = 0x10;
    public static final int FL_DDL = 0x20;
    public static final int FL_PREPARED_XA = 0x40;
    public static final int FL_COMPLETED_XA = 0x80;
    public static final int FL_EXTRA_MULTI_ENGINE = 0x01;
    public static final int FL_START_ALTER = 0x02;
    public static final int FL_COMMIT_ALTER = 0x04;
    public static final int FL_ROLLBACK_ALTER = 0x08;
    public static final int FL_EXTRA_THREAD_ID = 0x10;

    public boolean standalone() {
        return (flags2 & FL_STANDALONE) != 0;
    }

    /** {@code domain-server-sequence}, as MariaDB prints a GTID. */
    public String gtid() {
        return domainId + "-" + header.serverId() + "-" + Long.toUnsignedString(sequence);
    }
}
