package io.sluice.node.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.sluice.node.schema.TableName;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.Pair;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.TransactionBegin;
import io.sluice.common.protocol.TransactionEnd;
import io.sluice.node.binlog.BinlogEvent;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventPosition;
import io.sluice.node.binlog.GtidEvent;
import io.sluice.node.binlog.HeartbeatEvent;
import io.sluice.node.binlog.IncidentEvent;
import io.sluice.node.binlog.MariaDbGtidEvent;
import io.sluice.node.binlog.QueryEvent;
import io.sluice.node.binlog.XidEvent;
import io.sluice.node.source.DecodedEvent;

class TransactionEntriesTest {
    private static final UUID UUID_A = UUID.fromString("3e11fa47-71ca-11e1-9e33-c80aa9429562");

    private static EventHeader header(int type, long size) {
        return new EventHeader(1_700_000_123L, type, 5, size, 4000, 0);
    }

    private static DecodedEvent at(long offset, BinlogEvent e) {
        return new DecodedEvent(EventPosition.of("mysql-bin.000002", offset), e);
    }

    private static QueryEvent query(String sql, String db) {
        return new QueryEvent(header(2, 80), 42, 0, 0, null, db, sql.getBytes(StandardCharsets.UTF_8));
    }

    private final EntryBuilder builder = new EntryBuilder(EntryOptions.defaults(), TableDefinitionLookup.NONE);

    @Test
    void mysqlTransaction() throws Exception {
        GtidEvent gtid = new GtidEvent(header(33, 79), 0, UUID_A, 7, "", 3, 4, 0, 0, 0, 0, 0, 0);
        List<Entry> g = builder.entries(at(100, gtid));
        assertEquals(1, g.size());
        assertEquals(EntryType.GTIDLOG, g.get(0).getEntryType());
        assertEquals(EventType.GTID, g.get(0).getHeader().getEventType());
        assertEquals(UUID_A + ":7", Pair.parseFrom(g.get(0).getStoreValue()).getValue());

        Entry begin = builder.entries(at(179, query("BEGIN", "db"))).get(0);
        assertEquals(EntryType.TRANSACTIONBEGIN, begin.getEntryType());
        Header h = begin.getHeader();
        assertEquals(179, h.getLogfileOffset());
        assertEquals(80, h.getEventLength());
        assertEquals(1_700_000_123_000L, h.getExecuteTime());
        assertFalse(h.hasEventType(), "canal leaves the event type of transaction entries unset");
        assertEquals("", h.getSchemaName());
        assertEquals(UUID_A + ":7", h.getGtid());
        assertEquals(List.of("curtGtid=" + UUID_A + ":7", "curtGtidSn=4", "curtGtidLct=3"),
                h.getPropsList().stream().map(p -> p.getKey() + "=" + p.getValue()).toList());
        TransactionBegin tb = TransactionBegin.parseFrom(begin.getStoreValue());
        assertEquals(42, tb.getThreadId());

        Entry end = builder.entries(at(500, new XidEvent(header(16, 31), 991))).get(0);
        assertEquals(EntryType.TRANSACTIONEND, end.getEntryType());
        assertEquals("991", TransactionEnd.parseFrom(end.getStoreValue()).getTransactionId());
    }

    @Test
    void executedGtidSetStartsFromTheGivenSet() {
        EntryBuilder b = new EntryBuilder(EntryOptions.defaults(), TableDefinitionLookup.NONE, UUID_A + ":1-6");
        GtidEvent gtid = new GtidEvent(header(33, 79), 0, UUID_A, 7, "", -1, -1, 0, 0, 0, 0, 0, 0);
        assertEquals(UUID_A + ":1-7", b.entries(at(100, gtid)).get(0).getHeader().getGtid());
    }

    @Test
    void mariaDbGtidOpensTheTransaction() throws Exception {
        MariaDbGtidEvent g = new MariaDbGtidEvent(header(162, 42), 17, 0, 0, 0, null, 0, 0, 0, 99);
        List<Entry> entries = builder.entries(at(300, g));
        assertEquals(List.of(EntryType.GTIDLOG, EntryType.TRANSACTIONBEGIN),
                entries.stream().map(Entry::getEntryType).toList());
        assertEquals("0-5-17", entries.get(1).getHeader().getGtid());
        assertEquals(99, TransactionBegin.parseFrom(entries.get(1).getStoreValue()).getThreadId());
        Entry commit = builder.entries(at(900, query("COMMIT", "db"))).get(0);
        assertEquals(EntryType.TRANSACTIONEND, commit.getEntryType());
        assertEquals("0", TransactionEnd.parseFrom(commit.getStoreValue()).getTransactionId());
    }

    @Test
    void standaloneMariaDbGtidOpensNothing() {
        MariaDbGtidEvent g = new MariaDbGtidEvent(header(162, 42), 18, 0, MariaDbGtidEvent.FL_STANDALONE, 0, null, 0,
                0, 0, -1);
        assertEquals(List.of(EntryType.GTIDLOG), builder.entries(at(300, g)).stream().map(Entry::getEntryType).toList());
    }

    @Test
    void xaStatementsAsCanal() throws Exception {
        Entry start = builder.entries(at(10, query("XA START 'x1'", "db"))).get(0);
        assertEquals(EntryType.TRANSACTIONBEGIN, start.getEntryType());
        assertEquals(List.of("XA_TYPE=XA START", "XA_XID= 'x1'"), props(TransactionBegin.parseFrom(
                start.getStoreValue()).getPropsList()));
        Entry end = builder.entries(at(20, query("XA END 'x1'", "db"))).get(0);
        assertEquals(EntryType.TRANSACTIONEND, end.getEntryType());
        Entry commit = builder.entries(at(30, query("XA COMMIT 'x1'", "db"))).get(0);
        assertEquals(EntryType.ROWDATA, commit.getEntryType());
        assertEquals(EventType.XACOMMIT, commit.getHeader().getEventType());
        RowChange rc = RowChange.parseFrom(commit.getStoreValue());
        assertEquals("XA COMMIT 'x1'", rc.getSql());
        assertEquals(List.of("XA_TYPE=XA COMMIT", "XA_XID= 'x1'"), props(rc.getPropsList()));
    }

    private static List<String> props(List<Pair> pairs) {
        return pairs.stream().map(p -> p.getKey() + "=" + p.getValue()).toList();
    }

    @Test
    void ddlEntry() throws Exception {
        DecodedEvent q = at(700, query("ALTER TABLE t ADD COLUMN c INT", "shop"));
        assertTrue(EntryBuilder.needsDdlKind(q.event()));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> builder.entries(q));
        assertTrue(refused.getMessage().contains("mysql-bin.000002:700"), refused.getMessage());

        Entry e = builder.ddl(q, EventType.ALTER, List.of(new TableName("shop", "t")));
        assertEquals(EntryType.ROWDATA, e.getEntryType());
        assertEquals(EventType.ALTER, e.getHeader().getEventType());
        assertEquals("shop", e.getHeader().getSchemaName());
        assertEquals("t", e.getHeader().getTableName());
        RowChange rc = RowChange.parseFrom(e.getStoreValue());
        assertTrue(rc.getIsDdl());
        assertEquals("ALTER TABLE t ADD COLUMN c INT", rc.getSql());
        assertEquals("shop", rc.getDdlSchemaName());
        assertEquals(EventType.ALTER, rc.getEventType());
        assertEquals(0, rc.getPropsCount());

        Entry rename = builder.ddl(at(800, query("RENAME TABLE a TO b, c TO d", "s")), EventType.RENAME,
                List.of(new TableName("s", "b"), new TableName("s", "d")));
        assertEquals("b", rename.getHeader().getTableName());
        assertEquals(List.of("tables=s.b,s.d"), props(RowChange.parseFrom(rename.getStoreValue()).getPropsList()));
        assertFalse(EntryBuilder.needsDdlKind(query("BEGIN", "")));
        assertFalse(EntryBuilder.needsDdlKind(query(" commit ", "")));
    }

    @Test
    void heartbeatReachesClients() {
        HeartbeatEvent hb = new HeartbeatEvent(header(27, 40), "mysql-bin.000009", 1234);
        Entry e = builder.entries(at(0, hb)).get(0);
        assertEquals(EntryType.HEARTBEAT, e.getEntryType());
        assertEquals(EventType.MHEARTBEAT, e.getHeader().getEventType());
        assertEquals("mysql-bin.000009", e.getHeader().getLogfileName());
        assertEquals(1234, e.getHeader().getLogfileOffset());
    }

    @Test
    void incidentStopsWithAClearError() {
        IncidentEvent i = new IncidentEvent(header(26, 40), IncidentEvent.LOST_EVENTS, "error writing to the binlog");
        SourceIncidentException e = assertThrows(SourceIncidentException.class, () -> builder.entries(at(4242, i)));
        assertEquals("source reported incident 1 (LOST_EVENTS) at mysql-bin.000002:4242: error writing to the binlog;"
                + " changes may be missing from the binlog. Resynchronize the affected tables, then restart the"
                + " destination at a position after mysql-bin.000002:4242", e.getMessage());
    }
}
