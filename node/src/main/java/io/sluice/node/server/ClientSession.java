package io.sluice.node.server;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.protobuf.InvalidProtocolBufferException;

import io.sluice.common.protocol.ClientAck;
import io.sluice.common.protocol.ClientRollback;
import io.sluice.common.protocol.Get;
import io.sluice.common.protocol.Packet;
import io.sluice.common.protocol.Sub;
import io.sluice.common.protocol.Unsub;
import io.sluice.node.filter.FilterSyntaxException;
import io.sluice.node.store.PositionNotRetainedException;

/**
 * The requests of one authenticated connection, mapped to calls on a destination's client state. Runs on the
 * connection's own serial worker, never on Netty's event loop, because a get may wait for appends.
 *
 * <p>As in canal's SessionHandler: subscribe, unsubscribe and get are answered (an Ack, or Messages); ack and rollback
 * are not, and a refused one is answered by an error packet that the client reads in place of its next answer, after
 * which the connection is closed so that the client reconnects in step. A connection holds at most one subscription.
 *
 * <p>Not thread-safe: one worker calls it at a time.
 */
final class ClientSession {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final DestinationDirectory directory;
    private final ClientRegistry registry;
    private final FetchLimits limits;
    private final Connection connection;

    private Subscription subscription;

    private record Subscription(ServedDestination destination, String clientId, ClientRegistry.Handle handle,
            SubscriptionFilter filter) {
        ClientState state() {
            return handle.state();
        }
    }

    ClientSession(DestinationDirectory directory, ClientRegistry registry, FetchLimits limits,
            Connection connection) {
        this.directory = directory;
        this.registry = registry;
        this.limits = limits;
        this.connection = connection;
    }

    /** After a successful login: subscribes if ClientAuth named a destination and client, then confirms. */
    void authenticated(String destination, String clientId, String filter) {
        if (!destination.isEmpty() && !clientId.isEmpty()) {
            try {
                subscribe(destination, clientId, filter);
            } catch (ClientRequestException e) {
                reject(new ClientError(e.error().code(), e.error().message(), true));
                return;
            }
        }
        connection.send(Packets.ok());
    }

    /** Handles one request. Never throws: every failure becomes an error packet and one log line. */
    void handle(Packet packet) {
        try {
            switch (packet.getType()) {
                case SUBSCRIPTION -> {
                    Sub sub = Sub.parseFrom(packet.getBody());
                    requireIdentity(sub.getDestination(), sub.getClientId());
                    subscribe(sub.getDestination(), sub.getClientId(), sub.getFilter());
                    connection.send(Packets.ok());
                }
                case UNSUBSCRIPTION -> {
                    Unsub unsub = Unsub.parseFrom(packet.getBody());
                    requireIdentity(unsub.getDestination(), unsub.getClientId());
                    if (matches(unsub.getDestination(), unsub.getClientId())) {
                        unsubscribe();
                    }
                    connection.send(Packets.ok());
                }
                case GET -> get(Get.parseFrom(packet.getBody()));
                case CLIENTACK -> ack(ClientAck.parseFrom(packet.getBody()));
                case CLIENTROLLBACK -> rollback(ClientRollback.parseFrom(packet.getBody()));
                default -> throw new ClientRequestException(ClientError.of("packet type=" + packet.getType()
                        + " is NOT supported!"));
            }
        } catch (ClientRequestException e) {
            reject(e.error());
        } catch (InvalidProtocolBufferException e) {
            reject(ClientError.closing("packet type=" + packet.getType() + " has a body that is not a valid "
                    + packet.getType() + " message (" + e.getMessage() + "); the connection is closed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.warn("[dest={}] client {} at {}: {} failed", destinationName(), clientName(), connection.remote(),
                    packet.getType(), e);
            reject(ClientError.closing("the server could not serve " + packet.getType() + ": " + e.getMessage()
                    + "; reconnect and get again"));
        }
    }

    /** The connection is gone: its hold on the client's state goes with it. */
    void disconnected() {
        unsubscribe();
    }

    private void subscribe(String destinationName, String clientId, String filterText)
            throws ClientRequestException {
        ServedDestination destination = directory.find(destinationName).orElseThrow(() ->
                new ClientRequestException(ClientError.of("destination:" + destinationName + " is not served by "
                        + "this node; connect to the node that leads it")));
        SubscriptionFilter filter;
        try {
            filter = SubscriptionFilter.parse(filterText);
        } catch (FilterSyntaxException e) {
            throw new ClientRequestException(ClientError.of("subscribe filter of client " + clientId + " is not "
                    + "valid: " + e.getMessage()));
        }
        if (subscription != null && subscription.destination() == destination
                && subscription.clientId().equals(clientId)) {
            // canal lets a client subscribe again to change its filter; the position stays.
            subscription = new Subscription(destination, clientId, subscription.handle(), filter);
            return;
        }
        ClientRegistry.Handle handle;
        try {
            handle = registry.acquire(destination, clientId);
        } catch (PositionNotRetainedException e) {
            throw new ClientRequestException(ClientError.of(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new ClientRequestException(ClientError.of("clientId " + e.getMessage()));
        } catch (IOException e) {
            log.warn("[dest={}] client {} at {}: cannot read where it resumes", destinationName, clientId,
                    connection.remote(), e);
            throw new ClientRequestException(ClientError.of("destination:" + destinationName + " cannot tell "
                    + "where client " + clientId + " resumes (" + e.getMessage() + "); try again later"));
        }
        unsubscribe();
        subscription = new Subscription(destination, clientId, handle, filter);
        log.info("[dest={}] client {} at {} subscribed, filter {}", destinationName, clientId, connection.remote(),
                filter);
    }

    private void unsubscribe() {
        if (subscription != null) {
            registry.release(subscription.handle());
            subscription = null;
        }
    }

    private void get(Get get) throws ClientRequestException, IOException, InterruptedException {
        long started = System.nanoTime();
        requireIdentity(get.getDestination(), get.getClientId());
        Subscription current = requireSubscription(get.getDestination(), get.getClientId());
        int wanted = get.getFetchSize() <= 0 ? 1000 : Math.min(get.getFetchSize(), limits.maxEntries());
        FetchWait wait = FetchWait.of(get.getTimeout(), get.getUnit(), started);
        Optional<ClientState.Fetched> fetched = current.state().fetch(current.filter(), wanted, limits, wait,
                () -> connection.draining() || !connection.isOpen(), connection::isOpen);
        if (fetched.isEmpty()) {
            connection.sendMessages(-1, List.of());
        } else {
            connection.sendMessages(fetched.get().batch().id(), fetched.get().entries());
            current.handle().metrics().entries.mark(fetched.get().entries().size());
        }
        current.handle().metrics().getLatency.update(System.nanoTime() - started,
                TimeUnit.NANOSECONDS);
    }

    private void ack(ClientAck ack) throws ClientRequestException {
        long started = System.nanoTime();
        requireIdentity(ack.getDestination(), ack.getClientId());
        if (ack.getBatchId() == 0) {
            throw new ClientRequestException(new ClientError(ClientError.BATCH_ID_ZERO,
                    "batchId should assign value", true));
        }
        if (ack.getBatchId() == -1) {
            // canal: -1 is the id of an empty get; there is nothing to acknowledge
            return;
        }
        Subscription current = requireSubscription(ack.getDestination(), ack.getClientId());
        current.state().ack(ack.getBatchId());
        current.handle().metrics().ackLatency.update(System.nanoTime() - started,
                TimeUnit.NANOSECONDS);
    }

    private void rollback(ClientRollback rollback) throws ClientRequestException {
        requireIdentity(rollback.getDestination(), rollback.getClientId());
        if (!matches(rollback.getDestination(), rollback.getClientId())) {
            // canal ignores a rollback of a client that has not subscribed: its client sends one on every connect,
            // before subscribing.
            return;
        }
        if (rollback.getBatchId() == 0) {
            subscription.state().rollbackAll();
        } else {
            subscription.state().rollback(rollback.getBatchId());
        }
    }

    private static void requireIdentity(String destination, String clientId) throws ClientRequestException {
        if (destination.isEmpty() || clientId.isEmpty()) {
            throw new ClientRequestException(new ClientError(ClientError.MISSING_IDENTITY,
                    "destination or clientId is null", false));
        }
    }

    private boolean matches(String destination, String clientId) {
        return subscription != null && subscription.destination().name().equals(destination)
                && subscription.clientId().equals(clientId);
    }

    private Subscription requireSubscription(String destination, String clientId) throws ClientRequestException {
        if (!matches(destination, clientId)) {
            throw new ClientRequestException(ClientError.of("ClientIdentity:" + destination + "/" + clientId
                    + " should subscribe first: call subscribe() on this connection before get, ack or rollback"));
        }
        Optional<ServedDestination> served = directory.find(destination);
        if (served.isEmpty() || served.get() != subscription.destination()) {
            throw new ClientRequestException(ClientError.closing("destination:" + destination + " is no longer "
                    + "served by this node in the term client " + clientId + " subscribed in; reconnect to reach "
                    + "the node that leads it"));
        }
        return subscription;
    }

    private void reject(ClientError error) {
        log.info("[dest={}] client {} at {}: refused with {}: {}{}", destinationName(), clientName(),
                connection.remote(), error.code(), error.message(), error.close() ? " (closing)" : "");
        if (error.close()) {
            connection.sendAndClose(Packets.error(error.code(), error.message()));
        } else {
            connection.send(Packets.error(error.code(), error.message()));
        }
    }

    private String destinationName() {
        return subscription == null ? "-" : subscription.destination().name();
    }

    private String clientName() {
        return subscription == null ? "-" : subscription.clientId();
    }
}
