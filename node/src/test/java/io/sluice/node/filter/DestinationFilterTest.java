package io.sluice.node.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import org.junit.jupiter.api.Test;

/** Reading canal's instance.properties filter keys, and the event-type switches. */
class DestinationFilterTest {

    private static Map<String, String> properties(String text) throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(text));
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }

    @Test
    void readsACanalInstancePropertiesFileAsWritten() throws Exception {
        DestinationFilter f = DestinationFilter.parse(properties("""
                canal.instance.filter.regex=shop\\\\..*,crm\\\\.customer
                canal.instance.filter.black.regex=shop\\\\.audit.*
                canal.instance.filter.field=shop.orders:id/amount
                canal.instance.filter.black.field=crm.customer:ssn
                canal.instance.filter.dml.delete=true
                canal.instance.filter.transaction.entry = true
                """));
        assertEquals("shop\\..*,crm\\.customer", f.tables().include().toString(), "properties escaping is undone");
        assertTrue(f.tables().accepts("shop", "orders"));
        assertFalse(f.tables().accepts("shop", "audit_log"));
        assertFalse(f.columns().accepts("shop", "orders", "note"));
        assertFalse(f.columns().accepts("crm", "customer", "ssn"));
        assertFalse(f.events().accepts(ChangeOrigin.ROWS, EventType.DELETE));
        assertTrue(f.events().accepts(ChangeOrigin.ROWS, EventType.INSERT));
        assertFalse(f.events().accepts(EntryType.TRANSACTIONBEGIN));
        assertTrue(f.events().accepts(EntryType.ROWDATA));
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void noSettingsMeansNoFiltering() {
        assertSame(DestinationFilter.NONE, DestinationFilter.parse(Map.of()));
        assertSame(DestinationFilter.NONE, DestinationFilter.parse(Map.of("canal.instance.filter.regex", "",
                "canal.instance.filter.query.ddl", "false")));
        assertTrue(EventTypeFilter.NONE.dropsNothing());
    }

    @Test
    void queryDdlDropsEveryEntryMadeFromAQueryEventButNotStatementText() {
        EventTypeFilter e = DestinationFilter.parse(Map.of(DestinationFilter.FILTER_QUERY_DDL, "true")).events();
        assertFalse(e.accepts(ChangeOrigin.DDL, EventType.ALTER));
        assertFalse(e.accepts(ChangeOrigin.DML_STATEMENT, EventType.INSERT));
        assertFalse(e.accepts(ChangeOrigin.OTHER_STATEMENT, EventType.QUERY));
        assertTrue(e.accepts(ChangeOrigin.STATEMENT_TEXT, EventType.QUERY));
        assertTrue(e.accepts(ChangeOrigin.ROWS, EventType.INSERT));
    }

    @Test
    void queryDmlAndDclDropTheirOwnStatements() {
        EventTypeFilter dml = DestinationFilter.parse(Map.of(DestinationFilter.FILTER_QUERY_DML, "true")).events();
        assertFalse(dml.accepts(ChangeOrigin.DML_STATEMENT, EventType.UPDATE));
        assertFalse(dml.accepts(ChangeOrigin.STATEMENT_TEXT, EventType.QUERY));
        assertTrue(dml.accepts(ChangeOrigin.DDL, EventType.CREATE));
        assertTrue(dml.accepts(ChangeOrigin.ROWS, EventType.UPDATE));
        EventTypeFilter dcl = DestinationFilter.parse(Map.of(DestinationFilter.FILTER_QUERY_DCL, "yes")).events();
        assertFalse(dcl.accepts(ChangeOrigin.OTHER_STATEMENT, EventType.QUERY));
        assertTrue(dcl.accepts(ChangeOrigin.DML_STATEMENT, EventType.UPDATE));
    }

    @Test
    void filterRowsDropsEveryRowsEvent() {
        EventTypeFilter e = DestinationFilter.parse(Map.of(DestinationFilter.FILTER_ROWS, "TRUE")).events();
        assertEquals(Set.of(EventType.INSERT, EventType.UPDATE, EventType.DELETE), e.droppedRowTypes());
        assertTrue(e.accepts(ChangeOrigin.DDL, EventType.TRUNCATE));
    }

    @Test
    void singleDdlKindsCanBeDropped() {
        EventTypeFilter e = DestinationFilter.parse(Map.of(DestinationFilter.DROP_TYPES, "truncate, ERASE")).events();
        assertFalse(e.accepts(ChangeOrigin.DDL, EventType.TRUNCATE));
        assertFalse(e.accepts(ChangeOrigin.DDL, EventType.ERASE));
        assertTrue(e.accepts(ChangeOrigin.DDL, EventType.ALTER));
        assertTrue(e.accepts(ChangeOrigin.DDL, EventType.RENAME));
        FilterSyntaxException bad = assertThrows(FilterSyntaxException.class,
                () -> DestinationFilter.parse(Map.of(DestinationFilter.DROP_TYPES, "DROP")));
        assertTrue(bad.getMessage().contains("`DROP` is not a canal event type"), bad.getMessage());
    }

    @Test
    void aBadBooleanNamesTheKey() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> DestinationFilter.parse(Map.of(DestinationFilter.FILTER_DML_INSERT, "ture")));
        assertEquals("canal.instance.filter.dml.insert = `ture` is not a boolean; write true or false",
                e.getMessage());
    }

    @Test
    void rowTypesAreOnlyDml() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EventTypeFilter(Set.of(EventType.ALTER), false, false, false, Set.of(), false));
        assertTrue(e.getMessage().contains("use droppedTypes"), e.getMessage());
    }

    @Test
    void aClientSubscriptionGoesThroughTheTableFilter() {
        DestinationFilter f = DestinationFilter.parse(Map.of(TableFilter.INCLUDE_SETTING, "shop\\..*",
                TableFilter.EXCLUDE_SETTING, "shop\\.audit"));
        assertSame(f.tables(), f.forSubscription(""));
        assertFalse(f.forSubscription("shop\\.orders").accepts("shop", "items"));
    }
}
