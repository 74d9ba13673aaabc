package io.sluice.coordinator.destination;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.config.ConfigException;
import io.sluice.common.config.DestinationSpec;
import io.sluice.common.config.DestinationSpecs;
import io.sluice.coordinator.ZkPaths;

/**
 * The cluster-wide set of destination specs, one node per destination under {@link ZkPaths#destinationSpecs()},
 * holding {@link DestinationSpecs#toJson} JSON. Thread-safe; uses a Curator client the caller owns (started before,
 * closed after).
 *
 * <p>Deleting a spec stops the destination everywhere but keeps its state (cursors, schema history, epoch) under
 * {@link ZkPaths#destination}, so that putting the same spec back resumes where it stopped.
 */
public final class DestinationRegistry {

    private static final Logger log = LoggerFactory.getLogger(DestinationRegistry.class);

    /** {@link #replace} expected version meaning "the spec must not exist yet". */
    public static final int MUST_NOT_EXIST = -1;

    private final CuratorFramework client;
    private final ZkPaths paths;

    public DestinationRegistry(CuratorFramework client, ZkPaths paths) {
        this.client = Objects.requireNonNull(client, "client");
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    /** What {@link #put} did. */
    public enum PutResult { CREATED, UPDATED, UNCHANGED }

    /** Creates the spec or overwrites whatever is stored under its name; an identical spec is not rewritten. */
    public PutResult put(DestinationSpec spec) {
        String path = paths.destinationSpec(spec.name());
        byte[] data = DestinationSpecs.toJson(spec);
        while (true) {
            Optional<StoredSpec> current = readQuietly(path);
            if (current.isPresent() && current.get().spec().equals(spec)) {
                return PutResult.UNCHANGED;
            }
            try {
                if (exists(path)) {
                    client.setData().forPath(path, data);
                    log.info("[dest={}] destination spec updated at {}", spec.name(), path);
                    return PutResult.UPDATED;
                }
                client.create().creatingParentsIfNeeded().forPath(path, data);
                log.info("[dest={}] destination spec created at {}", spec.name(), path);
                return PutResult.CREATED;
            } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                // raced with another writer; look again
            } catch (Exception e) {
                throw failure("write", path, e);
            }
        }
    }

    /** Creates the spec only if no spec of that name exists; true if it was created. */
    public boolean putIfAbsent(DestinationSpec spec) {
        return replace(spec, MUST_NOT_EXIST);
    }

    /**
     * Writes the spec only if its node is at {@code expectedVersion} ({@link #MUST_NOT_EXIST}: only if absent).
     *
     * @return false if the node was changed, created or deleted since that version; nothing was written
     */
    public boolean replace(DestinationSpec spec, int expectedVersion) {
        String path = paths.destinationSpec(spec.name());
        byte[] data = DestinationSpecs.toJson(spec);
        try {
            if (expectedVersion == MUST_NOT_EXIST) {
                client.create().creatingParentsIfNeeded().forPath(path, data);
            } else {
                client.setData().withVersion(expectedVersion).forPath(path, data);
            }
            return true;
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException
                 | KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw failure("write", path, e);
        }
    }

    /**
     * @throws ConfigException if the node holds something that is no spec
     */
    public Optional<StoredSpec> get(String name) {
        String path = paths.destinationSpec(name);
        Stat stat = new Stat();
        byte[] data;
        try {
            data = client.getData().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure("read", path, e);
        }
        return Optional.of(new StoredSpec(decode(path, data), stat.getVersion()));
    }

    /** Every readable spec by name, and what was skipped. */
    public Listing list() {
        String root = paths.destinationSpecs();
        List<String> names;
        try {
            names = client.getChildren().forPath(root);
        } catch (KeeperException.NoNodeException e) {
            return new Listing(List.of(), List.of());
        } catch (Exception e) {
            throw failure("list", root, e);
        }
        List<StoredSpec> specs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            try {
                get(name).ifPresent(specs::add);
            } catch (ConfigException | IllegalArgumentException e) {
                problems.add(e.getMessage());
                log.warn("destination spec skipped: {}", e.getMessage());
            }
        }
        specs.sort(Comparator.comparing(StoredSpec::name));
        return new Listing(List.copyOf(specs), List.copyOf(problems));
    }

    /** Readable specs, and one message per node that could not be read. */
    public record Listing(List<StoredSpec> specs, List<String> problems) {
    }

    /** Deletes the spec (not the destination's state); false if there was none. */
    public boolean delete(String name) {
        String path = paths.destinationSpec(name);
        try {
            client.delete().forPath(path);
            log.info("[dest={}] destination spec deleted from {}", name, path);
            return true;
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw failure("delete", path, e);
        }
    }

    /**
     * Starts delivering spec changes to {@code listener}, beginning with one {@code added} per existing spec. Close
     * the returned watch to stop.
     */
    public Watch watch(DestinationListener listener) {
        Objects.requireNonNull(listener, "listener");
        String root = paths.destinationSpecs();
        try {
            client.createContainers(root);
        } catch (Exception e) {
            throw failure("create", root, e);
        }
        CuratorCache cache = CuratorCache.build(client, root);
        Dispatcher dispatcher = new Dispatcher(root, listener);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(dispatcher::created)
                .forChanges(dispatcher::changed)
                .forDeletes(dispatcher::deleted)
                .build());
        cache.start();
        return new Watch(cache);
    }

    /** A running {@link #watch}; closing it stops delivery. */
    public static final class Watch implements AutoCloseable {
        private final CuratorCache cache;

        private Watch(CuratorCache cache) {
            this.cache = cache;
        }

        @Override
        public void close() {
            cache.close();
        }
    }

    /** Turns cache events on spec nodes into listener calls, remembering the last readable spec per name. */
    private static final class Dispatcher {
        private final String root;
        private final DestinationListener listener;
        private final Map<String, StoredSpec> known = new ConcurrentHashMap<>();

        Dispatcher(String root, DestinationListener listener) {
            this.root = root;
            this.listener = listener;
        }

        void created(ChildData node) {
            update(node);
        }

        void changed(ChildData oldNode, ChildData node) {
            update(node);
        }

        void deleted(ChildData node) {
            String name = nameOf(node);
            if (name != null && known.remove(name) != null) {
                call(() -> listener.removed(name));
            }
        }

        private void update(ChildData node) {
            String name = nameOf(node);
            if (name == null) {
                return;
            }
            StoredSpec current;
            try {
                current = new StoredSpec(decode(node.getPath(), node.getData()), node.getStat().getVersion());
            } catch (ConfigException | IllegalArgumentException e) {
                log.warn("destination spec {} skipped: {}", node.getPath(), e.getMessage());
                call(() -> listener.corrupt(node.getPath(), e.getMessage()));
                return;
            }
            StoredSpec previous = known.put(name, current);
            if (previous == null) {
                call(() -> listener.added(current));
            } else if (!previous.spec().equals(current.spec())) {
                call(() -> listener.changed(previous, current));
            }
        }

        /** The destination name of a direct child of the root, or null for the root and deeper nodes. */
        private String nameOf(ChildData node) {
            String path = node.getPath();
            if (!path.startsWith(root + "/") || path.indexOf('/', root.length() + 1) >= 0) {
                return null;
            }
            return path.substring(root.length() + 1);
        }

        private void call(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                log.error("destination listener failed; the watch goes on", e);
            }
        }
    }

    private static DestinationSpec decode(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new ConfigException(path, "", "the node is empty; expected a destination spec in JSON");
        }
        DestinationSpec spec = DestinationSpecs.fromJson(data, path);
        String nodeName = path.substring(path.lastIndexOf('/') + 1);
        if (!spec.name().equals(nodeName)) {
            throw new ConfigException(path, "name", "the spec is named '" + spec.name() + "' but its node '"
                    + nodeName + "'; put it again with sluicectl destination apply");
        }
        return spec;
    }

    private Optional<StoredSpec> readQuietly(String path) {
        try {
            return get(path.substring(path.lastIndexOf('/') + 1));
        } catch (ConfigException e) {
            return Optional.empty(); // a corrupt spec is simply overwritten
        }
    }

    private boolean exists(String path) throws Exception {
        return client.checkExists().forPath(path) != null;
    }

    private static IllegalStateException failure(String operation, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("cannot " + operation + " " + path + " in ZooKeeper: " + e, e);
    }
}
