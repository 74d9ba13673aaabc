package io.sluice.node.entry;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.RowChange;
import io.sluice.node.binlog.BinlogEvent;
import io.sluice.node.binlog.Collations;
import io.sluice.node.binlog.GtidEvent;
import io.sluice.node.binlog.HeartbeatEvent;
import io.sluice.node.binlog.IncidentEvent;
import io.sluice.node.binlog.MariaDbGtidEvent;
import io.sluice.node.binlog.QueryEvent;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.RowsQueryEvent;
import io.sluice.node.binlog.XidEvent;
import io.sluice.node.schema.TableName;
import io.sluice.node.source.DecodedEvent;

/**
 * Turns decoded binlog events into canal entries ({@link Entry}), in stream order. See docs/entries.md for every field.
 *
 * <p>What each event becomes:
 * <ul>
 *   <li>rows event: one ROWDATA entry with all its rows ({@link RowChangeEntries});</li>
 *   <li>BEGIN query, and a MariaDB GTID event that opens a transaction: TRANSACTIONBEGIN;</li>
 *   <li>XID, COMMIT or ROLLBACK query: TRANSACTIONEND; XA START / XA END / XA COMMIT / XA ROLLBACK as canal;</li>
 *   <li>GTID (MySQL, not anonymous) and MariaDB GTID: GTIDLOG, and the GTID goes on later headers;</li>
 *   <li>ROWS_QUERY / ANNOTATE_ROWS: a QUERY entry with the statement;</li>
 *   <li>HEARTBEAT (live streams only): a HEARTBEAT entry, so clients can tell an idle source from a stalled
 *       pipeline;</li>
 *   <li>INCIDENT: {@link SourceIncidentException} — the destination must stop;</li>
 *   <li>any other QUERY (DDL, DCL, statement-based DML): not converted here — {@link #entries} refuses it, and the
 *       pipeline calls {@link #ddl} with the kind and tables the schema history's parser found
 *       ({@link #needsDdlKind} tells which events those are);</li>
 *   <li>everything else (table maps, format descriptions, rotates, ...): nothing.</li>
 * </ul>
 *
 * <p>Not thread-safe: one builder per destination stream, fed in binlog order (it follows the GTID state).
 */
public final class EntryBuilder {
    private final TableDefinitionLookup tables;
    private final GtidTracker gtids;
    private final Headers headers;
    private final RowChangeEntries rows;

    /** A builder with no GTID history: the executed set on headers starts with the first GTID seen. */
    public EntryBuilder(EntryOptions options, TableDefinitionLookup tables) {
        this(options, tables, null);
    }

    /**
     * @param executedGtids the GTID set the stream starts after (MySQL {@code uuid:1-5,...} or MariaDB
     *                      {@code 0-1-17,...}), so that {@code Header.gtid} is the full executed set as in canal; null
     *                      when unknown or the source has no GTIDs
     */
    public EntryBuilder(EntryOptions options, TableDefinitionLookup tables, String executedGtids) {
        Objects.requireNonNull(options, "options");
        this.tables = Objects.requireNonNull(tables, "tables (use TableDefinitionLookup.NONE for none)");
        this.gtids = new GtidTracker(executedGtids);
        this.headers = new Headers(gtids);
        this.rows = new RowChangeEntries(new ColumnValueText(options));
    }

    /**
     * True for QUERY events {@link #entries} does not convert: statements other than transaction control (BEGIN,
     * COMMIT, ROLLBACK, XA ...). Convert them with {@link #ddl}.
     */
    public static boolean needsDdlKind(BinlogEvent event) {
        return event instanceof QueryEvent q && control(q) == null;
    }

    /**
     * The entries for one event: usually none or one (a MariaDB GTID event that opens a transaction gives GTIDLOG and
     * TRANSACTIONBEGIN).
     *
     * @throws SourceIncidentException  for an INCIDENT event
     * @throws IllegalArgumentException for a statement QUERY event (see {@link #needsDdlKind}); use {@link #ddl}
     * @throws IllegalStateException    when the table definition does not match the rows event's column count
     */
    public List<Entry> entries(DecodedEvent e) {
        BinlogEvent event = e.event();
        if (event instanceof RowsEvent r) {
            return List.of(rows.build(e, r, tables.find(r.table().schema(), r.table().table()), headers));
        }
        if (event instanceof XidEvent x) {
            return List.of(TransactionEntries.end(header(e, null), Long.toString(x.xid())));
        }
        if (event instanceof QueryEvent q) {
            return query(e, q);
        }
        if (event instanceof GtidEvent g) {
            gtids.observe(g);
            return g.anonymous() ? List.of() : List.of(TransactionEntries.gtid(header(e, EventType.GTID), g.gtid()));
        }
        if (event instanceof MariaDbGtidEvent g) {
            gtids.observe(g);
            Entry gtid = TransactionEntries.gtid(header(e, EventType.GTID), g.gtid());
            if (g.standalone()) {
                return List.of(gtid);
            }
            return List.of(gtid, TransactionEntries.begin(header(e, null), g.threadId()));
        }
        if (event instanceof RowsQueryEvent rq) {
            RowChange change = RowChange.newBuilder().setSql(rq.sql()).setEventType(EventType.QUERY).build();
            return List.of(TransactionEntries.entry(header(e, EventType.QUERY), EntryType.ROWDATA,
                    change.toByteString()));
        }
        if (event instanceof HeartbeatEvent hb) {
            Header h = headers.create(e, null, null, EventType.MHEARTBEAT, 0)
                    .setLogfileName(hb.logFile())
                    .setLogfileOffset(hb.logPosition())
                    .build();
            return List.of(Entry.newBuilder().setHeader(h).setEntryType(EntryType.HEARTBEAT).build());
        }
        if (event instanceof IncidentEvent i) {
            throw new SourceIncidentException(e.position(), i.incident(), i.message());
        }
        return List.of();
    }

    /**
     * The entry of a statement QUERY event: DDL, or another statement the schema history classified.
     *
     * @param query  a QUERY event for which {@link #needsDdlKind} is true
     * @param kind   what the statement does: CREATE, ALTER, ERASE (DROP TABLE), RENAME, TRUNCATE, CINDEX, DINDEX,
     *               QUERY (anything else, e.g. GRANT or CREATE DATABASE), or INSERT/UPDATE/DELETE for
     *               statement-logged DML (then {@code isDdl} is false)
     * @param tables the tables the statement affects, in statement order, schema filled in (for RENAME: the new name
     *               first, as canal reports it); empty when none (a schema-level DDL may pass its schema with an empty
     *               table name). The header names the first; with more than one, the RowChange prop {@code tables}
     *               lists them all, comma-separated.
     */
    public Entry ddl(DecodedEvent query, EventType kind, List<TableName> tables) {
        if (!(query.event() instanceof QueryEvent q)) {
            throw new IllegalArgumentException("ddl() takes a QUERY event, got " + query.event().getClass()
                    .getSimpleName() + " at " + query.position());
        }
        Objects.requireNonNull(kind, "kind");
        String sql = sql(q);
        String schema;
        String table;
        if (tables.isEmpty()) {
            schema = q.defaultDatabase().isEmpty() ? null : q.defaultDatabase();
            table = null;
        } else {
            schema = tables.get(0).schema();
            table = tables.get(0).name();
        }
        boolean dml = kind == EventType.INSERT || kind == EventType.UPDATE || kind == EventType.DELETE;
        RowChange.Builder change = RowChange.newBuilder()
                .setIsDdl(!dml)
                .setSql(sql)
                .setEventType(kind);
        if (!q.defaultDatabase().isEmpty()) {
            change.setDdlSchemaName(q.defaultDatabase());
        }
        if (tables.size() > 1) {
            StringJoiner all = new StringJoiner(",");
            for (TableName t : tables) {
                all.add(t.toString());
            }
            change.addProps(Headers.pair("tables", all.toString()));
        }
        return TransactionEntries.entry(headers.create(query, schema, table, kind, 0).build(), EntryType.ROWDATA,
                change.build().toByteString());
    }

    private List<Entry> query(DecodedEvent e, QueryEvent q) {
        String control = control(q);
        if (control == null) {
            throw new IllegalArgumentException("QUERY at " + e.position() + " is a statement, not transaction control;"
                    + " convert it with ddl(event, kind, tables) using the schema history's parse");
        }
        switch (control) {
            case "BEGIN":
                return List.of(TransactionEntries.begin(header(e, null), q.threadId()));
            case "COMMIT", "ROLLBACK":
                return List.of(TransactionEntries.end(header(e, null), "0"));
            case TransactionEntries.XA_START: {
                String sql = sql(q);
                return List.of(TransactionEntries.begin(header(e, null), q.threadId(),
                        Headers.pair(TransactionEntries.XA_TYPE, TransactionEntries.XA_START),
                        Headers.pair(TransactionEntries.XA_XID, TransactionEntries.xid(sql, TransactionEntries.XA_START))));
            }
            case TransactionEntries.XA_END: {
                String sql = sql(q);
                return List.of(TransactionEntries.end(header(e, null), "0",
                        Headers.pair(TransactionEntries.XA_TYPE, TransactionEntries.XA_END),
                        Headers.pair(TransactionEntries.XA_XID, TransactionEntries.xid(sql, TransactionEntries.XA_END))));
            }
            case TransactionEntries.XA_COMMIT:
                return List.of(TransactionEntries.xaOutcome(header(e, EventType.XACOMMIT), sql(q),
                        TransactionEntries.XA_COMMIT, EventType.XACOMMIT));
            default:
                return List.of(TransactionEntries.xaOutcome(header(e, EventType.XAROLLBACK), sql(q),
                        TransactionEntries.XA_ROLLBACK, EventType.XAROLLBACK));
        }
    }

    private Header header(DecodedEvent e, EventType type) {
        return headers.create(e, "", "", type, 0).build();
    }

    /** BEGIN, COMMIT, ROLLBACK, XA START/END/COMMIT/ROLLBACK for transaction control; null for other statements. */
    private static String control(QueryEvent q) {
        if (q.isBegin()) {
            return "BEGIN";
        }
        byte[] sql = q.sqlBytes();
        for (String xa : XA_STATEMENTS) {
            if (startsWithIgnoreCase(sql, xa)) {
                return xa;
            }
        }
        if (sql.length > 16) {
            return null; // not COMMIT or ROLLBACK, even with blanks around
        }
        String s = new String(sql, StandardCharsets.ISO_8859_1).strip().toUpperCase(Locale.ROOT);
        return s.equals("COMMIT") || s.equals("ROLLBACK") ? s : null;
    }

    private static final String[] XA_STATEMENTS = {
        TransactionEntries.XA_START, TransactionEntries.XA_END, TransactionEntries.XA_COMMIT,
        TransactionEntries.XA_ROLLBACK,
    };

    /** canal's {@code StringUtils.startsWithIgnoreCase} on the statement bytes (ASCII keywords). */
    private static boolean startsWithIgnoreCase(byte[] sql, String keyword) {
        if (sql.length < keyword.length()) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            if (Character.toUpperCase((char) (sql[i] & 0xff)) != keyword.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String sql(QueryEvent q) {
        int id = q.status() == null ? -1 : q.status().charsetClient();
        Charset cs = id >= 0 && Collations.isKnown(id) && Collations.charset(id) != null ? Collations.charset(id)
                : StandardCharsets.UTF_8;
        return new String(q.sqlBytes(), cs);
    }
}
