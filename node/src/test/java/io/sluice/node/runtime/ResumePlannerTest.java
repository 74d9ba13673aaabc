package io.sluice.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;
import io.sluice.coordinator.cursor.ClientCursor;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.EventLogConfig;
import io.sluice.node.store.PositionNotRetainedException;
import io.sluice.node.store.StoreRecord;

class ResumePlannerTest {
    private static final ByteBuffer PAYLOAD = ByteBuffer.wrap(new byte[] {1, 2, 3});

    private static BinlogPosition at(long offset) {
        return new BinlogPosition("mysql-bin.000002", offset);
    }

    private static ClientCursor cursor(long offset) {
        return new ClientCursor(at(offset), "0-1-" + offset, 0, 0);
    }

    /** A transaction of three records starting at {@code offset}, ending with the position {@code offset + 100}. */
    private static void transaction(EventLog log, long offset) throws Exception {
        log.append(StoreRecord.TX_BEGIN, 0, at(offset), "", PAYLOAD.duplicate());
        log.append(0, 0, at(offset + 10), "", PAYLOAD.duplicate());
        log.append(StoreRecord.TX_END, 0, at(offset + 100), "0-1-" + (offset + 100), PAYLOAD.duplicate());
    }

    @Test
    void anEmptyStoreStartsAtTheConfiguredStartOrTheLowestCursor(@TempDir Path dir) throws Exception {
        try (EventLog log = EventLog.open(dir, EventLogConfig.defaults())) {
            assertEquals(ResumePlan.Origin.CONFIGURED, ResumePlanner.plan("d", log, List.of()).origin());
            ResumePlan plan = ResumePlanner.plan("d", log, List.of(cursor(900), cursor(400)));
            assertEquals(new ResumePlan(ResumePlan.Origin.CLIENT_CURSOR, at(400), "0-1-400"), plan);
        }
    }

    @Test
    void aStoreContinuesAfterItsLastTransactionDroppingAPartialOne(@TempDir Path dir) throws Exception {
        try (EventLog log = EventLog.open(dir, EventLogConfig.defaults())) {
            transaction(log, 100);
            transaction(log, 200);
            log.append(StoreRecord.TX_BEGIN, 0, at(300), "", PAYLOAD.duplicate());
            log.append(0, 0, at(310), "", PAYLOAD.duplicate());
            ResumePlan plan = ResumePlanner.plan("d", log, List.of(cursor(200)));
            assertEquals(new ResumePlan(ResumePlan.Origin.STORE, at(300), "0-1-300"), plan);
            assertEquals(6, log.nextSequence(), "the partial transaction is gone");
        }
    }

    @Test
    void aStoreOlderThanEveryCursorIsEmptied(@TempDir Path dir) throws Exception {
        try (EventLog log = EventLog.open(dir, EventLogConfig.defaults())) {
            transaction(log, 100);
            ResumePlan plan = ResumePlanner.plan("d", log, List.of(cursor(5000), cursor(700)));
            assertEquals(new ResumePlan(ResumePlan.Origin.CLIENT_CURSOR, at(700), "0-1-700"), plan);
            assertEquals(log.nextSequence(), log.firstSequence(), "emptied");
        }
    }

    @Test
    void aStoreWithOnlyAPartialTransactionCountsAsEmpty(@TempDir Path dir) throws Exception {
        try (EventLog log = EventLog.open(dir, EventLogConfig.defaults())) {
            log.append(StoreRecord.TX_BEGIN, 0, at(100), "", PAYLOAD.duplicate());
            assertEquals(ResumePlan.Origin.CONFIGURED, ResumePlanner.plan("d", log, List.of()).origin());
            assertEquals(log.nextSequence(), log.firstSequence());
        }
    }

    @Test
    void aCursorContinuesAtTheFirstRecordAfterItsTransaction(@TempDir Path dir) throws Exception {
        try (EventLog log = EventLog.open(dir, EventLogConfig.defaults())) {
            transaction(log, 100);          // sequences 0..2, ends at 200
            transaction(log, 200);          // 3..5: starts where the first ended
            assertEquals(3, CursorLookup.firstAfter("d", log, at(200)));
            assertEquals(6, CursorLookup.firstAfter("d", log, at(300)), "caught up");
            assertEquals(0, CursorLookup.firstAfter("d", log, at(100)));
            assertThrows(PositionNotRetainedException.class, () -> CursorLookup.firstAfter("d", log, at(50)));
        }
    }
}
