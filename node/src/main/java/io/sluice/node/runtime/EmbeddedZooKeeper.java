package io.sluice.node.runtime;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single ZooKeeper server inside the node, for a node configured without {@code zookeeper.connect}: a one-node
 * trial or development setup. Its data lives in {@code dataDir/zookeeper}, so destinations and cursors survive a
 * restart. Not for a cluster: every node would have its own ZooKeeper and none would see the others.
 */
final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    private static final int TICK_MILLIS = 2000;
    private static final int MAX_CLIENT_CONNECTIONS = 200;

    private final ServerCnxnFactory factory;
    private final ZooKeeperServer server;

    private EmbeddedZooKeeper(ServerCnxnFactory factory, ZooKeeperServer server) {
        this.factory = factory;
        this.server = server;
    }

    /** Starts the server on {@code host:port} (0 = any free port) with its data under {@code dataDir}. */
    static EmbeddedZooKeeper start(Path dataDir, String host, int port) throws IOException {
        File dir = Files.createDirectories(dataDir).toFile();
        ZooKeeperServer server = new ZooKeeperServer(dir, dir, TICK_MILLIS);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(new InetSocketAddress(host, port),
                MAX_CLIENT_CONNECTIONS);
        try {
            factory.startup(server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            factory.shutdown();
            throw new IOException("interrupted while starting the embedded ZooKeeper", e);
        }
        EmbeddedZooKeeper zk = new EmbeddedZooKeeper(factory, server);
        log.info("no zookeeper.connect configured: started an embedded single ZooKeeper on {} with its data in {} "
                + "(for one node only; configure zookeeper.connect for a cluster)", zk.connectString(), dataDir);
        return zk;
    }

    String connectString() {
        InetSocketAddress address = factory.getLocalAddress();
        return address.getHostString() + ":" + factory.getLocalPort();
    }

    @Override
    public void close() {
        factory.shutdown();
        server.shutdown();
    }
}
