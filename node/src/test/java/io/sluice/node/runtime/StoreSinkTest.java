package io.sluice.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.Header;
import io.sluice.node.binlog.EventPosition;
import io.sluice.node.pipeline.PipelineCursor;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.EventLogConfig;
import io.sluice.node.store.StoreRecord;

class StoreSinkTest {
    private static final String FILE = "mysql-bin.000007";

    private static Entry entry(EntryType type, long offset, String gtid) {
        Header.Builder h = Header.newBuilder().setLogfileName(FILE).setLogfileOffset(offset).setExecuteTime(
                1_700_000_000_000L + offset);
        if (gtid != null) {
            h.setGtid(gtid);
        }
        return Entry.newBuilder().setEntryType(type).setHeader(h).build();
    }

    private static void accept(StoreSink sink, EntryType type, long offset, String gtid) throws Exception {
        sink.accept(entry(type, offset, gtid), new EventPosition(FILE, offset, 0));
    }

    private static List<StoreRecord> all(EventLog log) throws Exception {
        List<StoreRecord> records = new ArrayList<>();
        for (long s = log.firstSequence(); s < log.nextSequence(); s++) {
            records.add(log.read(s).orElseThrow());
        }
        return records;
    }

    @Test
    void marksTransactionBoundariesAndPutsTheEndAfterTheTransaction(@TempDir Path dir) throws Exception {
        try (EventLog log = EventLog.open(dir, EventLogConfig.defaults())) {
            List<Integer> counted = new ArrayList<>();
            StoreSink sink = new StoreSink(log, (entry, size) -> counted.add(size));
            accept(sink, EntryType.TRANSACTIONBEGIN, 100, "0-1-5");
            accept(sink, EntryType.ROWDATA, 150, "0-1-5");
            accept(sink, EntryType.HEARTBEAT, 0, null);
            accept(sink, EntryType.ROWDATA, 300, "0-1-5");
            accept(sink, EntryType.TRANSACTIONEND, 400, "0-1-5");
            sink.transactionEnded(new PipelineCursor(new BinlogPosition(FILE, 431), "0-1-5"));
            sink.transactionEnded(new PipelineCursor(new BinlogPosition(FILE, 500), "0-1-6")); // all filtered out
            accept(sink, EntryType.ROWDATA, 520, "0-1-7"); // a DDL alone
            sink.transactionEnded(new PipelineCursor(new BinlogPosition(FILE, 600), "0-1-7"));

            List<StoreRecord> records = all(log);
            assertEquals(List.of(StoreRecord.TX_BEGIN, 0, 0, StoreRecord.TX_END,
                    StoreRecord.TX_BEGIN | StoreRecord.TX_END), records.stream().map(StoreRecord::flags).toList(),
                    "the heartbeat is not stored; a lone entry is a whole transaction");
            assertEquals(List.of(100L, 150L, 300L, 431L, 600L),
                    records.stream().map(r -> r.binlogPosition().offset()).toList(),
                    "transaction ends carry the position after the transaction, other records their event's");
            assertEquals("0-1-5", records.get(3).gtidSet());
            assertEquals(1_700_000_000_400L, records.get(3).commitTimeMillis());
            assertEquals(5, counted.size());
            assertEquals(entry(EntryType.ROWDATA, 150, "0-1-5"), Entry.parseFrom(records.get(1).payloadBytes()));
        }
    }
}
