package io.sluice.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.sluice.coordinator.ZkPaths.SnapshotName;

class ZkPathsTest {

    private final ZkPaths paths = new ZkPaths();

    @Test
    void laysOutTheSchemaHistoryUnderTheRoot() {
        assertEquals("/sluice/destinations/example/schema/head", paths.schemaHead("example"));
        assertEquals("/sluice/destinations/example/schema/ddl/0000000000000001000/0000000000000001234",
                paths.ddlRecord("example", 1234));
        assertEquals("/sluice/destinations/example/schema/ddl/0000000000000000000", paths.ddlBucket("example", 999));
        assertEquals("/sluice/destinations/example/schema/snapshots/0000000000000000042-0000000000000000003-",
                paths.snapshotPrefix("example", 42, 3));
        String id = "0000000000000000042-0000000000000000003-0000000007";
        assertEquals("/sluice/destinations/example/schema/snapshots/" + id + "/chunk-0012",
                paths.snapshotChunk("example", id, 12));
        assertEquals("/sluice/destinations/example/schema/snapshots/" + id + "/meta", paths.snapshotMeta("example", id));
        assertEquals("/prod/sluice/destinations/d/schema", ZkPaths.under("/prod/sluice").schema("d"));
    }

    @Test
    void laysOutSpecsLeadershipAndCursors() {
        assertEquals("/sluice/config/destinations", paths.destinationSpecs());
        assertEquals("/sluice/config/destinations/example", paths.destinationSpec("example"));
        assertEquals("/sluice/destinations/example/leader/epoch", paths.leaderEpoch("example"));
        assertEquals("/sluice/destinations/example/cursors/1001", paths.cursor("example", "1001"));
        assertEquals("/sluice/destinations/example/cursors", paths.cursors("example"));
        assertThrows(IllegalArgumentException.class, () -> paths.cursor("example", "a/b"));
        assertThrows(IllegalArgumentException.class, () -> paths.destinationSpec(".."));
    }

    @Test
    void buildsCanalCompatibilityNodesAtCanalsRoot() {
        assertEquals("/otter/canal/destinations/example/running", paths.canalRunning("example"));
        assertEquals("/otter/canal/destinations/example/cluster/10.0.0.1:11111",
                paths.canalDestinationClusterNode("example", "10.0.0.1:11111"));
        assertEquals("/otter/canal/destinations/example/1001/cursor", paths.canalCursor("example", (short) 1001));
        assertEquals("/otter/canal/destinations/example/1001/running",
                paths.canalClientRunning("example", (short) 1001));
        assertEquals("/otter/canal/cluster/10.0.0.1:11111", paths.canalClusterNode("10.0.0.1:11111"));
    }

    @Test
    void namesSortNumerically() {
        List<String> names = new ArrayList<>();
        for (long seq : new long[] {1, 10, 999, 1000, 1001, 123456789}) {
            String path = paths.ddlRecord("d", seq);
            names.add(path.substring(path.lastIndexOf('/') + 1));
        }
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        assertEquals(names, sorted);
        assertEquals(OptionalLong.of(1001), ZkPaths.parseNumber("0000000000000001001"));
        assertTrue(ZkPaths.parseNumber("1001").isEmpty());
        assertTrue(ZkPaths.parseNumber("000000000000000100x").isEmpty());
    }

    @Test
    void parsesSnapshotNamesAndOrdersThemOldestFirst() {
        SnapshotName a = SnapshotName.parse("0000000000000000042-0000000000000000003-0000000007").orElseThrow();
        SnapshotName b = SnapshotName.parse("0000000000000000042-0000000000000000004-0000000001").orElseThrow();
        SnapshotName c = SnapshotName.parse("0000000000000000043-0000000000000000001-0000000000").orElseThrow();
        assertEquals(42, a.coversSequence());
        assertEquals(3, a.epoch());
        assertEquals(7, a.serial());
        List<SnapshotName> names = new ArrayList<>(List.of(c, b, a));
        Collections.sort(names);
        assertEquals(List.of(a, b, c), names);
        assertTrue(SnapshotName.parse("meta").isEmpty());
        assertTrue(SnapshotName.parse("0000000000000000042-0000000000000000003-").isEmpty());
    }

    @Test
    void rejectsBadRootsAndNames() {
        assertThrows(IllegalArgumentException.class, () -> ZkPaths.under("sluice"));
        assertThrows(IllegalArgumentException.class, () -> ZkPaths.under("/sluice/"));
        assertThrows(IllegalArgumentException.class, () -> ZkPaths.under("/"));
        assertThrows(IllegalArgumentException.class, () -> ZkPaths.under("/otter/canal/x"));
        assertThrows(IllegalArgumentException.class, () -> paths.schema("a/b"));
        assertThrows(IllegalArgumentException.class, () -> paths.schema(".."));
        assertThrows(IllegalArgumentException.class, () -> paths.schema(""));
        assertThrows(IllegalArgumentException.class, () -> paths.ddlRecord("d", 0));
        assertThrows(IllegalArgumentException.class, () -> paths.snapshot("d", "../x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> paths.schema("a/b"));
        assertTrue(e.getMessage().contains("'a/b'"), e.getMessage());
    }
}
