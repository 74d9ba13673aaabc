package io.sluice.node.pipeline;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.Pair;
import io.sluice.node.binlog.EventPosition;

/**
 * Stamps every entry with a stable identity, the header prop {@value #PROP}, so that a consumer can drop an entry
 * it sees again (after a rollback, a reconnect or a failover). The identity names the source transaction and the
 * event's place in it, not anything local to one node:
 * <ul>
 *   <li>with a GTID (prop {@code curtGtid}): {@code <gtid>#<event index>}, e.g. {@code 0-1-42#3}, where the event
 *       index counts every binlog event of the transaction from the one that opened it (0). It does not depend on
 *       which binlog file or offset the transaction has, so it survives a source switch to another replica;</li>
 *   <li>without: the event's binlog position, {@code <file>:<offset>}, with {@code /<n>} for the n-th event inside a
 *       compressed transaction payload.</li>
 * </ul>
 * A row's identity is its entry's identity plus its index in {@code RowChange.rowDatas}, which is stable because an
 * entry always holds one whole rows event. Heartbeat entries carry no identity.
 */
public final class ChangeIdentity {
    /** The header prop that carries the identity. */
    public static final String PROP = "sluice.id";
    private static final String CURRENT_GTID = "curtGtid";

    private ChangeIdentity() {
    }

    static Entry stamp(Entry entry, EventPosition position, int eventIndex) {
        if (entry.getEntryType() == EntryType.HEARTBEAT) {
            return entry;
        }
        String gtid = null;
        for (Pair prop : entry.getHeader().getPropsList()) {
            if (CURRENT_GTID.equals(prop.getKey())) {
                gtid = prop.getValue();
            }
        }
        String identity = gtid != null && !gtid.isEmpty() ? gtid + "#" + eventIndex : position.toString();
        return entry.toBuilder()
                .setHeader(entry.getHeader().toBuilder()
                        .addProps(Pair.newBuilder().setKey(PROP).setValue(identity)))
                .build();
    }

    /** The identity an entry was stamped with, or null. */
    public static String of(Entry entry) {
        for (Pair prop : entry.getHeader().getPropsList()) {
            if (PROP.equals(prop.getKey())) {
                return prop.getValue();
            }
        }
        return null;
    }
}
