package io.sluice.coordinator.destination;

import java.util.Objects;

import io.sluice.common.config.DestinationSpec;

/**
 * A destination spec as stored in ZooKeeper, with the data version of its node.
 *
 * @param spec    the spec
 * @param version the node's data version; pass it to {@link DestinationRegistry#replace} to update only if nobody
 *                changed the spec in between
 */
public record StoredSpec(DestinationSpec spec, int version) {
    public StoredSpec {
        Objects.requireNonNull(spec, "spec");
    }

    public String name() {
        return spec.name();
    }
}
