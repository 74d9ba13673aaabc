package io.sluice.node.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.sluice.common.config.DestinationSpec;

/**
 * A node's configuration file, checked once by {@link NodeConfigLoader}. Immutable.
 *
 * @param nodeId       this node's id in the cluster, {@value #NODE_ID_PATTERN}
 * @param bindHost     address the client and admin ports listen on
 * @param clientPort   canal protocol port, 0..65535 (0: any free port)
 * @param adminPort    HTTP port for /metrics and /health, 0..65535
 * @param dataDir      where the node keeps its stores (and the embedded ZooKeeper's data)
 * @param zookeeper    the ensemble to join; empty: the node runs an embedded single ZooKeeper in {@code dataDir}
 * @param users        canal client credentials, passwords resolved; empty: any user is accepted
 * @param destinations destinations to write to ZooKeeper at start when absent there
 */
public record NodeConfig(String nodeId, String bindHost, int clientPort, int adminPort, Path dataDir,
                         Optional<ZooKeeper> zookeeper, List<User> users, List<DestinationSpec> destinations) {

    public static final String NODE_ID_PATTERN = "[A-Za-z0-9_.-]{1,64}";

    public NodeConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(zookeeper, "zookeeper");
        users = List.copyOf(users);
        destinations = List.copyOf(destinations);
    }

    /**
     * @param connect          ZooKeeper connect string, {@code host:port,...} with an optional chroot
     * @param sessionTimeoutMs session timeout asked for
     * @param root             sluice's root node
     */
    public record ZooKeeper(String connect, int sessionTimeoutMs, String root) {
        public static final int DEFAULT_SESSION_TIMEOUT_MS = 6000;
        public static final String DEFAULT_ROOT = "/sluice";

        public ZooKeeper {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(root, "root");
        }
    }

    /** A canal client credential; the password is resolved and never printed. */
    public record User(String name, String password) {
        public User {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "User[" + name + ", password=***]";
        }
    }
}
