package io.sluice.node.source;

import java.io.IOException;

/**
 * Decoded binlog events in the source's order, from files or from a live server. Each event is handed out once:
 * a live source that reconnects does not repeat what it already returned.
 *
 * <p>Not thread-safe: one consumer thread calls {@link #next()}.
 */
public interface EventSource extends AutoCloseable {
    /**
     * The next event; blocks on a live source until one arrives.
     *
     * @return null when a finite source (files, a non-blocking dump) has no more events
     */
    DecodedEvent next() throws IOException, InterruptedException;

    @Override
    void close() throws IOException;
}
