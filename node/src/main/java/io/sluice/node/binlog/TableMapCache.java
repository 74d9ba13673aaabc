package io.sluice.node.binlog;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The TABLE_MAP events seen in a stream, by table id; a newer map for the same id replaces the older one. MySQL
 * drops a statement's maps when the statement ends; this cache instead keeps the most recently used ones up to a
 * bound, which is simpler and never loses a map a later rows event of the same statement needs.
 *
 * <p>It also keeps each map's body bytes: a server writes the same TABLE_MAP before every transaction on a table,
 * and a body identical to the cached one is not decoded again; the new event shares the cached one's column
 * arrays and metadata (see {@link #reuse}).
 *
 * <p>Not thread-safe: one per decoder.
 */
final class TableMapCache implements TableMapLookup {
    private record Entry(TableMapEvent map, byte[] body) {
    }

    private final Map<Long, Entry> maps;
    /** Most rows events refer to the map just before them; this spares the map lookup and the boxing. */
    private Entry last;

    TableMapCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("table map cache capacity must be >= 1, got " + capacity);
        }
        this.maps = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Caches a map decoded from {@code body}, which must be the map's own copy of its bytes. */
    void put(TableMapEvent map, byte[] body) {
        Entry entry = new Entry(map, body);
        maps.put(map.tableId(), entry);
        last = entry;
    }

    void put(TableMapEvent map) {
        put(map, null);
    }

    /**
     * If the cached map for {@code tableId} was decoded from exactly these bytes, caches and returns a map with the
     * new header and the cached map's decoded parts (the same array, BitSet and metadata instances); else null.
     */
    TableMapEvent reuse(long tableId, EventHeader header, byte[] buf, int offset, int length) {
        Entry cached = entry(tableId);
        if (cached == null || cached.body() == null
                || !Arrays.equals(cached.body(), 0, cached.body().length, buf, offset, offset + length)) {
            return null;
        }
        TableMapEvent p = cached.map();
        TableMapEvent map = new TableMapEvent(header, p.tableId(), p.flags(), p.schema(), p.table(), p.columnTypes(),
                p.columnMeta(), p.nullable(), p.metadata());
        put(map, cached.body());
        return map;
    }

    @Override
    public TableMapEvent tableMap(long tableId) {
        Entry entry = entry(tableId);
        return entry == null ? null : entry.map();
    }

    private Entry entry(long tableId) {
        Entry recent = last;
        if (recent != null && recent.map().tableId() == tableId) {
            return recent;
        }
        Entry found = maps.get(tableId);
        if (found != null) {
            last = found;
        }
        return found;
    }

    int size() {
        return maps.size();
    }

    void clear() {
        maps.clear();
        last = null;
    }
}
