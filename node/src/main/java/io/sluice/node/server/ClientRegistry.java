package io.sluice.node.server;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.sluice.node.metrics.MetricNames;

/**
 * The {@link ClientState} of every client id with at least one connection, counted by connection, with its
 * metrics. Thread-safe.
 */
final class ClientRegistry {
    private record Key(String destination, String clientId) {
    }

    private static final class Holder {
        final ClientState state;
        final ClientMetrics metrics;
        int connections;

        Holder(ClientState state, ClientMetrics metrics) {
            this.state = state;
            this.metrics = metrics;
        }
    }

    private final Map<Key, Holder> clients = new HashMap<>();
    private final Map<String, BatchIdSource> idSources = new HashMap<>();

    /**
     * The state of {@code clientId} for one more connection; a client without connections starts at
     * {@link ServedDestination#resumeSequence}.
     *
     * @throws IllegalArgumentException if the client id cannot name metrics ({@link MetricNames#checkLabel})
     * @throws IOException              from {@code resumeSequence}, e.g. a position no longer retained
     */
    synchronized Handle acquire(ServedDestination destination, String clientId) throws IOException {
        MetricNames.checkLabel(clientId);
        Key key = new Key(destination.name(), clientId);
        Holder holder = clients.get(key);
        if (holder == null || holder.state.destination() != destination) {
            // None yet, or one left from an earlier term's destination object: start afresh at the cursor.
            long start = destination.resumeSequence(clientId);
            BatchIdSource ids = idSources.computeIfAbsent(destination.name(), name -> new BatchIdSource());
            ClientState state = new ClientState(destination, clientId, ids, start);
            holder = new Holder(state, ClientMetrics.register(destination.metrics(), destination.name(), clientId,
                    state));
            clients.put(key, holder);
        }
        holder.connections++;
        return new Handle(holder.state, holder.metrics);
    }

    /** One connection of the client is gone; the last one drops the state and its metrics. */
    synchronized void release(Handle handle) {
        Key key = new Key(handle.state().destination().name(), handle.state().clientId());
        Holder holder = clients.get(key);
        if (holder == null || holder.state != handle.state()) {
            handle.metrics().unregister();
            return;
        }
        holder.connections--;
        if (holder.connections == 0) {
            clients.remove(key);
            holder.metrics.unregister();
        }
    }

    synchronized int clientCount() {
        return clients.size();
    }

    /** A connection's hold on a client's state. */
    record Handle(ClientState state, ClientMetrics metrics) {
    }
}
