package io.sluice.coordinator.cursor;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.coordinator.ZkPaths;

/**
 * Client cursors in ZooKeeper, one node per (destination, client) at {@link ZkPaths#cursor}. Thread-safe; uses a
 * Curator client the caller owns. Each {@link #save} is one ZooKeeper write: callers on the ack path go through a
 * {@link CoalescingCursorWriter}.
 */
public final class CursorStore {

    private static final Logger log = LoggerFactory.getLogger(CursorStore.class);

    private final CuratorFramework client;
    private final ZkPaths paths;

    public CursorStore(CuratorFramework client, ZkPaths paths) {
        this.client = Objects.requireNonNull(client, "client");
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    /**
     * @throws CorruptCursorException if the node holds no cursor
     */
    public Optional<ClientCursor> load(String destination, String clientId) {
        String path = paths.cursor(destination, clientId);
        try {
            return Optional.of(CursorCodec.decode(path, client.getData().forPath(path)));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (CorruptCursorException e) {
            throw e;
        } catch (Exception e) {
            throw failure("read", path, e);
        }
    }

    /** Writes the cursor, creating its node if needed. */
    public void save(String destination, String clientId, ClientCursor cursor) {
        String path = paths.cursor(destination, clientId);
        byte[] data = CursorCodec.encode(cursor);
        try {
            try {
                client.setData().forPath(path, data);
            } catch (KeeperException.NoNodeException e) {
                try {
                    client.create().creatingParentContainersIfNeeded().forPath(path, data);
                } catch (KeeperException.NodeExistsException raced) {
                    client.setData().forPath(path, data);
                }
            }
        } catch (Exception e) {
            throw failure("write", path, e);
        }
    }

    /** Every client's cursor of {@code destination}, by client id; unreadable nodes are logged and skipped. */
    public Map<String, ClientCursor> list(String destination) {
        String root = paths.cursors(destination);
        Map<String, ClientCursor> cursors = new TreeMap<>();
        try {
            for (String clientId : client.getChildren().forPath(root)) {
                try {
                    load(destination, clientId).ifPresent(c -> cursors.put(clientId, c));
                } catch (CorruptCursorException e) {
                    log.warn("[dest={}] cursor skipped: {}", destination, e.getMessage());
                }
            }
        } catch (KeeperException.NoNodeException e) {
            return Map.of();
        } catch (Exception e) {
            throw failure("list", root, e);
        }
        return cursors;
    }

    /** Deletes a client's cursor; false if there was none. */
    public boolean delete(String destination, String clientId) {
        String path = paths.cursor(destination, clientId);
        try {
            client.delete().forPath(path);
            return true;
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw failure("delete", path, e);
        }
    }

    private static IllegalStateException failure(String operation, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("cannot " + operation + " cursor " + path + " in ZooKeeper: " + e, e);
    }
}
