package io.sluice.node.binlog;

/**
 * Decodes the body of a rows event for {@link BinlogEventDecoder}. Production uses {@link RowsEventDecoder};
 * tests may plug in one that does not decode row images.
 */
@FunctionalInterface
interface RowsBodyDecoder {
    /**
     * @param body the bytes after the common header, checksum cut off; they may live in a buffer the caller
     *             reuses for the next event, so the result must not keep a reference to {@code body.array()}
     */
    BinlogEvent decode(EventHeader header, ByteReader body, int postHeaderLength, TableMapLookup tables);
}
