package io.sluice.coordinator.schema;

import java.util.zip.Deflater;

/**
 * Settings of a {@link ZkSchemaHistoryStore}, checked once here.
 *
 * @param chunkSizeBytes   the largest snapshot chunk, and the largest encoded DDL record; must stay well below
 *                         ZooKeeper's {@code jute.maxbuffer} (1 MB by default), which bounds a node's data plus
 *                         request overhead
 * @param compressionLevel deflate level for snapshots, 0 (none) to 9 (smallest)
 */
public record SchemaHistoryOptions(int chunkSizeBytes, int compressionLevel) {

    public static final int DEFAULT_CHUNK_SIZE_BYTES = 512 * 1024;
    public static final int MIN_CHUNK_SIZE_BYTES = 1024;
    /** 1 MB minus room for the request around the data: ZooKeeper refuses larger packets by default. */
    public static final int MAX_CHUNK_SIZE_BYTES = 1000 * 1024;

    public SchemaHistoryOptions {
        if (chunkSizeBytes < MIN_CHUNK_SIZE_BYTES || chunkSizeBytes > MAX_CHUNK_SIZE_BYTES) {
            throw new IllegalArgumentException("chunkSizeBytes must be in " + MIN_CHUNK_SIZE_BYTES + ".."
                    + MAX_CHUNK_SIZE_BYTES + " (ZooKeeper's jute.maxbuffer is 1 MB by default), got " + chunkSizeBytes);
        }
        if (compressionLevel < Deflater.NO_COMPRESSION || compressionLevel > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("compressionLevel must be in 0..9, got " + compressionLevel);
        }
    }

    /** 512 KiB chunks, deflate level 6. */
    public static SchemaHistoryOptions defaults() {
        return new SchemaHistoryOptions(DEFAULT_CHUNK_SIZE_BYTES, 6);
    }

    public SchemaHistoryOptions withChunkSizeBytes(int bytes) {
        return new SchemaHistoryOptions(bytes, compressionLevel);
    }
}
