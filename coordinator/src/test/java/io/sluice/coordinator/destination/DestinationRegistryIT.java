package io.sluice.coordinator.destination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.DestinationSpec;
import io.sluice.common.config.DestinationSpecs;
import io.sluice.coordinator.ZkPaths;
import io.sluice.testkit.Await;
import io.sluice.testkit.ZooKeeperServer;

class DestinationRegistryIT {

    private static ZooKeeperServer server;
    private static CuratorFramework client;

    @BeforeAll
    static void start() {
        server = ZooKeeperServer.start();
        client = server.newClient();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static DestinationSpec spec(String name, String host) {
        return DestinationSpecs.parse(ConfigFiles.parse("name: " + name + "\nsource: {host: " + host
                + ", user: repl, password: '${PW}'}\n", "test"));
    }

    @Test
    void createsUpdatesListsAndDeletes() {
        DestinationRegistry registry = new DestinationRegistry(client, ZkPaths.under("/crud"));
        assertEquals(DestinationRegistry.PutResult.CREATED, registry.put(spec("a", "h1")));
        assertEquals(DestinationRegistry.PutResult.UNCHANGED, registry.put(spec("a", "h1")));
        assertEquals(DestinationRegistry.PutResult.UPDATED, registry.put(spec("a", "h2")));
        assertFalse(registry.putIfAbsent(spec("a", "h3")));
        assertTrue(registry.putIfAbsent(spec("b", "h1")));
        StoredSpec a = registry.get("a").orElseThrow();
        assertEquals("h2", a.spec().source().host());
        assertEquals(1, a.version());
        assertFalse(registry.replace(spec("a", "h4"), 0), "stale version refused");
        assertTrue(registry.replace(spec("a", "h4"), 1));
        assertEquals(List.of("a", "b"), registry.list().specs().stream().map(StoredSpec::name).toList());
        assertTrue(registry.delete("a"));
        assertFalse(registry.delete("a"));
        assertTrue(registry.get("a").isEmpty());
    }

    @Test
    void secretsStayReferences() throws Exception {
        ZkPaths paths = ZkPaths.under("/secrets");
        new DestinationRegistry(client, paths).put(spec("a", "h"));
        String json = new String(client.getData().forPath(paths.destinationSpec("a")), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"password\":\"${PW}\""), json);
    }

    @Test
    void watchDeliversAddsChangesRemovalsAndSkipsCorruptNodes() throws Exception {
        ZkPaths paths = ZkPaths.under("/watch");
        DestinationRegistry registry = new DestinationRegistry(client, paths);
        registry.put(spec("existing", "h"));
        List<String> events = new CopyOnWriteArrayList<>();
        try (DestinationRegistry.Watch watch = registry.watch(new DestinationListener() {
            @Override
            public void added(StoredSpec spec) {
                events.add("added " + spec.name() + " " + spec.spec().source().host());
            }

            @Override
            public void changed(StoredSpec previous, StoredSpec current) {
                events.add("changed " + previous.spec().source().host() + "->" + current.spec().source().host());
            }

            @Override
            public void removed(String name) {
                events.add("removed " + name);
            }

            @Override
            public void corrupt(String path, String problem) {
                events.add("corrupt " + path);
                throw new IllegalStateException("a failing listener must not stop the watch");
            }
        })) {
            awaitEvents(events, 1);
            client.create().forPath(paths.destinationSpec("junk"), "{not json".getBytes(StandardCharsets.UTF_8));
            awaitEvents(events, 2);
            registry.put(spec("existing", "h2"));
            awaitEvents(events, 3);
            registry.put(spec("junk", "h3"));
            awaitEvents(events, 4);
            registry.delete("existing");
            awaitEvents(events, 5);
        }
        assertEquals(List.of("added existing h", "corrupt /watch/config/destinations/junk", "changed h->h2",
                "added junk h3", "removed existing"), events);
        assertEquals(List.of("junk"), registry.list().specs().stream().map(StoredSpec::name).toList());
    }

    @Test
    void listReportsCorruptNodesByName() throws Exception {
        ZkPaths paths = ZkPaths.under("/corrupt");
        DestinationRegistry registry = new DestinationRegistry(client, paths);
        registry.put(spec("good", "h"));
        client.create().forPath(paths.destinationSpec("bad"), "{\"version\":9}".getBytes(StandardCharsets.UTF_8));
        DestinationRegistry.Listing listing = registry.list();
        assertEquals(List.of("good"), listing.specs().stream().map(StoredSpec::name).toList());
        assertEquals(1, listing.problems().size());
        assertTrue(listing.problems().get(0).startsWith("/corrupt/config/destinations/bad: version:"),
                listing.problems().get(0));
    }

    private static void awaitEvents(List<String> events, int count) {
        assertTrue(Await.poll(Duration.ofSeconds(10), () -> events.size() >= count),
                "expected " + count + " events, got " + events);
    }
}
