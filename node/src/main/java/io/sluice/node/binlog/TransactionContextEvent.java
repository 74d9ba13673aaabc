package io.sluice.node.binlog;

import java.util.List;

/**
 * TRANSACTION_CONTEXT (MySQL Group Replication, 5.7.6+): the write set a transaction was certified with.
 * Written to relay logs of group members, not to a source's binlog.
 *
 * @param snapshotVersion the encoded GTID set the transaction saw; do not modify
 * @param writeSet        hashes of the rows written
 * @param readSet         hashes of the rows read
 */
public record TransactionContextEvent(EventHeader header, String serverUuid, long threadId, boolean gtidSpecified,
        byte[] snapshotVersion, List<String> writeSet, List<String> readSet) implements BinlogEvent {
}
