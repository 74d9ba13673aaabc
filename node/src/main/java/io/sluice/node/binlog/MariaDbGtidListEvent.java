package io.sluice.node.binlog;

import io.sluice.common.position.MariaDbGtid;

import java.util.List;

/**
 * MariaDB GTID_LIST (type 163): the binlog state at the start of a file, the last GTID of each (domain, server)
 * written before it; MariaDB's counterpart of PREVIOUS_GTIDS. A dump thread also sends it, flagged artificial.
 *
 * @param flags the top 4 bits of the count word (FLAG_UNTIL_REACHED, FLAG_IGN_GTIDS; dump-thread events only)
 */
public record MariaDbGtidListEvent(EventHeader header, int flags, List<MariaDbGtid> gtids) implements BinlogEvent {
}
