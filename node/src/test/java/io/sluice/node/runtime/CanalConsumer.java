package io.sluice.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.alibaba.otter.canal.client.CanalConnector;
import com.alibaba.otter.canal.client.CanalConnectors;
import com.alibaba.otter.canal.protocol.CanalEntry;
import com.alibaba.otter.canal.protocol.Message;

import io.sluice.testkit.Await;

/**
 * The official canal client (canal.client 1.1.8) consuming a destination the way an application does: getWithoutAck,
 * then ack, rolling back every seventh batch and checking that the same rows come again. It keeps the rows of
 * acknowledged batches in arrival order. After a reconnect the server may deliver again what was acknowledged but
 * not yet recorded in ZooKeeper (cursor writes are coalesced); such repeats must be one contiguous run that ends
 * exactly where the acknowledged rows end, which is checked here by the rows' identities.
 */
final class CanalConsumer implements AutoCloseable {
    /** One row change as received: identity (entry's sluice.id + row index), kind, key and image values. */
    record Row(String identity, String kind, long id, Map<String, String> values) {
    }

    static final short DEFAULT_CLIENT_ID = 1001;

    /** Entries per get: small enough that the workload takes a few hundred batches. */
    private static final int BATCH_SIZE = 50;

    private final InetSocketAddress address;
    private final String destination;
    private final String filter;
    private final short clientId;
    private final int rollbackEvery;
    private final List<Row> accepted = new ArrayList<>();
    private final Map<String, Integer> indexByIdentity = new HashMap<>();
    private CanalConnector connector;
    private long batches;
    private long rollbacks;
    private long repeats;
    private int replayAt = -1;

    /**
     * @param clientId      canal's client id (the official connector always says 1001; another is set on its field)
     * @param rollbackEvery roll back every n-th batch and take it again; 0 never
     */
    CanalConsumer(InetSocketAddress address, String destination, String filter, short clientId, int rollbackEvery) {
        this.address = address;
        this.destination = destination;
        this.filter = filter;
        this.clientId = clientId;
        this.rollbackEvery = rollbackEvery;
    }

    /** Connects and subscribes, retrying while the node is not (yet) there. */
    void connect(Duration timeout) {
        RuntimeException[] last = new RuntimeException[1];
        boolean connected = Await.poll(timeout, () -> {
            CanalConnector c = CanalConnectors.newSingleConnector(address, destination, NodeProcess.CANAL_USER,
                    NodeProcess.CANAL_PASSWORD);
            try {
                if (clientId != DEFAULT_CLIENT_ID) {
                    setClientId(c);
                }
                c.connect();
                c.subscribe(filter);
                connector = c;
                return true;
            } catch (RuntimeException e) {
                last[0] = e;
                quietlyDisconnect(c);
                return false;
            }
        });
        if (!connected) {
            throw new AssertionError("could not connect to " + address + " within " + timeout, last[0]);
        }
    }

    /** Gets one batch and acknowledges it (or rolls it back and takes it again first). Returns its row count. */
    int step() {
        Message m = connector.getWithoutAck(BATCH_SIZE, 1L, TimeUnit.SECONDS);
        if (m.getId() == -1 || m.getEntries().isEmpty()) {
            return 0;
        }
        List<Row> rows = rows(m);
        batches++;
        if (rollbackEvery > 0 && batches % rollbackEvery == 0) {
            connector.rollback(m.getId());
            rollbacks++;
            Message again = connector.getWithoutAck(BATCH_SIZE, 1L, TimeUnit.SECONDS);
            List<Row> redelivered = rows(again);
            assertEquals(identities(rows), identities(redelivered),
                    "a rolled-back batch comes again with the same rows");
            m = again;
            rows = redelivered;
        }
        for (Row row : rows) {
            keep(row);
        }
        connector.ack(m.getId());
        return rows.size();
    }

    private void keep(Row row) {
        Integer seen = indexByIdentity.get(row.identity());
        if (seen != null) {
            if (replayAt == -1) {
                replayAt = seen;
            }
            assertEquals(replayAt, seen.intValue(), "a repeated row must continue the run of repeats: "
                    + row.identity());
            assertEquals(accepted.get(seen), row, "a repeated row must be the same row");
            replayAt++;
            repeats++;
            return;
        }
        if (replayAt != -1) {
            assertEquals(accepted.size(), replayAt, "repeats must run up to the last acknowledged row before new "
                    + "rows arrive; new row " + row.identity());
            replayAt = -1;
        }
        indexByIdentity.put(row.identity(), accepted.size());
        accepted.add(row);
    }

    private void setClientId(CanalConnector c) {
        try {
            java.lang.reflect.Field field = c.getClass().getDeclaredField("clientIdentity");
            field.setAccessible(true);
            field.set(c, new com.alibaba.otter.canal.protocol.ClientIdentity(destination, clientId));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("canal's connector has no clientIdentity field to set", e);
        }
    }

    /** Steps until {@code rows} rows are accepted in all, or fails after {@code timeout}. */
    void drainUntil(int rows, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (accepted.size() < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("client " + clientId + " has " + accepted.size() + " of " + rows
                        + " rows after " + timeout);
            }
            step();
        }
    }

    private static List<String> identities(List<Row> rows) {
        return rows.stream().map(Row::identity).toList();
    }

    static List<Row> rows(Message m) {
        List<Row> rows = new ArrayList<>();
        for (CanalEntry.Entry entry : m.getEntries()) {
            if (entry.getEntryType() != CanalEntry.EntryType.ROWDATA) {
                continue;
            }
            CanalEntry.RowChange change;
            try {
                change = CanalEntry.RowChange.parseFrom(entry.getStoreValue());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("an entry's RowChange does not parse", e);
            }
            if (change.getIsDdl()) {
                continue;
            }
            String identity = null;
            for (CanalEntry.Pair p : entry.getHeader().getPropsList()) {
                if ("sluice.id".equals(p.getKey())) {
                    identity = p.getValue();
                }
            }
            if (identity == null) {
                throw new AssertionError("a row entry without a sluice.id prop at "
                        + entry.getHeader().getLogfileName() + ":" + entry.getHeader().getLogfileOffset());
            }
            String kind = change.getEventType().name();
            for (int i = 0; i < change.getRowDatasCount(); i++) {
                CanalEntry.RowData data = change.getRowDatas(i);
                List<CanalEntry.Column> columns = kind.equals("DELETE") ? data.getBeforeColumnsList()
                        : data.getAfterColumnsList();
                Map<String, String> values = new LinkedHashMap<>();
                long id = -1;
                for (CanalEntry.Column c : columns) {
                    values.put(c.getName(), c.getIsNull() ? null : c.getValue());
                    if (c.getIsKey()) {
                        id = Long.parseLong(c.getValue());
                    }
                }
                rows.add(new Row(identity + "#" + i, kind, id, values));
            }
        }
        return rows;
    }

    List<Row> accepted() {
        return accepted;
    }

    long repeats() {
        return repeats;
    }

    long batches() {
        return batches;
    }

    long rollbacks() {
        return rollbacks;
    }

    @Override
    public void close() {
        if (connector != null) {
            quietlyDisconnect(connector);
        }
    }

    private static void quietlyDisconnect(CanalConnector c) {
        try {
            c.disconnect();
        } catch (RuntimeException ignored) {
            // the node may be gone already; the socket closes either way
        }
    }
}
