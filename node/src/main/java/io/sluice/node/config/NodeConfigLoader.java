package io.sluice.node.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.sluice.common.config.ConfigException;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.ConfigNode;
import io.sluice.common.config.DestinationSpec;
import io.sluice.common.config.DestinationSpecs;
import io.sluice.coordinator.ZkPaths;

/**
 * Reads and checks a node's YAML (or JSON) configuration file; see docs/configuration.md. Every problem is a
 * {@link ConfigException} naming the file, the key, what is accepted and what was found. {@code ${NAME}} references
 * are resolved in the node's own string keys at load; in destinations only {@code source.user} and
 * {@code source.password} may hold them, and they are kept as written (resolved by the node that connects).
 */
public final class NodeConfigLoader {

    private static final String[] KEYS = {"nodeId", "bindHost", "clientPort", "adminPort", "dataDir", "zookeeper",
            "users", "destinations"};
    private static final String[] ZOOKEEPER_KEYS = {"connect", "sessionTimeoutMs", "root"};
    private static final String[] USER_KEYS = {"name", "password"};
    private static final String NODE_ID_ACCEPTED = "1 to 64 letters, digits, '.', '_' or '-'";

    private NodeConfigLoader() {
    }

    /** Loads {@code file}, resolving references from the process environment. */
    public static NodeConfig load(Path file) {
        return load(file, System::getenv);
    }

    /**
     * Loads {@code file}, resolving references through {@code env} (null: unset).
     *
     * @throws ConfigException for the first problem found
     */
    public static NodeConfig load(Path file, Function<String, String> env) {
        return parse(ConfigFiles.read(file), env);
    }

    /** As {@link #load(Path, Function)}, for a parsed document. */
    public static NodeConfig parse(ConfigNode root, Function<String, String> env) {
        root.keys(KEYS);
        ConfigNode idNode = root.require("nodeId", NODE_ID_ACCEPTED);
        String nodeId = idNode.resolvedString(NODE_ID_ACCEPTED, env);
        if (!nodeId.matches(NodeConfig.NODE_ID_PATTERN)) {
            throw idNode.invalid(NODE_ID_ACCEPTED);
        }
        String bindHost = root.get("bindHost").map(n -> nonBlank(n, "a host name or IP address to listen on", env))
                .orElse("0.0.0.0");
        int clientPort = root.get("clientPort").map(n -> (int) n.integer(0, 65535)).orElse(11111);
        int adminPort = root.get("adminPort").map(n -> (int) n.integer(0, 65535)).orElse(11112);
        if (clientPort != 0 && clientPort == adminPort) {
            throw root.require("adminPort", "").error("must differ from clientPort (both are " + clientPort + ")");
        }
        Path dataDir = Path.of(nonBlank(root.require("dataDir", "a directory path"), "a directory path", env));
        Optional<NodeConfig.ZooKeeper> zookeeper = root.get("zookeeper").map(n -> zookeeper(n, env));
        List<NodeConfig.User> users = root.get("users").map(n -> users(n, env)).orElse(List.of());
        List<DestinationSpec> destinations = root.get("destinations").map(DestinationChecks::parseAndCheck)
                .orElse(List.of());
        return new NodeConfig(nodeId, bindHost, clientPort, adminPort, dataDir, zookeeper, users, destinations);
    }

    private static NodeConfig.ZooKeeper zookeeper(ConfigNode node, Function<String, String> env) {
        node.keys(ZOOKEEPER_KEYS);
        String accepted = "a ZooKeeper connect string host:port[,host:port...][/chroot]";
        ConfigNode connectNode = node.require("connect", accepted);
        String connect = nonBlank(connectNode, accepted, env);
        if (!connect.matches("[^,/\\s]+:\\d{1,5}(,[^,/\\s]+:\\d{1,5})*(/\\S*)?")) {
            throw connectNode.invalid(accepted);
        }
        int sessionTimeoutMs = node.get("sessionTimeoutMs").map(n -> (int) n.integer(1000, 600_000))
                .orElse(NodeConfig.ZooKeeper.DEFAULT_SESSION_TIMEOUT_MS);
        String root = NodeConfig.ZooKeeper.DEFAULT_ROOT;
        Optional<ConfigNode> rootNode = node.get("root");
        if (rootNode.isPresent()) {
            String rootAccepted = "an absolute ZooKeeper path such as /sluice";
            root = rootNode.get().resolvedString(rootAccepted, env);
            try {
                ZkPaths.under(root);
            } catch (IllegalArgumentException e) {
                throw rootNode.get().invalid(rootAccepted);
            }
        }
        return new NodeConfig.ZooKeeper(connect, sessionTimeoutMs, root);
    }

    private static List<NodeConfig.User> users(ConfigNode node, Function<String, String> env) {
        List<NodeConfig.User> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode item : node.list("mappings {name, password}")) {
            item.keys(USER_KEYS);
            ConfigNode nameNode = item.require("name", "a user name");
            String name = nonBlank(nameNode, "a user name", env);
            if (!names.add(name)) {
                throw nameNode.error("user '" + name + "' is listed twice; names must be unique");
            }
            String password = item.get("password").map(p -> p.resolvedString("a password or ${NAME}", env))
                    .orElse("");
            users.add(new NodeConfig.User(name, password));
        }
        return users;
    }

    private static String nonBlank(ConfigNode node, String accepted, Function<String, String> env) {
        String value = node.resolvedString(accepted, env);
        if (value.isBlank()) {
            throw node.invalid(accepted);
        }
        return value;
    }
}
