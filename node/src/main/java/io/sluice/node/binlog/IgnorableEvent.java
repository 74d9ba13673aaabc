package io.sluice.node.binlog;

/**
 * An event a reader may skip: IGNORABLE (type 28), or an event of a type this decoder does not know that the
 * server flagged {@link EventHeader#FLAG_IGNORABLE}. Only its header is decoded; the decoder counts these
 * ({@link BinlogEventDecoder#ignorableSkipped()}).
 */
public record IgnorableEvent(EventHeader header) implements BinlogEvent {
}
