package io.sluice.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.store.StoreRecord;

class BatchAssemblerTest {
    private static final FetchLimits LIMITS = new FetchLimits(1000, 1 << 20, 10_000);

    /** Records in memory; {@code next} never waits. */
    private static final class ListSource implements RecordSource {
        final List<StoreRecord> records = new ArrayList<>();
        int position;

        void transaction(int entries, String schema, String table) {
            for (int i = 0; i < entries; i++) {
                int flags = (i == 0 ? StoreRecord.TX_BEGIN : 0) | (i == entries - 1 ? StoreRecord.TX_END : 0);
                byte[] payload = i == 0 ? TestEntries.begin(records.size()) : i == entries - 1
                        ? TestEntries.end(records.size()) : TestEntries.insert(records.size(), schema, table, "x");
                records.add(new StoreRecord(records.size(), flags, 0, new BinlogPosition("mysql-bin.000001", 4), "",
                        ByteBuffer.wrap(payload), 0, payload.length));
            }
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public StoreRecord next(long timeoutNanos) {
            return position < records.size() ? records.get(position++) : null;
        }
    }

    private static BatchAssembler.Assembly assemble(ListSource source, SubscriptionFilter filter, int wanted) throws
            Exception {
        return BatchAssembler.assemble(source, filter, wanted, LIMITS, FetchWait.NONE, () -> false);
    }

    @Test
    void doesNotSplitATransactionWhenTheBatchHoldsACompleteOne() throws Exception {
        ListSource source = new ListSource();
        source.transaction(3, "shop", "orders");
        source.transaction(4, "shop", "orders");
        BatchAssembler.Assembly batch = assemble(source, SubscriptionFilter.ALL, 5);
        assertEquals(3, batch.entries().size());
        assertEquals(0, batch.firstSequence());
        assertEquals(3, batch.endSequence(), "the next batch starts at the second transaction");
        assertEquals(2, batch.lastTxEnd().sequence());
    }

    @Test
    void splitsATransactionLargerThanTheBatch() throws Exception {
        ListSource source = new ListSource();
        source.transaction(10, "shop", "orders");
        BatchAssembler.Assembly batch = assemble(source, SubscriptionFilter.ALL, 4);
        assertEquals(4, batch.entries().size());
        assertEquals(4, batch.endSequence());
        assertNull(batch.lastTxEnd(), "inside the transaction: acknowledging it moves no cursor");
    }

    @Test
    void endsAtTheLastBoundaryWhenOnlyPartOfTheNextTransactionIsThere() throws Exception {
        ListSource source = new ListSource();
        source.transaction(3, "shop", "orders");
        source.transaction(3, "shop", "orders");
        source.records.remove(5); // the second transaction's end is not written yet
        BatchAssembler.Assembly batch = assemble(source, SubscriptionFilter.ALL, 100);
        assertEquals(3, batch.endSequence());
        assertEquals(3, batch.entries().size());
    }

    @Test
    void filteredEntriesAreConsumedButNotSentAndTransactionEntriesStay() throws Exception {
        ListSource source = new ListSource();
        source.transaction(3, "crm", "customer");
        source.transaction(3, "shop", "orders");
        BatchAssembler.Assembly batch = assemble(source, SubscriptionFilter.parse("shop\\..*"), 100);
        assertEquals(6, batch.endSequence(), "both transactions consumed");
        assertEquals(5, batch.entries().size(), "the crm row is dropped, its begin and end kept");
        assertEquals(5, batch.lastTxEnd().sequence());
    }

    @Test
    void nothingToReadConsumesNothing() throws Exception {
        BatchAssembler.Assembly batch = assemble(new ListSource(), SubscriptionFilter.ALL, 10);
        assertTrue(batch.consumedNothing());
    }

    @Test
    void stopEndsAWaitWithWhatWasRead() throws Exception {
        ListSource source = new ListSource();
        source.transaction(3, "shop", "orders");
        BatchAssembler.Assembly batch = BatchAssembler.assemble(source, SubscriptionFilter.ALL, 10, LIMITS,
                FetchWait.UNTIL_FULL, () -> source.position >= 3);
        assertEquals(3, batch.entries().size());
        assertTrue(batch.stopped());
    }

    @Test
    void getTimeoutsFollowCanal() {
        assertEquals(FetchWait.Kind.NONE, FetchWait.of(-1, 2, 0).kind());
        assertEquals(FetchWait.Kind.UNTIL_FULL, FetchWait.of(0, 2, 0).kind());
        assertEquals(FetchWait.Kind.UNTIL_FULL, FetchWait.of(-5, 2, 0).kind());
        FetchWait seconds = FetchWait.of(2, 3, 1_000);
        assertEquals(1_000 + 2_000_000_000L, seconds.deadlineNanos());
        assertEquals(1_000 + 2_000_000L, FetchWait.of(2, 42, 1_000).deadlineNanos(), "unknown unit: milliseconds");
    }
}
