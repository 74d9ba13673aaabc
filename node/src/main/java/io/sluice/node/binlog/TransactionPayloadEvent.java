package io.sluice.node.binlog;

/**
 * TRANSACTION_PAYLOAD (MySQL 8.0.20+ with {@code binlog_transaction_compression=ON}): a whole transaction, its
 * events compressed together. The record holds only the payload's description; its events are read as a stream
 * with {@link BinlogEventDecoder#payloadEvents}, each at {@link EventPosition#inner(int) payload offset / index}.
 *
 * @param compressionType   {@link #ZSTD} or {@link #NONE}
 * @param payloadSize       bytes of the (compressed) payload
 * @param uncompressedSize  bytes of the events once uncompressed, as the server states it (0 if not stated)
 * @param payloadOffset     where the payload starts, counted from the first byte of the event
 */
public record TransactionPayloadEvent(EventHeader header, int compressionType, long payloadSize,
        long uncompressedSize, int payloadOffset) implements BinlogEvent {

    public static final int ZSTD = 0;
    public static final int NONE = 255;
}
