package io.sluice.node.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Include and exclude lists together, renames, and what a client's subscribe filter changes. */
class TableFilterTest {

    @Test
    void excludeWinsOverInclude() {
        TableFilter f = TableFilter.parse("shop\\..*,crm\\.customer", "shop\\.audit_.*");
        assertTrue(f.accepts("shop", "orders"));
        assertTrue(f.accepts("crm", "customer"));
        assertFalse(f.accepts("crm", "lead"));
        assertFalse(f.accepts("shop", "audit_2024"));
        assertTrue(f.accepts("SHOP", "Orders"));
    }

    @Test
    void emptyListsMeanEverythingAndNothing() {
        assertTrue(TableFilter.parse(null, null).accepts("any", "table"));
        assertTrue(TableFilter.parse("", "").accepts("any", "table"));
        assertFalse(TableFilter.parse("", ".*\\..*").accepts("any", "table"));
        assertTrue(TableFilter.ALL.accepts("any", "table"));
        assertTrue(TableFilter.parse("a\\.b", "c\\.d").accepts(""), "canal accepts an empty name");
    }

    @Test
    void aTableRenamedIntoTheFilterIsAcceptedUnderItsNewName() {
        TableFilter f = TableFilter.parse("shop\\..*", "");
        assertFalse(f.accepts("staging", "orders_new"));
        // RENAME TABLE staging.orders_new TO shop.orders: the DDL passes, then rows arrive under the new name
        assertTrue(f.acceptsRename("staging", "orders_new", "shop", "orders"));
        assertTrue(f.accepts("shop", "orders"));
        // and renamed out again: the DDL still passes (the old name was included), the rows after it do not
        assertTrue(f.acceptsRename("shop", "orders", "archive", "orders"));
        assertFalse(f.accepts("archive", "orders"));
        assertFalse(f.acceptsRename("staging", "a", "archive", "b"));
    }

    @Test
    void aRenameIsDroppedByExclusionOnlyWhenBothNamesAreExcluded() {
        TableFilter f = TableFilter.parse("", "tmp\\..*");
        assertTrue(f.acceptsRename("tmp", "orders", "shop", "orders"));
        assertTrue(f.acceptsRename("shop", "orders", "tmp", "orders"));
        assertFalse(f.acceptsRename("tmp", "a", "tmp", "b"));
        // canal's rule, not "either name accepted": the target is included but excluded, the source is neither
        TableFilter g = TableFilter.parse("shop\\..*", "shop\\.tmp_.*");
        assertTrue(g.acceptsRename("other", "x", "shop", "tmp_x"));
        assertFalse(g.accepts("shop", "tmp_x") || g.accepts("other", "x"));
    }

    @Test
    void aClientFilterReplacesTheIncludeListAndKeepsTheExcludeList() {
        TableFilter destination = TableFilter.parse("shop\\..*,crm\\..*", "shop\\.audit");
        TableFilter client = destination.forSubscription("shop\\..*");
        assertTrue(client.accepts("shop", "orders"));
        assertFalse(client.accepts("crm", "customer"));
        assertFalse(client.accepts("shop", "audit"), "the destination's exclude list still applies");
        assertEquals("shop\\..*", client.include().toString());
    }

    @Test
    void anEmptyClientFilterKeepsTheDestinationFilter() {
        TableFilter destination = TableFilter.parse("shop\\..*", "shop\\.audit");
        assertSame(destination, destination.forSubscription(""));
        assertSame(destination, destination.forSubscription(null));
        assertFalse(destination.forSubscription("").accepts("crm", "customer"));
    }

    @Test
    void aBadClientFilterIsReportedAsTheSubscribeFilter() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> TableFilter.ALL.forSubscription(".*\\..*,[bad"));
        assertTrue(e.getMessage().startsWith("subscribe filter: pattern 2 of 2 `[bad`"), e.getMessage());
    }

    @Test
    void errorsNameTheCanalProperty() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> TableFilter.parse("ok\\..*", "(x"));
        assertTrue(e.getMessage().startsWith("canal.instance.filter.black.regex: pattern 1 of 1 `(x`"),
                e.getMessage());
    }
}
