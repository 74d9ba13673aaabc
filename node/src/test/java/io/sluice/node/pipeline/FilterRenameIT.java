package io.sluice.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;
import io.sluice.coordinator.ZkPaths;
import io.sluice.coordinator.schema.SchemaHistoryOptions;
import io.sluice.coordinator.schema.ZkSchemaHistoryStore;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.node.filter.TableFilter;
import io.sluice.testkit.BinlogStatus;
import io.sluice.testkit.MariaDbOptions;
import io.sluice.testkit.MariaDbOptions.RowMetadata;
import io.sluice.testkit.MariaDbSandbox;
import io.sluice.testkit.ZooKeeperServer;

/**
 * The table filter inside the pipeline follows renames: a table renamed out of the filter stops producing entries
 * (its DDL is still applied to the history), renamed back in it produces them again, with the columns it gained
 * while it was out.
 */
class FilterRenameIT {
    private static ZooKeeperServer zk;
    private static CuratorFramework client;
    private static MariaDbSandbox db;

    @BeforeAll
    static void start() {
        zk = ZooKeeperServer.start();
        client = zk.newClient();
        db = MariaDbSandbox.launch(MariaDbOptions.builder().rowMetadata(RowMetadata.MINIMAL).build());
        db.execute("CREATE DATABASE f", "CREATE TABLE f.keep1 (id INT PRIMARY KEY, a VARCHAR(10))",
                "CREATE TABLE f.other (id INT PRIMARY KEY)");
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
        if (client != null) {
            client.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    @Test
    void aTableRenamedOutOfTheFilterAndBackComesBackWithItsNewColumns() throws Exception {
        DestinationFilter filter = new DestinationFilter(TableFilter.parse("f\\.keep.*", null),
                DestinationFilter.NONE.columns(), DestinationFilter.NONE.events());
        ZkSchemaHistoryStore store = new ZkSchemaHistoryStore(client, new ZkPaths("/sluice-filter-it",
                ZkPaths.DEFAULT_CANAL_ROOT), "filtered", SchemaHistoryOptions.defaults());
        BinlogStatus status = db.binlogStatus();
        List<Entry> entries;
        try (PipelineRig rig = new PipelineRig(db, store, 1, filter,
                PipelineRig.at(new BinlogPosition(status.file(), status.position())), 50,
                (e, n) -> DdlStormIT.rows(e).stream()
                        .anyMatch(r -> r.after().stream().anyMatch(c -> "99".equals(c.value()))))) {
            db.execute("INSERT INTO f.keep1 VALUES (1, 'in')",
                    "INSERT INTO f.other VALUES (1)",
                    "RENAME TABLE f.keep1 TO f.gone",
                    "INSERT INTO f.gone VALUES (2, 'out')",
                    "ALTER TABLE f.gone ADD COLUMN b INT",
                    "INSERT INTO f.gone VALUES (3, 'out', 3)",
                    "RENAME TABLE f.gone TO f.keep2",
                    "INSERT INTO f.keep2 VALUES (4, 'back', 5)",
                    "INSERT INTO f.keep2 VALUES (99, 'end', 0)");
            rig.join(Duration.ofSeconds(30));
            entries = rig.entries.stream().filter(e -> e.getEntryType() == EntryType.ROWDATA).toList();
        }
        List<String> rows = entries.stream().flatMap(e -> DdlStormIT.rows(e).stream())
                .map(r -> r.table() + " " + r.after().stream().map(c -> c.name() + "=" + c.value()).toList())
                .toList();
        assertEquals(List.of("f.keep1 [id=1, a=in]", "f.keep2 [id=4, a=back, b=5]", "f.keep2 [id=99, a=end, b=0]"),
                rows, "rows only while the table is inside the filter, with the columns of their moment");
        List<String> ddl = entries.stream().filter(e -> e.getHeader().getEventType() == EventType.RENAME
                || e.getHeader().getEventType() == EventType.ALTER)
                .map(e -> e.getHeader().getEventType() + " " + e.getHeader().getTableName()).toList();
        assertEquals(List.of("RENAME gone", "RENAME keep2"), ddl,
                "both renames pass canal's rename rule; the ALTER of the excluded table is applied, not delivered");
    }
}
