package io.sluice.node.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.GtidEvent;
import io.sluice.node.binlog.MariaDbGtidEvent;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.TestBinlogs;

/**
 * Real binlogs in which every transaction starts with a GTID event: each GTID must be followed by exactly one
 * boundary before the next, and every row change must fall inside a transaction carrying that GTID.
 */
class TransactionBoundariesTest {
    @ParameterizedTest
    @ValueSource(strings = {"mariadb-bin.000001", "json.binlog.000001",
            "transaction_compression.000001", "binlog_transaction_with_GTID_TAG.000001"})
    void oneBoundaryPerGtidAndRowsInsideTransactions(String name) throws Exception {
        Path file = TestBinlogs.file(name);
        TransactionBoundaries boundaries = new TransactionBoundaries();
        int gtids = 0;
        int ends = 0;
        int rowsEvents = 0;
        try (FileEventSource source = new FileEventSource(List.of(file), null, new BinlogEventDecoder())) {
            DecodedEvent e;
            while ((e = source.next()) != null) {
                boolean gtid = e.event() instanceof GtidEvent || e.event() instanceof MariaDbGtidEvent;
                if (gtid) {
                    assertEquals(gtids, ends, "a transaction before " + e.position() + " did not end");
                    gtids++;
                }
                if (boundaries.observe(e.event())) {
                    ends++;
                }
                if (e.event() instanceof RowsEvent) {
                    rowsEvents++;
                    assertTrue(boundaries.inTransaction(), "rows event outside a transaction at " + e.position());
                    assertEquals(gtids, ends + 1, "rows event after its transaction ended at " + e.position());
                }
            }
        }
        assertTrue(gtids > 0, name + " has GTID events");
        assertEquals(gtids, ends, "transactions ended in " + name);
        assertTrue(rowsEvents > 0, name + " has rows events");
    }
}
