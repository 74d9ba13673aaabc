package io.sluice.coordinator.leader;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.coordinator.ZkPaths;

/**
 * Hands out leadership epochs per destination from a versioned counter at {@link ZkPaths#leaderEpoch}, stored as
 * decimal text. Each {@link #next} is a compare-and-set increment, so two nodes racing for a term never get the same
 * epoch. Epochs start at 1 and stay below {@value #LIMIT}, because batch ids carry the epoch in 23 bits. Thread-safe.
 */
public final class EpochCounter {

    private static final Logger log = LoggerFactory.getLogger(EpochCounter.class);

    /** Epochs are below 2^23. */
    public static final long LIMIT = 1L << 23;

    private final CuratorFramework client;
    private final ZkPaths paths;

    public EpochCounter(CuratorFramework client, ZkPaths paths) {
        this.client = Objects.requireNonNull(client, "client");
        this.paths = Objects.requireNonNull(paths, "paths");
    }

    /** The last epoch handed out for {@code destination}; 0 if none. */
    public long current(String destination) {
        String path = paths.leaderEpoch(destination);
        byte[] data;
        try {
            data = client.getData().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return 0;
        } catch (Exception e) {
            throw failure("read", path, e);
        }
        return decode(path, data);
    }

    /**
     * A new epoch for {@code destination}, higher than every epoch handed out before.
     *
     * @throws IllegalStateException if the counter reached {@value #LIMIT} - 1, or ZooKeeper fails
     */
    public long next(String destination) {
        String path = paths.leaderEpoch(destination);
        while (true) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(path);
            } catch (KeeperException.NoNodeException e) {
                try {
                    client.create().creatingParentContainersIfNeeded().forPath(path, encode(1));
                    log.info("[dest={}] epoch 1 (first)", destination);
                    return 1;
                } catch (KeeperException.NodeExistsException raced) {
                    continue;
                } catch (Exception other) {
                    throw failure("create", path, other);
                }
            } catch (Exception e) {
                throw failure("read", path, e);
            }
            long current = decode(path, data);
            if (current + 1 >= LIMIT) {
                throw new IllegalStateException("[dest=" + destination + "] epoch counter " + path + " is at "
                        + current + "; epochs must stay below 2^23 (" + LIMIT + "). Recreate the destination under a"
                        + " new name, or reset the counter only after every node of the cluster is stopped");
            }
            try {
                client.setData().withVersion(stat.getVersion()).forPath(path, encode(current + 1));
                log.info("[dest={}] epoch {}", destination, current + 1);
                return current + 1;
            } catch (KeeperException.BadVersionException e) {
                // another node took an epoch in between: read again
            } catch (Exception e) {
                throw failure("write", path, e);
            }
        }
    }

    private static byte[] encode(long epoch) {
        return Long.toString(epoch).getBytes(StandardCharsets.US_ASCII);
    }

    private static long decode(String path, byte[] data) {
        String text = data == null ? "" : new String(data, StandardCharsets.US_ASCII).strip();
        try {
            long value = Long.parseLong(text);
            if (value >= 1 && value < LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(path + " holds '" + text + "', not an epoch in 1.." + (LIMIT - 1)
                + "; restore it to the highest epoch used (at least the epoch in schema/head)");
    }

    private static IllegalStateException failure(String operation, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("cannot " + operation + " " + path + " in ZooKeeper: " + e, e);
    }
}
