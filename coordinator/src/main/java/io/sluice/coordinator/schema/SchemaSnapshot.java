package io.sluice.coordinator.schema;

import java.util.Arrays;
import java.util.Objects;

/**
 * The table definitions of a destination after DDL sequence {@code coversSequence}, as opaque bytes the node
 * serialises itself. The store compresses, chunks and checksums them.
 *
 * @param coversSequence the last DDL sequence applied to the definitions; 0 for the definitions before any DDL
 * @param position       the source position the definitions belong to
 * @param payload        the serialised definitions; not copied, so do not change the array
 */
public record SchemaSnapshot(long coversSequence, SourcePoint position, byte[] payload) {

    public SchemaSnapshot {
        if (coversSequence < 0) {
            throw new IllegalArgumentException("snapshot must cover a DDL sequence >= 0, got " + coversSequence);
        }
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaSnapshot s && coversSequence == s.coversSequence && position.equals(s.position)
                && Arrays.equals(payload, s.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(coversSequence, position, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "snapshot covering DDL #" + coversSequence + " at " + position + " (" + payload.length + " bytes)";
    }
}
