package io.sluice.node.source;

import io.sluice.node.binlog.BinlogEvent;
import io.sluice.node.binlog.EventPosition;

/** A decoded event and where it starts in the source's binlog. */
public record DecodedEvent(EventPosition position, BinlogEvent event) {
}
