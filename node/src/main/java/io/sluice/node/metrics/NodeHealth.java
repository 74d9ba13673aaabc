package io.sluice.node.metrics;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What {@code /health} answers: the node's state and that of each destination it leads. The node is healthy
 * while it serves and no destination has failed; a load balancer or orchestrator sees that as HTTP 200, anything
 * else as 503.
 */
@JsonPropertyOrder({"nodeId", "state", "healthy", "destinations"})
public record NodeHealth(String nodeId, State state, List<DestinationHealth> destinations) {

    /** The node's lifecycle as a whole. */
    public enum State { STARTING, SERVING, STOPPING }

    public NodeHealth {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("node id must not be empty");
        }
        if (state == null) {
            throw new IllegalArgumentException("node " + nodeId + ": state must not be null");
        }
        destinations = List.copyOf(destinations);
    }

    @JsonProperty("healthy")
    public boolean healthy() {
        return state == State.SERVING && destinations.stream().noneMatch(DestinationHealth::failed);
    }

    /** 200 when {@link #healthy()}, else 503. */
    @JsonIgnore
    public int httpStatus() {
        return healthy() ? 200 : 503;
    }
}
