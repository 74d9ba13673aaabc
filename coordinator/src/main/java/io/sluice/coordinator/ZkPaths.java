package io.sluice.coordinator;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one class that knows the ZooKeeper path layout. Nothing else in sluice concatenates paths: callers ask this
 * class for a path and parse node names back through it. Immutable and thread-safe.
 *
 * <p>sluice's own tree lives under a configurable root ({@value #DEFAULT_ROOT} by default). The canal compatibility
 * nodes live under canal's fixed root ({@value #DEFAULT_CANAL_ROOT}), because canal clients look for them there;
 * it is configurable only so that tests and shared ensembles can move it (a chroot in the connect string does the
 * same for canal clients). Entries marked <i>planned</i> are reserved: nothing writes them yet.
 *
 * <pre>
 * /sluice                                       root (configurable)
 *   members/&lt;nodeId&gt;                            planned: EPHEMERAL, one per running node (membership)
 *   config/destinations/&lt;dest&gt;                destination spec, JSON (DestinationSpecs); a flat directory so
 *                                               that a cache over it holds nothing else
 *   destinations/
 *     &lt;dest&gt;/
 *       leader/                                 leader latch of the destination (latch planned)
 *         latch-&lt;seq&gt;                            planned: EPHEMERAL_SEQUENTIAL latch participants
 *         epoch                                 versioned counter, one increment per leadership term, decimal text
 *       cursors/&lt;clientId&gt;                       acknowledged position per client, JSON in source terms
 *       schema/
 *         head                                  fence and counter: writer epoch + last DDL sequence (versioned)
 *         ddl/
 *           &lt;bucket&gt;/                            19-digit first sequence of a bucket of 1000 sequences
 *             &lt;seq&gt;                              19-digit zero-padded DDL sequence; one DDL record
 *         snapshots/
 *           &lt;covers&gt;-&lt;epoch&gt;-&lt;serial&gt;            19-digit DDL sequence covered, 19-digit writer epoch,
 *                                               10-digit ZooKeeper sequential suffix
 *             chunk-0000, chunk-0001, ...       compressed payload, each below the configured chunk size
 *             meta                              written last: counts, lengths and CRC32s; no meta = incomplete
 * /otter/canal                                  canal compatibility root (configurable)
 *   cluster/&lt;host:port&gt;                         EPHEMERAL, every running server
 *   destinations/
 *     &lt;dest&gt;/
 *       running                                 EPHEMERAL, the server serving dest: {"active":true,"address":..,"cid":..}
 *       cluster/&lt;host:port&gt;                     EPHEMERAL, servers able to serve dest
 *       &lt;clientId&gt;/                             canal client id (a short, e.g. 1001)
 *         running                               EPHEMERAL, the client consuming dest
 *         cursor                                the client's acknowledged position (canal's JSON)
 * </pre>
 *
 * Names are zero-padded so that ZooKeeper's lexical child order is numeric order. DDL records are bucketed because
 * a {@code getChildren} reply must itself fit in ZooKeeper's {@code jute.maxbuffer} (1 MB by default), which a flat
 * directory of about 40 000 names would exceed.
 */
public final class ZkPaths {

    public static final String DEFAULT_ROOT = "/sluice";
    public static final String DEFAULT_CANAL_ROOT = "/otter/canal";
    /** DDL sequences per bucket node under {@code schema/ddl}. */
    public static final long DDL_BUCKET_SIZE = 1000;

    private static final String SEPARATOR = "/";
    private static final String NUMBER_FORMAT = "%019d";
    private static final int NUMBER_DIGITS = 19;
    private static final int ZK_SEQUENTIAL_DIGITS = 10;
    private static final String CHUNK_PREFIX = "chunk-";

    private final String root;
    private final String canalRoot;

    /** The default layout: {@value #DEFAULT_ROOT} and {@value #DEFAULT_CANAL_ROOT}. */
    public ZkPaths() {
        this(DEFAULT_ROOT, DEFAULT_CANAL_ROOT);
    }

    /**
     * @param root      sluice's root, an absolute ZooKeeper path without a trailing slash, e.g. {@code /sluice}
     * @param canalRoot canal's root, normally {@value #DEFAULT_CANAL_ROOT}
     */
    public ZkPaths(String root, String canalRoot) {
        this.root = checkRoot("root", root);
        this.canalRoot = checkRoot("canalRoot", canalRoot);
        if (this.root.equals(this.canalRoot) || this.root.startsWith(this.canalRoot + SEPARATOR)
                || this.canalRoot.startsWith(this.root + SEPARATOR)) {
            throw new IllegalArgumentException("root (" + root + ") and canalRoot (" + canalRoot
                    + ") must not contain each other; pick separate trees, e.g. /sluice and /otter/canal");
        }
    }

    /** A layout under {@code root} with canal's nodes at {@value #DEFAULT_CANAL_ROOT}. */
    public static ZkPaths under(String root) {
        return new ZkPaths(root, DEFAULT_CANAL_ROOT);
    }

    public String root() {
        return root;
    }

    public String canalRoot() {
        return canalRoot;
    }

    // ---------------------------------------------------------------- sluice: destinations

    public String destinations() {
        return root + "/destinations";
    }

    public String destination(String destination) {
        return destinations() + SEPARATOR + checkName("destination", destination);
    }

    // ---------------------------------------------------------------- sluice: destination specs

    /** The parent of every destination spec node; its children are named after destinations. */
    public String destinationSpecs() {
        return root + "/config/destinations";
    }

    public String destinationSpec(String destination) {
        return destinationSpecs() + SEPARATOR + checkName("destination", destination);
    }

    // ---------------------------------------------------------------- sluice: leadership and cursors

    public String leader(String destination) {
        return destination(destination) + "/leader";
    }

    /** Versioned counter: one increment per leadership term of {@code destination}. */
    public String leaderEpoch(String destination) {
        return leader(destination) + "/epoch";
    }

    public String cursors(String destination) {
        return destination(destination) + "/cursors";
    }

    public String cursor(String destination, String clientId) {
        return cursors(destination) + SEPARATOR + checkName("clientId", clientId);
    }

    // ---------------------------------------------------------------- sluice: schema history

    public String schema(String destination) {
        return destination(destination) + "/schema";
    }

    /** The versioned node holding the writer epoch and the last DDL sequence; every history write checks it. */
    public String schemaHead(String destination) {
        return schema(destination) + "/head";
    }

    public String ddlRoot(String destination) {
        return schema(destination) + "/ddl";
    }

    /** The bucket that holds DDL sequence {@code sequence}. */
    public String ddlBucket(String destination, long sequence) {
        return ddlRoot(destination) + SEPARATOR + number(bucketStart(checkSequence(sequence)));
    }

    public String ddlRecord(String destination, long sequence) {
        return ddlBucket(destination, sequence) + SEPARATOR + number(sequence);
    }

    /** The first sequence of the bucket that holds {@code sequence}. */
    public static long bucketStart(long sequence) {
        return sequence - sequence % DDL_BUCKET_SIZE;
    }

    /** The number a bucket or DDL record node is named after, or empty if {@code name} is not such a name. */
    public static OptionalLong parseNumber(String name) {
        if (name.length() != NUMBER_DIGITS || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public String snapshots(String destination) {
        return schema(destination) + "/snapshots";
    }

    /**
     * The path to create, with {@code CreateMode.PERSISTENT_SEQUENTIAL}, for a new snapshot covering DDL sequences up
     * to {@code coversSequence}; ZooKeeper appends the serial.
     */
    public String snapshotPrefix(String destination, long coversSequence, long epoch) {
        return snapshots(destination) + SEPARATOR + number(checkCovers(coversSequence)) + "-" + number(checkEpoch(epoch))
                + "-";
    }

    public String snapshot(String destination, String snapshotId) {
        SnapshotName.parse(snapshotId).orElseThrow(() -> new IllegalArgumentException(
                "'" + snapshotId + "' is not a snapshot id (COVERS-EPOCH-SERIAL, zero-padded)"));
        return snapshots(destination) + SEPARATOR + snapshotId;
    }

    public String snapshotMeta(String destination, String snapshotId) {
        return snapshot(destination, snapshotId) + "/meta";
    }

    public String snapshotChunk(String destination, String snapshotId, int index) {
        if (index < 0 || index > 9999) {
            throw new IllegalArgumentException("chunk index must be in 0..9999, got " + index);
        }
        return snapshot(destination, snapshotId) + SEPARATOR + CHUNK_PREFIX + String.format("%04d", index);
    }

    /** The parts of a snapshot node's name, {@code <covers>-<epoch>-<serial>}. */
    public record SnapshotName(String id, long coversSequence, long epoch, long serial)
            implements Comparable<SnapshotName> {

        /** Parses a snapshot node name; empty if it is not one. */
        public static Optional<SnapshotName> parse(String name) {
            String[] parts = name.split("-", -1);
            if (parts.length != 3 || parts[2].length() != ZK_SEQUENTIAL_DIGITS) {
                return Optional.empty();
            }
            OptionalLong covers = parseNumber(parts[0]);
            OptionalLong epoch = parseNumber(parts[1]);
            if (covers.isEmpty() || epoch.isEmpty() || !parts[2].chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            return Optional.of(
                    new SnapshotName(name, covers.getAsLong(), epoch.getAsLong(), Long.parseLong(parts[2])));
        }

        /** Older first: by sequence covered, then epoch, then creation order. */
        @Override
        public int compareTo(SnapshotName o) {
            int c = Long.compare(coversSequence, o.coversSequence);
            if (c == 0) {
                c = Long.compare(epoch, o.epoch);
            }
            return c != 0 ? c : Long.compare(serial, o.serial);
        }
    }

    // ---------------------------------------------------------------- canal compatibility

    public String canalCluster() {
        return canalRoot + "/cluster";
    }

    /** A running server, {@code host:port}. */
    public String canalClusterNode(String address) {
        return canalCluster() + SEPARATOR + checkName("address", address);
    }

    public String canalDestination(String destination) {
        return canalRoot + "/destinations/" + checkName("destination", destination);
    }

    /** EPHEMERAL node naming the server that serves {@code destination}. */
    public String canalRunning(String destination) {
        return canalDestination(destination) + "/running";
    }

    public String canalDestinationCluster(String destination) {
        return canalDestination(destination) + "/cluster";
    }

    public String canalDestinationClusterNode(String destination, String address) {
        return canalDestinationCluster(destination) + SEPARATOR + checkName("address", address);
    }

    public String canalClient(String destination, short clientId) {
        if (clientId < 0) {
            throw new IllegalArgumentException("canal client id must be >= 0, got " + clientId);
        }
        return canalDestination(destination) + SEPARATOR + clientId;
    }

    public String canalClientRunning(String destination, short clientId) {
        return canalClient(destination, clientId) + "/running";
    }

    public String canalCursor(String destination, short clientId) {
        return canalClient(destination, clientId) + "/cursor";
    }

    @Override
    public String toString() {
        return "ZkPaths[root=" + root + ", canalRoot=" + canalRoot + "]";
    }

    // ---------------------------------------------------------------- checks

    private static String number(long value) {
        return String.format(NUMBER_FORMAT, value);
    }

    private static String checkRoot(String what, String path) {
        Objects.requireNonNull(path, what);
        if (!path.startsWith(SEPARATOR) || path.length() < 2 || path.endsWith(SEPARATOR) || path.contains("//")) {
            throw new IllegalArgumentException(what + " must be an absolute ZooKeeper path without a trailing '/', "
                    + "e.g. /sluice, got '" + path + "'");
        }
        for (String part : path.substring(1).split(SEPARATOR)) {
            checkName(what, part);
        }
        return path;
    }

    /** One path element: non-empty, not '.' or '..', no '/', no control characters, and no ZooKeeper-reserved name. */
    private static String checkName(String what, String name) {
        Objects.requireNonNull(name, what);
        boolean bad = name.isEmpty() || name.equals(".") || name.equals("..") || name.equals("zookeeper")
                || name.indexOf('/') >= 0 || name.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
        if (bad) {
            throw new IllegalArgumentException(what + " must be a single ZooKeeper path element (non-empty, no '/', "
                    + "not '.', '..' or 'zookeeper', no control characters), got '" + name + "'");
        }
        return name;
    }

    private static long checkSequence(long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("DDL sequence must be >= 1, got " + sequence);
        }
        return sequence;
    }

    private static long checkCovers(long coversSequence) {
        if (coversSequence < 0) {
            throw new IllegalArgumentException("snapshot must cover a DDL sequence >= 0, got " + coversSequence);
        }
        return coversSequence;
    }

    private static long checkEpoch(long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("writer epoch must be >= 0, got " + epoch);
        }
        return epoch;
    }
}
