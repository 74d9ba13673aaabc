package io.sluice.node.binlog;

/**
 * Decodes the body of a rows event (WRITE/UPDATE/DELETE_ROWS v0/v1/v2, PARTIAL_UPDATE_ROWS), MariaDB
 * compressed rows events arrive here already inflated. Placeholder until the rows decoder lands.
 */
public final class RowsEventDecoder {
    /**
     * @param header           the event header; its type says which rows event this is
     * @param body             the bytes after the common header, checksum already cut off
     * @param postHeaderLength the post-header length the format description gives for this type
     * @param tables           the table maps seen so far in this stream
     */
    public RowsEvent decode(EventHeader header, ByteReader body, int postHeaderLength, TableMapLookup tables) {
        throw new UnsupportedOperationException("rows decoding not implemented yet");
    }
}
