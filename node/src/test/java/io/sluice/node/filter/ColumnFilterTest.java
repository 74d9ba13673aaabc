package io.sluice.node.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** canal's field filter format and rules. */
class ColumnFilterTest {

    @Test
    void anIncludeListKeepsOnlyItsColumns() {
        ColumnFilter f = ColumnFilter.parse("shop.orders:id/amount,crm.customer:id/name", null);
        assertTrue(f.accepts("shop", "orders", "id"));
        assertTrue(f.accepts("shop", "orders", "AMOUNT"));
        assertFalse(f.accepts("shop", "orders", "note"));
        assertTrue(f.accepts("SHOP", "ORDERS", "Amount"), "table and column names are case-insensitive");
        assertTrue(f.accepts("shop", "items", "anything"), "a table without an entry keeps every column");
        assertSame(ColumnSelection.ALL, f.forTable("shop", "items"));
    }

    @Test
    void anExcludeListDropsItsColumnsUnlessTheTableHasAnIncludeList() {
        ColumnFilter f = ColumnFilter.parse("shop.orders:id", "shop.orders:id/amount,crm.customer:ssn");
        assertTrue(f.accepts("shop", "orders", "id"), "with an include list the exclude list is ignored");
        assertFalse(f.accepts("shop", "orders", "amount"));
        assertFalse(f.accepts("crm", "customer", "ssn"));
        assertTrue(f.accepts("crm", "customer", "name"));
    }

    @Test
    void tableNamesAreExactNotPatterns() {
        ColumnFilter f = ColumnFilter.parse("shop\\..*:id", "");
        assertTrue(f.accepts("shop", "orders", "note"));
        assertTrue(ColumnFilter.parse("shop.*:id", "").accepts("shop", "orders", "note"));
    }

    @Test
    void trimmingFollowsCanal() {
        ColumnFilter f = ColumnFilter.parse(" shop.orders : id/ amount ,", null);
        ColumnSelection s = f.forTable("shop", "orders");
        assertEquals(Set.of("ID", " AMOUNT"), s.include(), "the list is trimmed as a whole, each column is not");
        assertTrue(s.accepts("id"));
        assertFalse(s.accepts("amount"));
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void malformedEntriesAreIgnoredWithAWarning() {
        ColumnFilter f = ColumnFilter.parse("shop.orders,crm.customer:id:name,shop.items:id", null);
        assertTrue(f.accepts("shop", "orders", "x"));
        assertTrue(f.accepts("crm", "customer", "name"));
        assertFalse(f.accepts("shop", "items", "price"));
        assertEquals(2, f.warnings().size());
        assertTrue(f.warnings().get(0).startsWith("canal.instance.filter.field: entry 1 `shop.orders` is ignored"),
                f.warnings().get(0));
    }

    @Test
    void aLaterEntryForTheSameTableWins() {
        ColumnFilter f = ColumnFilter.parse("t.a:x,T.A:y", null);
        assertFalse(f.accepts("t", "a", "x"));
        assertTrue(f.accepts("t", "a", "y"));
    }

    @Test
    void nothingConfiguredKeepsEverything() {
        assertSame(ColumnFilter.ALL, ColumnFilter.parse(null, " "));
        assertTrue(ColumnFilter.ALL.forTable("a", "b").acceptsAll());
    }
}
