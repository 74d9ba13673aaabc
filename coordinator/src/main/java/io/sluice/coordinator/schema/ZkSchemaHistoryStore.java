package io.sluice.coordinator.schema;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.coordinator.ZkPaths;
import io.sluice.coordinator.ZkPaths.SnapshotName;

/**
 * {@link SchemaHistoryStore} in ZooKeeper, through a Curator client the caller owns (started before use, closed
 * after). Layout: see {@link ZkPaths} and docs/zookeeper.md; bytes: see {@link HistoryCodec}.
 *
 * <h2>Fencing</h2>
 * The {@code schema/head} node holds the epoch of the last claim and the last sequence handed out. A claim rewrites
 * it at the version it read (so it bumps the version); a writer remembers the version its own last write left.
 * Every write is a ZooKeeper {@code multi} that includes the head at that version: an append as a versioned
 * {@code setData} (which hands out the sequence), every other write as a {@code check}. After a later claim the
 * version differs, the whole {@code multi} fails, and the writer throws {@link NotLeaderException} without having
 * written anything. The fence is the data version, not the session, so a writer whose session expired keeps working
 * as long as nobody claimed in between, and a deposed one is stopped even if its session lives on.
 *
 * <h2>Lost replies</h2>
 * When the connection drops after ZooKeeper applied a write but before the reply came, Curator retries and the retry
 * fails on the version it just moved. A writer therefore re-reads the head on a version conflict: if the head shows
 * exactly its own write (its epoch, the sequence it tried, its version + 1), the write landed. If every retry failed,
 * the append is remembered as uncertain and the next call settles it first; repeating the same append then returns
 * the record that landed instead of appending it twice.
 *
 * <h2>Snapshots</h2>
 * Chunks are written first, under a snapshot node named {@code <covers>-<epoch>-<serial>}, then the meta node, with
 * the head check, in one {@code multi}. Readers ignore snapshots without meta and verify each chunk's CRC32 and the
 * payload's CRC32, falling back to the next older snapshot.
 */
public final class ZkSchemaHistoryStore implements SchemaHistoryStore {

    private static final Logger log = LoggerFactory.getLogger(ZkSchemaHistoryStore.class);

    /** Operations per {@code multi} when deleting: far below jute.maxbuffer even with long paths. */
    static final int DELETE_BATCH = 200;

    private final CuratorFramework client;
    private final ZkPaths paths;
    private final String destination;
    private final SchemaHistoryOptions options;
    private final String headPath;

    /** Test hook: runs right after an append's {@code multi} succeeded, to simulate a reply lost on the way back. */
    interface Fault {
        void run() throws Exception;
    }

    volatile Fault afterAppendCommitted;

    /**
     * @param client      a Curator client, started by the caller (this store never closes it)
     * @param paths       the ZooKeeper layout
     * @param destination the destination whose history this is
     * @param options     chunk size and compression
     */
    public ZkSchemaHistoryStore(CuratorFramework client, ZkPaths paths, String destination,
                                SchemaHistoryOptions options) {
        this.client = Objects.requireNonNull(client, "client");
        this.paths = Objects.requireNonNull(paths, "paths");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.options = Objects.requireNonNull(options, "options");
        this.headPath = paths.schemaHead(destination); // validates the destination name
    }

    /** Thread-safe. */
    @Override
    public String destination() {
        return destination;
    }

    /** Thread-safe. Each call returns a new writer and fences every writer handed out before. */
    @Override
    public SchemaHistoryWriter claim(long epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("[dest=" + destination + "] epoch must be >= 1, got " + epoch);
        }
        ensureExists(paths.ddlRoot(destination));
        ensureExists(paths.snapshots(destination));
        while (true) {
            Stat stat = new Stat();
            byte[] data = readOrNull(headPath, stat);
            if (data == null) {
                try {
                    client.create().forPath(headPath, HistoryCodec.encodeHead(new HistoryHead(epoch, 0)));
                    log.info("[dest={}] schema history created and claimed at epoch {}", destination, epoch);
                    return new Writer(epoch, 0, 0);
                } catch (KeeperException.NodeExistsException e) {
                    continue; // another claim created it first; judge that one
                } catch (Exception e) {
                    throw failure("create", headPath, e);
                }
            }
            HistoryHead head = decodeHead(data);
            if (head.epoch() > epoch) {
                throw new NotLeaderException("[dest=" + destination + "] cannot claim the schema history at epoch "
                        + epoch + ": " + headPath + " was claimed at epoch " + head.epoch()
                        + "; this node is not the leader. Claim only with the epoch of a leadership term just won.",
                        epoch, head.epoch());
            }
            try {
                Stat written = client.setData().withVersion(stat.getVersion())
                        .forPath(headPath, HistoryCodec.encodeHead(new HistoryHead(epoch, head.lastSequence())));
                log.info("[dest={}] schema history claimed at epoch {} (was {}), last sequence {}", destination,
                        epoch, head.epoch(), head.lastSequence());
                return new Writer(epoch, written.getVersion(), head.lastSequence());
            } catch (KeeperException.BadVersionException e) {
                // Changed between read and write (or our own write landed and a retry saw it): read again.
            } catch (Exception e) {
                throw failure("claim", headPath, e);
            }
        }
    }

    /** Thread-safe. */
    @Override
    public HistoryHead head() {
        byte[] data = readOrNull(headPath, new Stat());
        return data == null ? HistoryHead.EMPTY : decodeHead(data);
    }

    /** Thread-safe; reads bucket by bucket, so a concurrent append may or may not be included. */
    @Override
    public List<DdlRecord> ddlAfter(long afterSequence) {
        if (afterSequence < 0) {
            throw new IllegalArgumentException("[dest=" + destination + "] afterSequence must be >= 0, got "
                    + afterSequence);
        }
        List<DdlRecord> records = new ArrayList<>();
        String root = paths.ddlRoot(destination);
        for (long bucket : numberedChildren(root)) {
            if (bucket + ZkPaths.DDL_BUCKET_SIZE - 1 <= afterSequence) {
                continue;
            }
            String bucketPath = paths.ddlBucket(destination, Math.max(bucket, 1));
            for (long sequence : numberedChildren(bucketPath)) {
                if (sequence <= afterSequence) {
                    continue;
                }
                String path = paths.ddlRecord(destination, sequence);
                byte[] data = readOrNull(path, new Stat());
                if (data == null) {
                    throw new SchemaHistoryException("[dest=" + destination + "] DDL #" + sequence + " at " + path
                            + " was pruned while being read; start from a newer snapshot "
                            + "(latestSnapshotAtOrBefore) and read the DDL after it");
                }
                DdlRecord record = decodeDdl(path, data);
                if (record.sequence() != sequence) {
                    throw new CorruptHistoryException("[dest=" + destination + "] " + path + " holds DDL #"
                            + record.sequence() + " instead of #" + sequence + "; restore the node or reset the "
                            + "destination's schema history");
                }
                records.add(record);
            }
        }
        return records;
    }

    /** Thread-safe. */
    @Override
    public SnapshotLookup latestSnapshotAtOrBefore(long sequence) {
        List<SnapshotLookup.Skipped> skipped = new ArrayList<>();
        List<SnapshotName> names = snapshotNames();
        names.sort(Comparator.reverseOrder());
        for (SnapshotName name : names) {
            if (name.coversSequence() > sequence) {
                continue;
            }
            String path = paths.snapshot(destination, name.id());
            try {
                SchemaSnapshot snapshot = readSnapshot(name);
                return new SnapshotLookup(Optional.of(snapshot), name.id(), skipped);
            } catch (UnusableSnapshot e) {
                skipped.add(new SnapshotLookup.Skipped(path, e.getMessage()));
                if (e.incomplete) {
                    log.info("[dest={}] snapshot {} skipped: {}", destination, path, e.getMessage());
                } else {
                    log.warn("[dest={}] snapshot {} is damaged and was skipped in favour of an older one: {}",
                            destination, path, e.getMessage());
                }
            }
        }
        return new SnapshotLookup(Optional.empty(), "", skipped);
    }

    // ------------------------------------------------------------------------------------------------ writer

    /** The writer of one claim. Thread-safe: every public method is synchronized. */
    private final class Writer implements SchemaHistoryWriter {

        private final long epoch;
        /** The head version our last write left; every write is conditional on it. */
        private int version;
        private long lastSequence;
        private boolean fenced;
        /** An append whose outcome is unknown (every retry failed); settled before the next call. */
        private DdlRecord uncertain;
        /** The bucket known to exist, to avoid a create per append; -1 if none. */
        private long knownBucket = -1;

        Writer(long epoch, int version, long lastSequence) {
            this.epoch = epoch;
            this.version = version;
            this.lastSequence = lastSequence;
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public synchronized long lastSequence() {
            return lastSequence;
        }

        @Override
        public synchronized DdlRecord append(SourcePoint position, String schema, String statement, byte[] extra) {
            checkLive();
            DdlRecord landed = settleUncertain();
            DdlRecord record = new DdlRecord(lastSequence + 1, position, schema, statement, extra);
            if (landed != null && sameContent(landed, record)) {
                return landed; // the caller repeats an append whose reply was lost: it is already there
            }
            long sequence = record.sequence();
            byte[] data = HistoryCodec.encodeDdl(record);
            String path = paths.ddlRecord(destination, sequence);
            if (data.length > options.chunkSizeBytes()) {
                throw new IllegalArgumentException("[dest=" + destination + "] DDL at " + position.binlog()
                        + " encodes to " + data.length + " bytes, more than chunkSizeBytes " + options.chunkSizeBytes()
                        + "; raise chunkSizeBytes (at most " + SchemaHistoryOptions.MAX_CHUNK_SIZE_BYTES + ")");
            }
            long bucket = ZkPaths.bucketStart(sequence);
            if (bucket != knownBucket) {
                ensureExists(paths.ddlBucket(destination, sequence));
                knownBucket = bucket;
            }
            byte[] newHead = HistoryCodec.encodeHead(new HistoryHead(epoch, sequence));
            try {
                client.transaction().forOperations(
                        client.transactionOp().setData().withVersion(version).forPath(headPath, newHead),
                        client.transactionOp().create().forPath(path, data));
                Fault fault = afterAppendCommitted;
                if (fault != null) {
                    fault.run();
                }
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                if (!landed(sequence)) {
                    throw fence("append DDL #" + sequence);
                }
            } catch (Exception e) {
                uncertain = record;
                throw failure("append DDL #" + sequence + " (outcome unknown: the next call on this writer finds "
                        + "out; repeating the same append does not duplicate it)", path, e);
            }
            version++;
            lastSequence = sequence;
            return record;
        }

        @Override
        public synchronized String writeSnapshot(SchemaSnapshot snapshot) {
            checkLive();
            settleUncertain();
            if (snapshot.coversSequence() > lastSequence) {
                throw new IllegalArgumentException("[dest=" + destination + "] snapshot covers DDL #"
                        + snapshot.coversSequence() + " but the history ends at #" + lastSequence
                        + "; append the DDL first");
            }
            byte[] compressed = SnapshotChunks.deflate(snapshot.payload(), options.compressionLevel());
            List<byte[]> chunks = SnapshotChunks.split(compressed, options.chunkSizeBytes());
            int[] lengths = new int[chunks.size()];
            int[] crcs = new int[chunks.size()];
            for (int i = 0; i < chunks.size(); i++) {
                lengths[i] = chunks.get(i).length;
                crcs[i] = HistoryCodec.crc32(chunks.get(i), 0, lengths[i]);
            }
            byte[] meta = HistoryCodec.encodeMeta(new HistoryCodec.SnapshotMeta(snapshot.coversSequence(), epoch,
                    snapshot.position(), snapshot.payload().length,
                    HistoryCodec.crc32(snapshot.payload(), 0, snapshot.payload().length), lengths, crcs));

            String prefix = paths.snapshotPrefix(destination, snapshot.coversSequence(), epoch);
            String dir;
            try {
                dir = client.create().withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(prefix);
            } catch (Exception e) {
                throw failure("create snapshot node", prefix, e);
            }
            String id = dir.substring(dir.lastIndexOf('/') + 1);
            String metaPath = paths.snapshotMeta(destination, id);
            try {
                for (int i = 0; i < chunks.size(); i++) {
                    String chunkPath = paths.snapshotChunk(destination, id, i);
                    try {
                        client.create().forPath(chunkPath, chunks.get(i));
                    } catch (KeeperException.NodeExistsException e) {
                        // a retry after a lost reply: the chunk is there
                    } catch (Exception e) {
                        throw failure("write snapshot chunk", chunkPath, e);
                    }
                }
                try {
                    client.transaction().forOperations(
                            client.transactionOp().check().withVersion(version).forPath(headPath),
                            client.transactionOp().create().forPath(metaPath, meta));
                } catch (KeeperException.NodeExistsException e) {
                    // a retry after a lost reply: the meta node is there
                } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                    throw fence("write snapshot " + id);
                } catch (Exception e) {
                    throw failure("write snapshot meta (the snapshot is complete if the node exists)", metaPath, e);
                }
            } catch (RuntimeException e) {
                deleteQuietlyIfIncomplete(dir, metaPath);
                throw e;
            }
            log.info("[dest={}] snapshot {} written: covers DDL #{}, {} bytes in {} chunks of at most {} bytes",
                    destination, id, snapshot.coversSequence(), snapshot.payload().length, chunks.size(),
                    options.chunkSizeBytes());
            return id;
        }

        @Override
        public synchronized PruneResult prune(long keepFromSequence) {
            checkLive();
            settleUncertain();
            if (keepFromSequence < 1 || keepFromSequence > lastSequence + 1) {
                throw new IllegalArgumentException("[dest=" + destination + "] keepFromSequence must be in 1.."
                        + (lastSequence + 1) + ", got " + keepFromSequence);
            }
            if (keepFromSequence == 1) {
                return new PruneResult(0, 0);
            }
            long base = keepFromSequence - 1;
            List<SnapshotName> names = snapshotNames();
            boolean baseIntact = false;
            for (SnapshotName name : names) {
                if (name.coversSequence() == base && !baseIntact) {
                    try {
                        readSnapshot(name);
                        baseIntact = true;
                    } catch (UnusableSnapshot e) {
                        log.warn("[dest={}] snapshot {} cannot serve as prune base: {}", destination, name.id(),
                                e.getMessage());
                    }
                }
            }
            if (!baseIntact) {
                throw new IllegalArgumentException("[dest=" + destination + "] cannot prune before DDL #"
                        + keepFromSequence + ": no complete, intact snapshot under " + paths.snapshots(destination)
                        + " covers DDL #" + base + "; write that snapshot first, or prune from an existing "
                        + "snapshot's coversSequence + 1");
            }
            List<String> deletions = new ArrayList<>();
            int snapshotsDeleted = 0;
            for (SnapshotName name : names) {
                if (name.coversSequence() < base) {
                    addSnapshotDeletions(name.id(), deletions);
                    snapshotsDeleted++;
                }
            }
            int ddlDeleted = addDdlDeletions(keepFromSequence, deletions);
            deleteFenced(deletions, "prune before DDL #" + keepFromSequence);
            log.info("[dest={}] schema history pruned before DDL #{}: {} DDL records and {} snapshots deleted",
                    destination, keepFromSequence, ddlDeleted, snapshotsDeleted);
            return new PruneResult(ddlDeleted, snapshotsDeleted);
        }

        @Override
        public synchronized PruneResult clear() {
            checkLive();
            settleUncertain();
            List<String> deletions = new ArrayList<>();
            List<SnapshotName> names = snapshotNames();
            for (SnapshotName name : names) {
                addSnapshotDeletions(name.id(), deletions);
            }
            int ddlDeleted = addDdlDeletions(Long.MAX_VALUE, deletions);
            deleteFenced(deletions, "clear");
            knownBucket = -1;
            log.info("[dest={}] schema history cleared: {} DDL records and {} snapshots deleted; sequences continue "
                    + "after #{}", destination, ddlDeleted, names.size(), lastSequence);
            return new PruneResult(ddlDeleted, names.size());
        }

        // -------------------------------------------------------------------------------------------- helpers

        private void checkLive() {
            if (fenced) {
                throw new NotLeaderException("[dest=" + destination + "] the schema history writer of epoch "
                        + epoch + " was fenced off by a later claim of " + headPath + "; step down", epoch, -1);
            }
        }

        /**
         * Settles an append whose reply was lost: returns it if it landed (and takes it as the last write), null if it
         * did not or there was none; fences if someone else wrote since.
         */
        private DdlRecord settleUncertain() {
            DdlRecord pending = uncertain;
            if (pending == null) {
                return null;
            }
            boolean landed = landed(pending.sequence());
            if (!landed) {
                Stat stat = new Stat();
                if (readOrNull(headPath, stat) == null || stat.getVersion() != version) {
                    throw fence("settle the uncertain append of DDL #" + pending.sequence());
                }
            }
            uncertain = null;
            if (landed) {
                version++;
                lastSequence = pending.sequence();
                log.info("[dest={}] append of DDL #{} whose reply was lost did land", destination, pending.sequence());
                return pending;
            }
            return null;
        }

        /** Whether the head shows exactly our write of {@code sequence} on top of our version. */
        private boolean landed(long sequence) {
            Stat stat = new Stat();
            byte[] data = readOrNull(headPath, stat);
            if (data == null) {
                return false;
            }
            HistoryHead head = decodeHead(data);
            return stat.getVersion() == version + 1 && head.epoch() == epoch && head.lastSequence() == sequence;
        }

        private NotLeaderException fence(String operation) {
            fenced = true;
            Stat stat = new Stat();
            byte[] data = readOrNull(headPath, stat);
            long current = data == null ? -1 : decodeHead(data).epoch();
            String found = data == null ? "the node is gone"
                    : "it holds epoch " + current + " at version " + stat.getVersion();
            log.warn("[dest={}] schema history writer of epoch {} fenced during {}", destination, epoch, operation);
            return new NotLeaderException("[dest=" + destination + "] refused to " + operation + ": the writer of epoch "
                    + epoch + " expected " + headPath + " at version " + version + " but " + found
                    + "; another node claimed the history, so this node is not the leader any more. Nothing was "
                    + "written; step down (claim again only with a new leadership epoch)", epoch, current);
        }

        /** Runs deletions in {@code multi}s of at most {@link #DELETE_BATCH}, each checking the head version. */
        private void deleteFenced(List<String> deletions, String operation) {
            for (int from = 0; from < deletions.size(); from += DELETE_BATCH) {
                List<String> batch = deletions.subList(from, Math.min(deletions.size(), from + DELETE_BATCH));
                try {
                    client.transaction().forOperations(deleteOps(batch));
                } catch (KeeperException.BadVersionException e) {
                    throw fence(operation);
                } catch (KeeperException.NoNodeException | KeeperException.NotEmptyException e) {
                    // A node vanished (a retried batch that landed) or grew a child (a deposed writer's chunk):
                    // go one by one so the rest still goes.
                    for (String path : batch) {
                        deleteOneFenced(path, operation);
                    }
                } catch (Exception e) {
                    throw failure(operation + " (delete " + batch.size() + " nodes)", batch.get(0), e);
                }
            }
        }

        private void deleteOneFenced(String path, String operation) {
            try {
                client.transaction().forOperations(deleteOps(List.of(path)));
            } catch (KeeperException.BadVersionException e) {
                throw fence(operation);
            } catch (KeeperException.NoNodeException e) {
                // already gone
            } catch (KeeperException.NotEmptyException e) {
                log.warn("[dest={}] {} left {} in place: a child appeared while deleting (a deposed writer's "
                        + "snapshot?); the next prune removes it", destination, operation, path);
            } catch (Exception e) {
                throw failure(operation, path, e);
            }
        }

        private List<CuratorOp> deleteOps(List<String> batch) throws Exception {
            List<CuratorOp> ops = new ArrayList<>(batch.size() + 1);
            ops.add(client.transactionOp().check().withVersion(version).forPath(headPath));
            for (String path : batch) {
                ops.add(client.transactionOp().delete().forPath(path));
            }
            return ops;
        }

        /** Adds the snapshot's meta (first, so readers stop trusting it at once), chunks, then the node itself. */
        private void addSnapshotDeletions(String id, List<String> deletions) {
            String dir = paths.snapshot(destination, id);
            List<String> children = childrenOrEmpty(dir);
            if (children.contains("meta")) {
                deletions.add(paths.snapshotMeta(destination, id));
            }
            children.stream().filter(c -> !c.equals("meta")).sorted().forEach(c -> deletions.add(dir + "/" + c));
            deletions.add(dir);
        }

        /** Adds every DDL record below {@code keepFromSequence}, and each bucket that ends up empty; returns the count. */
        private int addDdlDeletions(long keepFromSequence, List<String> deletions) {
            int count = 0;
            for (long bucket : numberedChildren(paths.ddlRoot(destination))) {
                if (bucket >= keepFromSequence) {
                    break;
                }
                String bucketPath = paths.ddlBucket(destination, Math.max(bucket, 1));
                boolean emptied = true;
                for (long sequence : numberedChildren(bucketPath)) {
                    if (sequence < keepFromSequence) {
                        deletions.add(paths.ddlRecord(destination, sequence));
                        count++;
                    } else {
                        emptied = false;
                    }
                }
                // Keep the bucket the next append goes to, even if empty, so the writer's cache stays true.
                if (emptied && bucket + ZkPaths.DDL_BUCKET_SIZE <= keepFromSequence
                        && bucket != ZkPaths.bucketStart(lastSequence + 1)) {
                    deletions.add(bucketPath);
                }
            }
            return count;
        }

        private void deleteQuietlyIfIncomplete(String dir, String metaPath) {
            try {
                if (client.checkExists().forPath(metaPath) == null) {
                    client.delete().deletingChildrenIfNeeded().forPath(dir);
                }
            } catch (Exception e) {
                log.warn("[dest={}] could not remove incomplete snapshot {} ({}); readers ignore it and the next "
                        + "prune removes it", destination, dir, e.toString());
            }
        }

        private boolean sameContent(DdlRecord a, DdlRecord b) {
            return a.position().equals(b.position()) && a.schema().equals(b.schema())
                    && a.statement().equals(b.statement()) && Arrays.equals(a.extra(), b.extra());
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** A snapshot that cannot be used; {@code incomplete} when it simply is not finished (no meta). */
    private static final class UnusableSnapshot extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean incomplete;

        UnusableSnapshot(String message, boolean incomplete) {
            super(message, null, false, false);
            this.incomplete = incomplete;
        }
    }

    private SchemaSnapshot readSnapshot(SnapshotName name) throws UnusableSnapshot {
        String metaPath = paths.snapshotMeta(destination, name.id());
        byte[] metaData = readOrNull(metaPath, new Stat());
        if (metaData == null) {
            throw new UnusableSnapshot("incomplete: no meta node (still being written, or its writer stopped)", true);
        }
        HistoryCodec.SnapshotMeta meta;
        try {
            meta = HistoryCodec.decodeMeta(metaData);
        } catch (HistoryCodec.FormatException e) {
            throw new UnusableSnapshot("meta " + metaPath + " is damaged: " + e.getMessage(), false);
        }
        if (meta.coversSequence() != name.coversSequence()) {
            throw new UnusableSnapshot("meta says it covers DDL #" + meta.coversSequence() + ", the node name says #"
                    + name.coversSequence(), false);
        }
        if (meta.compressedLength() > Integer.MAX_VALUE - 8) {
            throw new UnusableSnapshot("meta claims " + meta.compressedLength() + " compressed bytes", false);
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream((int) meta.compressedLength());
        for (int i = 0; i < meta.chunkCount(); i++) {
            String chunkPath = paths.snapshotChunk(destination, name.id(), i);
            byte[] chunk = readOrNull(chunkPath, new Stat());
            if (chunk == null) {
                throw new UnusableSnapshot("chunk " + chunkPath + " of " + meta.chunkCount() + " is missing", false);
            }
            if (chunk.length != meta.chunkLengths()[i]) {
                throw new UnusableSnapshot("chunk " + chunkPath + " has " + chunk.length + " bytes, meta says "
                        + meta.chunkLengths()[i], false);
            }
            int crc = HistoryCodec.crc32(chunk, 0, chunk.length);
            if (crc != meta.chunkCrcs()[i]) {
                throw new UnusableSnapshot("CRC32 mismatch in chunk " + chunkPath + ": meta says "
                        + HistoryCodec.hex(meta.chunkCrcs()[i]) + ", data has " + HistoryCodec.hex(crc), false);
            }
            compressed.writeBytes(chunk);
        }
        byte[] payload;
        try {
            payload = SnapshotChunks.inflate(compressed.toByteArray(), meta.payloadLength());
        } catch (HistoryCodec.FormatException e) {
            throw new UnusableSnapshot(e.getMessage(), false);
        }
        int crc = HistoryCodec.crc32(payload, 0, payload.length);
        if (crc != meta.payloadCrc()) {
            throw new UnusableSnapshot("CRC32 mismatch in the inflated payload: meta says "
                    + HistoryCodec.hex(meta.payloadCrc()) + ", data has " + HistoryCodec.hex(crc), false);
        }
        return new SchemaSnapshot(meta.coversSequence(), meta.position(), payload);
    }

    private List<SnapshotName> snapshotNames() {
        List<SnapshotName> names = new ArrayList<>();
        for (String child : childrenOrEmpty(paths.snapshots(destination))) {
            Optional<SnapshotName> name = SnapshotName.parse(child);
            if (name.isPresent()) {
                names.add(name.get());
            } else {
                log.warn("[dest={}] ignoring {}/{}: not a snapshot name", destination, paths.snapshots(destination),
                        child);
            }
        }
        return names;
    }

    /** The zero-padded numeric children of {@code path}, ascending; others are logged and ignored. */
    private List<Long> numberedChildren(String path) {
        List<Long> numbers = new ArrayList<>();
        for (String child : childrenOrEmpty(path)) {
            OptionalLong number = ZkPaths.parseNumber(child);
            if (number.isPresent()) {
                numbers.add(number.getAsLong());
            } else {
                log.warn("[dest={}] ignoring {}/{}: not a zero-padded number", destination, path, child);
            }
        }
        numbers.sort(null);
        return numbers;
    }

    private List<String> childrenOrEmpty(String path) {
        try {
            return new ArrayList<>(client.getChildren().forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return new ArrayList<>();
        } catch (Exception e) {
            throw failure("list", path, e);
        }
    }

    /** The node's data (and stat), or null if it does not exist. */
    private byte[] readOrNull(String path, Stat stat) {
        try {
            return client.getData().storingStatIn(stat).forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (Exception e) {
            throw failure("read", path, e);
        }
    }

    private void ensureExists(String path) {
        try {
            client.create().creatingParentsIfNeeded().forPath(path);
        } catch (KeeperException.NodeExistsException e) {
            // fine
        } catch (Exception e) {
            throw failure("create", path, e);
        }
    }

    private HistoryHead decodeHead(byte[] data) {
        try {
            return HistoryCodec.decodeHead(data);
        } catch (HistoryCodec.FormatException e) {
            throw new CorruptHistoryException("[dest=" + destination + "] " + headPath + " is damaged: "
                    + e.getMessage() + "; reset the destination's schema history (its DDL log cannot be trusted)");
        }
    }

    private DdlRecord decodeDdl(String path, byte[] data) {
        try {
            return HistoryCodec.decodeDdl(data);
        } catch (HistoryCodec.FormatException e) {
            throw new CorruptHistoryException("[dest=" + destination + "] DDL record " + path + " is damaged: "
                    + e.getMessage() + "; restore the node from a ZooKeeper backup, or reset the destination's "
                    + "schema history and take a new snapshot from the source");
        }
    }

    private SchemaHistoryException failure(String operation, String path, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (e instanceof SchemaHistoryException s) {
            return s;
        }
        return new SchemaHistoryException("[dest=" + destination + "] cannot " + operation + " " + path + ": " + e
                + "; check that ZooKeeper at " + client.getZookeeperClient().getCurrentConnectionString()
                + " is reachable with a quorum, then retry", e);
    }
}
