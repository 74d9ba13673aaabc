package io.sluice.node.metrics;

import java.util.regex.Pattern;

/**
 * The one place that names the node's Dropwizard metrics. Names are dotted; the destination and the client id sit
 * at fixed places so that the Prometheus export turns them into labels ({@code destination}, {@code client}).
 * Destination names and client ids therefore never contain dots (see {@link #checkLabel}).
 *
 * <pre>
 * sluice.destination.&lt;dest&gt;.&lt;metric&gt;              e.g. sluice.destination.example.events
 * sluice.client.&lt;dest&gt;.&lt;clientId&gt;.&lt;metric&gt;       e.g. sluice.client.example.1001.get.latency
 * sluice.server.&lt;metric&gt;                          e.g. sluice.server.connections.open
 * </pre>
 */
public final class MetricNames {
    public static final String DESTINATION_PREFIX = "sluice.destination.";
    public static final String CLIENT_PREFIX = "sluice.client.";
    public static final String SERVER_PREFIX = "sluice.server.";

    // destination metrics
    /** Meter: binlog events read from the source. */
    public static final String EVENTS = "events";
    /** Meter: row images turned into entries. */
    public static final String ROWS = "rows";
    /** Meter: binlog bytes read from the source. */
    public static final String BYTES = "bytes";
    /** Meter: entries appended to the store. */
    public static final String ENTRIES = "entries";
    /** Gauge, ms: now minus the commit time of the last event read. */
    public static final String SOURCE_DELAY_MS = "source.delay.ms";
    /** Gauge: the numeric suffix of the binlog file of the last event read (mysql-bin.000042 → 42). */
    public static final String SOURCE_BINLOG_FILE = "source.binlog.file";
    /** Gauge: the offset of the last event read in its binlog file. */
    public static final String SOURCE_BINLOG_OFFSET = "source.binlog.offset";
    /** Gauge, bytes: records in the store's data files (indexes not counted). */
    public static final String STORE_BYTES = "store.bytes";
    /** Gauge: the store's next sequence (one past the head record). */
    public static final String STORE_HEAD_SEQUENCE = "store.head.sequence";
    /** Gauge: 1 while the destination streams, 0 otherwise. */
    public static final String RUNNING = "running";

    // client metrics
    /** Gauge: entries in the store after the client's acknowledged position. */
    public static final String LAG_ENTRIES = "lag.entries";
    /** Gauge, ms: now minus the commit time of the client's last acknowledged entry. */
    public static final String LAG_MS = "lag.ms";
    /** Gauge: batches handed out and not yet acknowledged or rolled back. */
    public static final String OUTSTANDING_BATCHES = "batches.outstanding";
    /** Timer: from a get request to its reply. */
    public static final String GET_LATENCY = "get.latency";
    /** Timer: handling an ack. */
    public static final String ACK_LATENCY = "ack.latency";
    /** Meter: entries handed to the client. */
    public static final String CLIENT_ENTRIES = "entries";

    // server metrics
    /** Gauge: open client connections. */
    public static final String CONNECTIONS_OPEN = "connections.open";
    /** Counter: client connections accepted. */
    public static final String CONNECTIONS_ACCEPTED = "connections.accepted";
    /** Counter: connections closed for a protocol error, a failed authentication or an overload. */
    public static final String CONNECTIONS_REJECTED = "connections.rejected";

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private MetricNames() {
    }

    public static String destination(String destination, String metric) {
        return DESTINATION_PREFIX + checkLabel(destination) + "." + metric;
    }

    public static String client(String destination, String clientId, String metric) {
        return CLIENT_PREFIX + checkLabel(destination) + "." + checkLabel(clientId) + "." + metric;
    }

    public static String server(String metric) {
        return SERVER_PREFIX + metric;
    }

    /** Destination names and client ids: letters, digits, '_' and '-', 1 to 128 characters. */
    public static String checkLabel(String value) {
        if (value == null || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' cannot name a destination or client: use 1 to 128 "
                    + "letters, digits, '_' or '-'");
        }
        return value;
    }
}
