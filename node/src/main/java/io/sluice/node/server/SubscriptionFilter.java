package io.sluice.node.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.sluice.common.protocol.EntryType;
import io.sluice.node.filter.TableFilter;

/**
 * A client's subscribe filter applied to stored entries. Only the entry's type and its header's schema and table
 * names are read ({@link EntryHeaderScanner}), never its row data. As in canal, transaction begin and end entries
 * always pass (clients see their position move), and so does an entry without schema and table.
 *
 * <p>Stored entries already passed the destination's filter, include and exclude lists alike, so checking the
 * client's include list alone gives what canal's "client filter replaces the include list" does.
 *
 * <p>The decision for a table is made once and remembered for the filter's life (one subscription), for up to
 * {@link #MAX_REMEMBERED_TABLES} tables; tables past that are matched against the patterns every time.
 * Thread-safe: the patterns are immutable and the remembered decisions are a concurrent map.
 */
final class SubscriptionFilter {
    static final SubscriptionFilter ALL = new SubscriptionFilter(TableFilter.ALL, "");

    /** Tables whose decision is remembered; each costs its names and a map entry. */
    static final int MAX_REMEMBERED_TABLES = 10_000;

    private final TableFilter tables;
    private final String text;
    private final Map<TableName, Boolean> decisions = new ConcurrentHashMap<>();

    private record TableName(String schema, String table) {
    }

    private SubscriptionFilter(TableFilter tables, String text) {
        this.tables = tables;
        this.text = text;
    }

    /**
     * @param clientFilter canal's subscribe filter: comma-separated table regexes; empty keeps what the destination
     *                     keeps
     * @throws io.sluice.node.filter.FilterSyntaxException naming the pattern and the fix
     */
    static SubscriptionFilter parse(String clientFilter) {
        if (clientFilter == null || clientFilter.isEmpty()) {
            return ALL;
        }
        return new SubscriptionFilter(TableFilter.ALL.forSubscription(clientFilter), clientFilter);
    }

    String text() {
        return text;
    }

    /** Whether the client is served this entry. An entry that cannot be decoded is served: the client decides. */
    boolean accepts(ByteBuffer entryBytes) {
        if (this == ALL) {
            return true;
        }
        EntryHeaderScanner.Scanned entry;
        try {
            entry = EntryHeaderScanner.scan(entryBytes);
        } catch (IOException e) {
            return true;
        }
        if (entry.type() == EntryType.TRANSACTIONBEGIN || entry.type() == EntryType.TRANSACTIONEND) {
            return true;
        }
        if (entry.schema().isEmpty() && entry.table().isEmpty()) {
            return true;
        }
        return acceptsTable(entry.schema(), entry.table());
    }

    /** The table patterns' decision, remembered per table. */
    boolean acceptsTable(String schema, String table) {
        TableName name = new TableName(schema, table);
        Boolean known = decisions.get(name);
        if (known != null) {
            return known;
        }
        boolean accepted = tables.accepts(schema, table);
        if (decisions.size() < MAX_REMEMBERED_TABLES) {
            decisions.putIfAbsent(name, accepted);
        }
        return accepted;
    }

    /** How many tables' decisions are remembered, for tests. */
    int rememberedTables() {
        return decisions.size();
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(everything)" : text;
    }
}
