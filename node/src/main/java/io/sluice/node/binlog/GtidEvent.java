package io.sluice.node.binlog;

import java.util.UUID;

/**
 * GTID, ANONYMOUS_GTID or GTID_TAGGED (MySQL 5.6+; tagged since 8.3/8.4): starts a transaction and names it
 * {@code uuid[:tag]:gno}, or marks it anonymous (no GTID, gno 0). Later fields exist from the versions noted;
 * an absent field has the value given below.
 *
 * @param flags                    bit 0: the transaction may contain statement-based events
 * @param uuid                     the source server's UUID (zero for anonymous transactions)
 * @param gno                      the transaction's number, 0 for anonymous transactions
 * @param tag                      the GTID tag (MySQL 8.4+ GTID_TAGGED), empty if none
 * @param lastCommitted            logical clock: the transaction this one may run in parallel after (5.7+), -1
 * @param sequenceNumber           logical clock: this transaction's number in the binlog file (5.7+), -1
 * @param immediateCommitTimestamp microseconds since the epoch of the commit on the immediate source (8.0.1+), 0
 * @param originalCommitTimestamp  microseconds since the epoch of the commit on the originating source, 0
 * @param transactionLength        bytes of the whole transaction, this event included (8.0.2+), 0
 * @param immediateServerVersion   version of the immediate source as 80019 for 8.0.19 (8.0.14+), 0
 * @param originalServerVersion    version of the originating source, 0
 * @param commitGroupTicket        binlog group commit ticket (8.0.29+, when used), 0
 */
public record GtidEvent(
        EventHeader header,
        int flags,
        UUID uuid,
        long gno,
        String tag,
        long lastCommitted,
        long sequenceNumber,
        long immediateCommitTimestamp,
        long originalCommitTimestamp,
        long transactionLength,
        long immediateServerVersion,
        long originalServerVersion,
        long commitGroupTicket) implements BinlogEvent {

    /** The transaction may contain changes logged as statements. */
    public static final int FLAG_MAY_HAVE_SBR = 1;

    public boolean anonymous() {
        return header.typeCode() == EventType.ANONYMOUS_GTID.code();
    }

    /** {@code uuid:gno} or {@code uuid:tag:gno}, as MySQL prints a GTID; "ANONYMOUS" for anonymous transactions. */
    public String gtid() {
        if (anonymous()) {
            return "ANONYMOUS";
        }
        return tag.isEmpty() ? uuid + ":" + gno : uuid + ":" + tag + ":" + gno;
    }
}
