package io.sluice.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientStateTest {
    private static final FetchLimits LIMITS = new FetchLimits(1000, 1 << 20, 10_000);

    @TempDir
    Path dir;
    private TestDestination destination;
    private ClientState state;

    @BeforeEach
    void setUp() throws Exception {
        destination = new TestDestination("example", dir);
        for (int i = 0; i < 3; i++) {
            destination.appendTransaction(TestEntries.transaction(100 * (i + 1), "shop", "orders", "v" + i));
        }
        state = new ClientState(destination, "1001", new BatchIdSource(), 0);
    }

    @AfterEach
    void tearDown() throws Exception {
        destination.close();
    }

    private Batch fetch(int wanted) throws Exception {
        return state.fetch(SubscriptionFilter.ALL, wanted, LIMITS, FetchWait.NONE, () -> false, () -> true)
                .orElseThrow().batch();
    }

    @Test
    void batchIdsCarryTheTermAndNeverRepeat() throws Exception {
        Batch first = fetch(3);
        Batch second = fetch(3);
        assertEquals(1, BatchIds.epochOf(first.id()));
        assertEquals(first.id() + 1, second.id());
    }

    @Test
    void acksMustFollowTheOrderBatchesWereHandedOut() throws Exception {
        Batch first = fetch(3);
        Batch second = fetch(3);
        ClientRequestException error = assertThrows(ClientRequestException.class, () -> state.ack(second.id()));
        assertTrue(error.getMessage().contains("is not the firstly:" + first.id()), error.getMessage());
        assertTrue(destination.acknowledgements.isEmpty());
        state.ack(first.id());
        state.ack(second.id());
        assertEquals(List.of("1001@2", "1001@5"), destination.acknowledgements);
        assertEquals(3, state.lagEntries());
    }

    @Test
    void unknownAndRepeatedAcksAreRefusedInCanalsWords() throws Exception {
        Batch first = fetch(3);
        state.ack(first.id());
        ClientRequestException again = assertThrows(ClientRequestException.class, () -> state.ack(first.id()));
        assertEquals(String.format("ack error, clientId:1001 batchId:%d is not exist, please check: it was "
                + "acknowledged or rolled back already, or handed out on a connection that has closed; roll back "
                + "and get again", first.id()), again.getMessage());
        assertTrue(again.error().close());
    }

    @Test
    void anAckFromAnotherTermNeverAcknowledgesAnything() throws Exception {
        Batch first = fetch(3);
        destination.epoch = 3;
        ClientRequestException error = assertThrows(ClientRequestException.class, () -> state.ack(first.id()));
        assertEquals("batch " + first.id() + " was handed out by leader term 1; this node's term is 3; roll back "
                + "and get again", error.getMessage());
        long forged = BatchIds.of(3, BatchIds.counterOf(first.id()));
        assertThrows(ClientRequestException.class, () -> state.ack(forged));
        assertTrue(destination.acknowledgements.isEmpty());
    }

    @Test
    void rollbackOfOneBatchRedeliversItAndTheLaterOnesInOrder() throws Exception {
        Batch first = fetch(3);
        Batch second = fetch(3);
        Batch third = fetch(3);
        state.rollback(second.id());
        assertEquals(1, state.outstandingBatches(), "the first batch stays outstanding");
        Batch again = fetch(100);
        assertEquals(second.firstSequence(), again.firstSequence());
        assertEquals(third.endSequence(), again.endSequence());
        state.ack(first.id());
        state.ack(again.id());
        assertEquals(List.of("1001@2", "1001@8"), destination.acknowledgements);
    }

    @Test
    void rollbackOfAllStartsAgainAtTheOldestOutstandingBatch() throws Exception {
        Batch first = fetch(3);
        fetch(3);
        state.rollbackAll();
        assertEquals(0, state.outstandingBatches());
        Batch again = fetch(3);
        assertEquals(first.firstSequence(), again.firstSequence());
        assertThrows(ClientRequestException.class, () -> state.rollback(first.id()));
    }

    @Test
    void aFetchForAClosedConnectionHandsNothingOut() throws Exception {
        assertTrue(state.fetch(SubscriptionFilter.ALL, 3, LIMITS, FetchWait.NONE, () -> false, () -> false)
                .isEmpty());
        assertEquals(0, fetch(3).firstSequence(), "the records are handed out to the next fetch");
    }
}
