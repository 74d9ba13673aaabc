package io.sluice.node.entry;

import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.Pair;
import io.sluice.common.protocol.SourceType;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.source.DecodedEvent;

/**
 * Entry headers as canal's {@code LogEventConvert.createHeader} fills them: version 1, the binlog file and the
 * event's start offset, server id, {@code serverenCode} "UTF-8", execute time in milliseconds (the event timestamp,
 * whole seconds), source type MYSQL, schema, table, event type (left unset for transaction entries), event length, the
 * executed GTID set, and the props {@code curtGtid}, {@code curtGtidSn}, {@code curtGtidLct}, {@code rowsCount}.
 *
 * <p>Not thread-safe (reads the tracker's current state).
 */
final class Headers {
    static final String UTF_8 = "UTF-8";

    private final GtidTracker gtids;

    Headers(GtidTracker gtids) {
        this.gtids = gtids;
    }

    /**
     * @param type      the event type, or null to leave it unset (transaction begin and end, as canal does)
     * @param rowsCount the {@code rowsCount} prop, or 0 for none
     */
    Header.Builder create(DecodedEvent e, String schema, String table, EventType type, int rowsCount) {
        EventHeader h = e.event().header();
        Header.Builder b = Header.newBuilder()
                .setVersion(1)
                .setLogfileName(e.position().file())
                .setLogfileOffset(e.position().offset())
                .setServerId(h.serverId())
                .setServerenCode(UTF_8)
                .setExecuteTime(h.timestamp() * 1000L)
                .setSourceType(SourceType.MYSQL)
                .setEventLength(h.eventSize());
        if (type != null) {
            b.setEventType(type);
        }
        if (schema != null) {
            b.setSchemaName(schema);
        }
        if (table != null) {
            b.setTableName(table);
        }
        if (gtids.executed() != null) {
            b.setGtid(gtids.executed());
        }
        if (gtids.current() != null) {
            b.addProps(pair("curtGtid", gtids.current()));
        }
        if (gtids.sequenceNumber() != null) {
            b.addProps(pair("curtGtidSn", gtids.sequenceNumber()));
        }
        if (gtids.lastCommitted() != null) {
            b.addProps(pair("curtGtidLct", gtids.lastCommitted()));
        }
        if (rowsCount > 0) {
            b.addProps(pair("rowsCount", Integer.toString(rowsCount)));
        }
        return b;
    }

    static Pair pair(String key, String value) {
        return Pair.newBuilder().setKey(key).setValue(value).build();
    }
}
