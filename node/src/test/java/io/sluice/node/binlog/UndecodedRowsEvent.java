package io.sluice.node.binlog;

/**
 * TEST ONLY: stands in for a rows event in tests that check everything but row images, so they run whether or
 * not the rows decoder can decode the event. It reads only the table id, to check the event's start is sane.
 * Production decoders always use {@link RowsEventDecoder}.
 */
record UndecodedRowsEvent(EventHeader header, long tableId, int postHeaderLength) implements BinlogEvent {
    UndecodedRowsEvent(EventHeader header, ByteReader body, int postHeaderLength, TableMapLookup tables) {
        this(header, postHeaderLength == 6 ? body.u32() : body.u48(), postHeaderLength);
    }
}
