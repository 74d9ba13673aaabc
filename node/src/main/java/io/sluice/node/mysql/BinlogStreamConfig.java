package io.sluice.node.mysql;

import java.util.Objects;

/**
 * Everything a {@link BinlogStream} needs, checked once here.
 *
 * @param connection         how to reach and log in to the source
 * @param replica            how to present ourselves as a replica
 * @param queueCapacityBytes bound on the bytes of events read ahead of the consumer (at least 64 KiB; 64 MiB by
 *                           default); reading pauses while the queue is full. One event larger than the bound is
 *                           still delivered, alone
 * @param backoff            waits between reconnect attempts
 */
public record BinlogStreamConfig(MysqlConnectionConfig connection, ReplicaSettings replica, long queueCapacityBytes,
                                 Backoff backoff) {

    public static final long MIN_QUEUE_CAPACITY = 64 * 1024;
    public static final long DEFAULT_QUEUE_CAPACITY = 64L * 1024 * 1024;

    public BinlogStreamConfig {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(backoff, "backoff");
        if (queueCapacityBytes < MIN_QUEUE_CAPACITY) {
            throw new IllegalArgumentException("queueCapacityBytes must be at least " + MIN_QUEUE_CAPACITY + ", got "
                    + queueCapacityBytes);
        }
    }

    /** A 64 MiB queue and the default backoff (100 ms doubling to 30 s). */
    public static BinlogStreamConfig of(MysqlConnectionConfig connection, ReplicaSettings replica) {
        return new BinlogStreamConfig(connection, replica, DEFAULT_QUEUE_CAPACITY, ExponentialBackoff.DEFAULT);
    }

    public BinlogStreamConfig withQueueCapacity(long bytes) {
        return new BinlogStreamConfig(connection, replica, bytes, backoff);
    }

    public BinlogStreamConfig withBackoff(Backoff newBackoff) {
        return new BinlogStreamConfig(connection, replica, queueCapacityBytes, newBackoff);
    }
}
