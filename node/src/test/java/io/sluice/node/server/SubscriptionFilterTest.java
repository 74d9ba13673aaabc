package io.sluice.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.RowChange;
import io.sluice.node.filter.TableFilter;

class SubscriptionFilterTest {
    private static boolean accepts(SubscriptionFilter filter, byte[] entry) {
        return filter.accepts(ByteBuffer.wrap(entry).asReadOnlyBuffer());
    }

    private static byte[] ddl(String schema, String table) {
        return Entry.newBuilder().setHeader(Header.newBuilder().setSchemaName(schema).setTableName(table)
                        .setEventType(EventType.CREATE))
                .setEntryType(EntryType.ROWDATA)
                .setStoreValue(RowChange.newBuilder().setIsDdl(true).setSql("create ...").build().toByteString())
                .build().toByteArray();
    }

    @Test
    void emptyFilterTakesEverything() {
        assertSame(SubscriptionFilter.ALL, SubscriptionFilter.parse(""));
        assertSame(SubscriptionFilter.ALL, SubscriptionFilter.parse(null));
        assertTrue(accepts(SubscriptionFilter.ALL, TestEntries.insert(1, "other", "t", "x")));
        assertTrue(accepts(SubscriptionFilter.ALL, new byte[] {0x0E}));
    }

    @Test
    void filterRules() {
        SubscriptionFilter filter = SubscriptionFilter.parse("shop\\.orders,inv\\..*");
        assertTrue(accepts(filter, TestEntries.insert(1, "shop", "orders", "x")));
        assertTrue(accepts(filter, TestEntries.insert(1, "inv", "stock", "x")));
        assertFalse(accepts(filter, TestEntries.insert(1, "shop", "items", "x")));
        // transaction begin and end pass, whatever their header says
        assertTrue(accepts(filter, TestEntries.begin(1)));
        assertTrue(accepts(filter, TestEntries.end(2)));
        assertTrue(accepts(filter, Entry.newBuilder().setHeader(Header.newBuilder().setSchemaName("x")
                .setTableName("y")).setEntryType(EntryType.TRANSACTIONEND).build().toByteArray()));
        // no header, or no names: passes
        assertTrue(accepts(filter, Entry.newBuilder().setEntryType(EntryType.ROWDATA).build().toByteArray()));
        assertTrue(accepts(filter, ddl("", "")));
        // DDL with a schema only is matched as "schema."
        assertTrue(accepts(filter, ddl("inv", "")));
        assertFalse(accepts(filter, ddl("shop", "")));
        assertFalse(accepts(filter, ddl("other", "")));
        // an entry that cannot be read is served: the client decides
        assertTrue(accepts(filter, new byte[] {0x0A, 0x05, 0x42}));
    }

    /** The same decisions as decoding the whole entry with the generated classes and matching every time. */
    @Test
    void decidesAsDecodingTheWholeEntry() {
        String text = "shop\\..*,inv\\.stock_[0-9]+";
        SubscriptionFilter filter = SubscriptionFilter.parse(text);
        TableFilter tables = TableFilter.ALL.forSubscription(text);
        Random random = new Random(3);
        String[] schemas = {"shop", "inv", "other", "", "SHOP"};
        EntryType[] types = EntryType.values();
        for (int i = 0; i < 5_000; i++) {
            String schema = schemas[random.nextInt(schemas.length)];
            String table = random.nextInt(4) == 0 ? "" : "stock_" + random.nextInt(30);
            EntryType type = types[random.nextInt(types.length)];
            Entry.Builder builder = Entry.newBuilder().setEntryType(type);
            if (random.nextInt(10) != 0) {
                builder.setHeader(Header.newBuilder().setSchemaName(schema).setTableName(table));
            }
            byte[] bytes = builder.build().toByteArray();
            assertEquals(expected(tables, bytes), accepts(filter, bytes), schema + "." + table + " " + type);
        }
    }

    /** What the filter decided before it read only the names: the whole Entry decoded, the patterns matched. */
    private static boolean expected(TableFilter tables, byte[] bytes) {
        Entry entry;
        try {
            entry = Entry.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return true;
        }
        if (entry.getEntryType() == EntryType.TRANSACTIONBEGIN || entry.getEntryType() == EntryType.TRANSACTIONEND) {
            return true;
        }
        Header header = entry.getHeader();
        if (header.getSchemaName().isEmpty() && header.getTableName().isEmpty()) {
            return true;
        }
        return tables.accepts(header.getSchemaName(), header.getTableName());
    }

    @Test
    void decisionsAreRememberedPerTableUpToTheBound() {
        SubscriptionFilter filter = SubscriptionFilter.parse("shop\\..*");
        for (int i = 0; i < 3; i++) {
            assertTrue(accepts(filter, TestEntries.insert(i, "shop", "orders", "x")));
            assertFalse(accepts(filter, TestEntries.insert(i, "other", "orders", "x")));
            assertTrue(accepts(filter, TestEntries.begin(i)));
        }
        assertEquals(2, filter.rememberedTables());

        List<String> tables = new ArrayList<>();
        for (int i = 0; i < SubscriptionFilter.MAX_REMEMBERED_TABLES + 50; i++) {
            tables.add("t" + i);
        }
        for (String table : tables) {
            assertTrue(filter.acceptsTable("shop", table));
            assertFalse(filter.acceptsTable("shop_x", table));
        }
        assertEquals(SubscriptionFilter.MAX_REMEMBERED_TABLES, filter.rememberedTables());
        // past the bound, decisions are still right
        assertTrue(filter.acceptsTable("shop", "late"));
        assertFalse(filter.acceptsTable("late", "late"));
        assertEquals(SubscriptionFilter.MAX_REMEMBERED_TABLES, filter.rememberedTables());
    }

    @Test
    void aNewSubscribeStartsWithNothingRemembered() {
        SubscriptionFilter first = SubscriptionFilter.parse("shop\\..*");
        accepts(first, TestEntries.insert(1, "shop", "orders", "x"));
        SubscriptionFilter second = SubscriptionFilter.parse("shop\\..*");
        assertEquals(0, second.rememberedTables());
        assertFalse(accepts(SubscriptionFilter.parse("inv\\..*"), TestEntries.insert(1, "shop", "orders", "x")));
    }
}
