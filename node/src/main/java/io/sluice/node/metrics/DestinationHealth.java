package io.sluice.node.metrics;

/**
 * What {@code /health} tells about one destination this node leads.
 *
 * @param name                the destination
 * @param state               the destination runtime's state, e.g. STARTING, RUNNING, FAILED, STOPPED;
 *                            {@link #FAILED} makes the node unhealthy
 * @param sourcePosition      the position of the last event read, as an operator types it
 *                            ({@code mysql-bin.000003:1234}), or null before the first event
 * @param sourceDelayMs       now minus the commit time of the last event read, -1 before the first event
 * @param storeHeadSequence   the store's next sequence (one past the head record)
 * @param lastError           the message of the error that stopped the destination, or null
 * @param clients             subscribed clients
 */
public record DestinationHealth(String name, String state, String sourcePosition, long sourceDelayMs,
        long storeHeadSequence, String lastError, int clients) {
    public static final String FAILED = "FAILED";

    public DestinationHealth {
        MetricNames.checkLabel(name);
        if (state == null || state.isBlank()) {
            throw new IllegalArgumentException("destination " + name + ": state must not be empty");
        }
        if (clients < 0) {
            throw new IllegalArgumentException("destination " + name + ": client count " + clients
                    + " must not be negative");
        }
    }

    public boolean failed() {
        return FAILED.equals(state);
    }
}
