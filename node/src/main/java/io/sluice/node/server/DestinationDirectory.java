package io.sluice.node.server;

import java.util.Optional;

/** The destinations this node serves right now, by name. Thread-safe; the answer may change between calls. */
@FunctionalInterface
public interface DestinationDirectory {
    /** The destination if this node serves it now, else empty. */
    Optional<ServedDestination> find(String name);
}
