package io.sluice.node.binlog;

/** One MariaDB GTID, {@code domain-server-sequence}, as a GTID_LIST event lists it. */
public record MariaDbGtid(long domainId, long serverId, long sequence) {
    @Override
    public String toString() {
        return domainId + "-" + serverId + "-" + Long.toUnsignedString(sequence);
    }
}
