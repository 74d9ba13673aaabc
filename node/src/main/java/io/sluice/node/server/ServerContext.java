package io.sluice.node.server;

import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/** What every connection of one {@link ClientServer} shares. Thread-safe. */
record ServerContext(ClientServerConfig config, Authenticator authenticator, DestinationDirectory directory,
        ClientRegistry clients, ServerMetrics metrics, ExecutorService workers, SecureRandom random,
        Set<SessionHandler> sessions) {

    static ServerContext create(ClientServerConfig config, DestinationDirectory directory, ServerMetrics metrics,
            ExecutorService workers) {
        return new ServerContext(config, new Authenticator(config.users()), directory, new ClientRegistry(), metrics,
                workers, AuthenticationHandler.newRandom(), ConcurrentHashMap.newKeySet());
    }

    void sessionStarted(SessionHandler session) {
        sessions.add(session);
    }

    void sessionEnded(SessionHandler session) {
        sessions.remove(session);
    }
}
