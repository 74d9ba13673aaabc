package io.sluice.coordinator.canal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.coordinator.ZkPaths;

/**
 * Publishes the nodes canal's cluster connector ({@code CanalConnectors.newClusterConnector(zkServers, dest, ...)})
 * looks for, in canal's layout and JSON:
 * <ul>
 *   <li>{@code /otter/canal/cluster/<host:port>}: this server is running ({@link #start()});</li>
 *   <li>{@code /otter/canal/destinations/<dest>/cluster/<host:port>}: this server can serve {@code dest}
 *       ({@link #standBy}); the connector picks one of these when no server is running the destination;</li>
 *   <li>{@code /otter/canal/destinations/<dest>/running}: this server serves {@code dest} now ({@link #activate}),
 *       {@code {"active":true,"address":"host:port","cid":<cid>}} as canal's {@code ServerRunningData}.</li>
 * </ul>
 * All are EPHEMERAL and kept by Curator {@link PersistentNode}s, which re-create them after a session loss. The
 * {@code running} node only advertises: leadership is decided elsewhere (latch and epoch), so when a new leader
 * activates while its predecessor's node still lingers, the data is overwritten and the node re-created once the old
 * session expires. Thread-safe.
 */
public final class CanalDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CanalDiscovery.class);

    private static final long INITIAL_CREATE_WAIT_SECONDS = 10;

    private final CuratorFramework client;
    private final ZkPaths paths;
    private final String address;
    private final long cid;
    private final Map<String, PersistentNode> nodes = new ConcurrentHashMap<>();

    /**
     * @param address {@code host:port} of this node's canal port, as clients must dial it
     * @param cid     canal's server id ({@code canal.id}), shown in the running node
     */
    public CanalDiscovery(CuratorFramework client, ZkPaths paths, String address, long cid) {
        this.client = Objects.requireNonNull(client, "client");
        this.paths = Objects.requireNonNull(paths, "paths");
        this.address = checkAddress(address);
        this.cid = cid;
    }

    /** Announces this server under {@code /otter/canal/cluster}. */
    public void start() {
        publish(paths.canalClusterNode(address), new byte[0]);
    }

    /** Announces that this server can serve {@code destination}. */
    public void standBy(String destination) {
        publish(paths.canalDestinationClusterNode(destination, address), new byte[0]);
    }

    /** Announces that this server serves {@code destination} now; canal clients connect here. */
    public void activate(String destination) {
        publish(paths.canalRunning(destination), runningJson(address, cid));
    }

    /** Withdraws the running node of {@code destination}, e.g. on losing leadership. */
    public void deactivate(String destination) {
        remove(paths.canalRunning(destination));
    }

    /** Withdraws both destination nodes of {@code destination}. */
    public void withdraw(String destination) {
        deactivate(destination);
        remove(paths.canalDestinationClusterNode(destination, address));
    }

    /** Withdraws every node this instance published. */
    @Override
    public void close() {
        for (String path : nodes.keySet()) {
            remove(path);
        }
    }

    /** canal's {@code ServerRunningData} JSON. */
    public static byte[] runningJson(String address, long cid) {
        return ("{\"active\":true,\"address\":\"" + checkAddress(address) + "\",\"cid\":" + cid + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void publish(String path, byte[] data) {
        boolean[] fresh = {false};
        PersistentNode node = nodes.computeIfAbsent(path, p -> {
            PersistentNode created = new PersistentNode(client, CreateMode.EPHEMERAL, false, p, data);
            created.start();
            fresh[0] = true;
            return created;
        });
        try {
            // setData is refused before the first create completed, so a fresh node waits for it (bounded: while
            // ZooKeeper is away the node is created on reconnect anyway).
            if (!node.waitForInitialCreate(INITIAL_CREATE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("canal node {} not created within {} s; it will be once ZooKeeper answers", path,
                        INITIAL_CREATE_WAIT_SECONDS);
                return;
            }
            if (!fresh[0]) {
                node.setData(data);
            }
            log.info("canal node {} published for {}", path, address);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing canal node " + path, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish canal node " + path + ": " + e, e);
        }
    }

    private void remove(String path) {
        PersistentNode node = nodes.remove(path);
        if (node == null) {
            return;
        }
        try {
            node.close();
            log.info("canal node {} withdrawn", path);
        } catch (IOException e) {
            log.warn("canal node {} could not be deleted; it goes with this session: {}", path, e.toString());
        }
    }

    /** canal clients split the address at ':' into exactly two parts, so IPv6 literals cannot be used. */
    private static String checkAddress(String address) {
        Objects.requireNonNull(address, "address");
        int colon = address.indexOf(':');
        boolean ok = colon > 0 && colon == address.lastIndexOf(':') && address.substring(colon + 1).matches("\\d{1,5}")
                && Integer.parseInt(address.substring(colon + 1)) <= 65535;
        if (!ok) {
            throw new IllegalArgumentException("canal address must be host:port with a host name or IPv4 address"
                    + " (canal clients cannot parse IPv6), got '" + address + "'");
        }
        return address;
    }
}
