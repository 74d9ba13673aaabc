package io.sluice.node.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.MetricRegistry;

import io.sluice.common.config.DestinationSpec;
import io.sluice.coordinator.ZkPaths;
import io.sluice.coordinator.canal.CanalDiscovery;
import io.sluice.coordinator.destination.DestinationListener;
import io.sluice.coordinator.destination.DestinationRegistry;
import io.sluice.coordinator.destination.StoredSpec;
import io.sluice.coordinator.leader.EpochCounter;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.metrics.AdminServer;
import io.sluice.node.metrics.DestinationHealth;
import io.sluice.node.metrics.MetricNames;
import io.sluice.node.metrics.NodeHealth;
import io.sluice.node.metrics.PrometheusExport;
import io.sluice.node.server.ClientServer;
import io.sluice.node.server.ClientServerConfig;
import io.sluice.node.server.ServedDestination;
import io.sluice.node.store.FlushScheduler;

/**
 * A running node: ZooKeeper (connected, or embedded when none is configured), the destinations found in ZooKeeper
 * (each a {@link DestinationRuntime}, started, restarted on a changed spec, stopped on a deleted one), the canal
 * client server, the admin endpoint, and canal's discovery nodes. Until leader election exists, a node leads every
 * destination it finds, with a fresh epoch per start.
 */
public final class SluiceNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SluiceNode.class);
    private static final long CONNECT_TIMEOUT_SECONDS = 30;
    private static final long RETENTION_PERIOD_SECONDS = 30;

    private final NodeConfig config;
    private final Function<String, String> env;
    private final MetricRegistry registry = new MetricRegistry();
    private final Map<String, DestinationRuntime> destinations = new ConcurrentHashMap<>();
    private final Object lifecycle = new Object();
    private EmbeddedZooKeeper embedded;
    private CuratorFramework curator;
    private ZkPaths paths;
    private DestinationRegistry specs;
    private DestinationRegistry.Watch watch;
    private EpochCounter epochs;
    private CanalDiscovery discovery;
    private ClientServer server;
    private AdminServer admin;
    private final FlushScheduler flushes = new FlushScheduler("store-flusher");
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private volatile NodeHealth.State state = NodeHealth.State.STARTING;
    private boolean closed;

    private SluiceNode(NodeConfig config, Function<String, String> env) {
        this.config = config;
        this.env = env;
    }

    /** Starts a node; on failure, whatever was started is stopped again and the error names what failed. */
    public static SluiceNode start(NodeConfig config, Function<String, String> env) throws IOException {
        SluiceNode node = new SluiceNode(config, env);
        try {
            node.startAll();
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        Files.createDirectories(config.dataDir());
        String connect;
        if (config.zookeeper().isPresent()) {
            connect = config.zookeeper().get().connect();
        } else {
            embedded = EmbeddedZooKeeper.start(config.dataDir().resolve("zookeeper"), config.bindHost(), 2181);
            connect = embedded.connectString();
        }
        int sessionTimeout = config.zookeeper().map(z -> z.sessionTimeoutMs()).orElse(6000);
        curator = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs(sessionTimeout).connectionTimeoutMs(Math.min(sessionTimeout, 15_000))
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 5_000)).build();
        curator.start();
        try {
            if (!curator.blockUntilConnected((int) CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("cannot reach ZooKeeper at " + connect + " within " + CONNECT_TIMEOUT_SECONDS
                        + " s; check zookeeper.connect and that the ensemble is up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to ZooKeeper", e);
        }
        paths = config.zookeeper().map(z -> new ZkPaths(z.root(), ZkPaths.DEFAULT_CANAL_ROOT)).orElse(new ZkPaths());
        specs = new DestinationRegistry(curator, paths);
        epochs = new EpochCounter(curator, paths);
        for (DestinationSpec spec : config.destinations()) {
            if (specs.putIfAbsent(spec)) {
                log.info("destination {} written to ZooKeeper from the node configuration", spec.name());
            }
        }
        ClientServerConfig.Builder serverConfig = ClientServerConfig.builder().host(config.bindHost())
                .port(config.clientPort());
        config.users().forEach(u -> serverConfig.user(u.name(), u.password()));
        server = new ClientServer(serverConfig.build(), this::served, registry);
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the client server", e);
        }
        String address = config.bindHost() + ":" + server.port();
        discovery = new CanalDiscovery(curator, paths, address, 1);
        discovery.start();
        admin = new AdminServer(config.bindHost(), config.adminPort(), new PrometheusExport(registry), this::health);
        admin.start();
        curator.getConnectionStateListenable().addListener((client, newState) -> onConnectionState(newState));
        watch = specs.watch(new Listener());
        housekeeping.scheduleWithFixedDelay(this::applyRetention, RETENTION_PERIOD_SECONDS, RETENTION_PERIOD_SECONDS,
                TimeUnit.SECONDS);
        state = NodeHealth.State.SERVING;
        log.info("node {} serving canal clients on {}, admin on {}:{}", config.nodeId(), address, config.bindHost(),
                admin.port());
    }

    /**
     * A lost ZooKeeper session means this node can no longer be sure it leads its destinations (and its cursor
     * writes would fail): it stops serving them at once. When a new session comes up, it starts them again in new
     * terms from what ZooKeeper holds.
     */
    private void onConnectionState(ConnectionState newState) {
        if (newState == ConnectionState.LOST) {
            housekeeping.execute(() -> {
                synchronized (lifecycle) {
                    if (closed) {
                        return;
                    }
                    log.error("ZooKeeper session lost: this node can no longer be sure it leads {}; it stops serving "
                            + "them until a new session is established", destinations.keySet());
                    for (String name : List.copyOf(destinations.keySet())) {
                        stopDestination(name);
                    }
                }
            });
        } else if (newState == ConnectionState.RECONNECTED) {
            housekeeping.execute(() -> {
                if (!destinations.isEmpty()) {
                    return;
                }
                DestinationRegistry.Listing listing = specs.list();
                log.info("ZooKeeper session re-established: starting {} destinations again", listing.specs().size());
                listing.specs().forEach(stored -> run(stored.spec()));
            });
        }
    }

    private void applyRetention() {
        for (DestinationRuntime runtime : destinations.values()) {
            try {
                runtime.applyRetention();
            } catch (IOException | RuntimeException e) {
                log.warn("[dest={}] retention failed: {}", runtime.name(), e.getMessage());
            }
        }
    }

    private Optional<ServedDestination> served(String name) {
        return Optional.ofNullable(destinations.get(name));
    }

    /** Starts (or restarts) one destination; failures are reported in /health, never stop the node. */
    private void run(DestinationSpec spec) {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            stopDestination(spec.name());
            try {
                long epoch = epochs.next(spec.name());
                Path storeDir = config.dataDir().resolve("destinations").resolve(spec.name()).resolve("store");
                DestinationRuntime runtime = new DestinationRuntime(spec, storeDir, flushes, curator, paths, epoch,
                        registry, env, Clock.systemUTC());
                destinations.put(spec.name(), runtime);
                runtime.start();
                discovery.standBy(spec.name());
                discovery.activate(spec.name());
                log.info("[dest={}] led by this node in term {}", spec.name(), epoch);
            } catch (IOException | RuntimeException e) {
                log.error("[dest={}] cannot start: {}", spec.name(), e.getMessage());
            }
        }
    }

    private void stopDestination(String name) {
        DestinationRuntime previous = destinations.remove(name);
        if (previous != null) {
            quietly("canal discovery of " + name, () -> discovery.withdraw(name));
            previous.close();
        }
    }

    private NodeHealth health() {
        List<DestinationHealth> list = new ArrayList<>();
        for (DestinationRuntime runtime : destinations.values()) {
            list.add(runtime.health(clients(runtime.name())));
        }
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return new NodeHealth(config.nodeId(), state, list);
    }

    /** Clients with metrics registered, i.e. with at least one open connection. */
    private int clients(String destination) {
        String prefix = MetricNames.CLIENT_PREFIX + destination + ".";
        String suffix = "." + MetricNames.OUTSTANDING_BATCHES;
        return registry.getGauges((name, metric) -> name.startsWith(prefix) && name.endsWith(suffix)).size();
    }

    /** The canal port actually bound (differs from the configured one when that is 0). */
    public int clientPort() {
        return server.port();
    }

    public int adminPort() {
        return admin.port();
    }

    /**
     * Stops accepting clients, stops every destination at a transaction boundary, flushes stores and cursors, and
     * leaves ZooKeeper. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        state = NodeHealth.State.STOPPING;
        log.info("node {} stopping", config.nodeId());
        housekeeping.shutdownNow();
        quietly("the destination watch", () -> { if (watch != null) { watch.close(); } });
        quietly("the client server", () -> { if (server != null) { server.close(); } });
        List<Thread> stoppers = new ArrayList<>();
        for (String name : List.copyOf(destinations.keySet())) {
            Thread t = new Thread(() -> stopDestination(name), "stop-" + name);
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            quietly("destination " + t.getName(), () -> t.join(8_000));
        }
        quietly("the store flusher", flushes::close);
        quietly("canal discovery", () -> { if (discovery != null) { discovery.close(); } });
        quietly("the admin endpoint", () -> { if (admin != null) { admin.close(); } });
        quietly("ZooKeeper client", () -> { if (curator != null) { curator.close(); } });
        quietly("embedded ZooKeeper", () -> { if (embedded != null) { embedded.close(); } });
        log.info("node {} stopped", config.nodeId());
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            log.warn("stopping {}: {}", what, e.getMessage());
        }
    }

    private final class Listener implements DestinationListener {
        @Override
        public void added(StoredSpec spec) {
            run(spec.spec());
        }

        @Override
        public void changed(StoredSpec previous, StoredSpec current) {
            log.info("[dest={}] specification changed: restarting it", current.name());
            run(current.spec());
        }

        @Override
        public void removed(String name) {
            log.info("[dest={}] deleted from ZooKeeper: stopping it", name);
            synchronized (lifecycle) {
                stopDestination(name);
            }
        }

        @Override
        public void corrupt(String path, String problem) {
            log.error("destination node {} is unreadable and skipped: {}", path, problem);
        }
    }
}
