package io.sluice.node.binlog;

import java.util.Map;

/**
 * VIEW_CHANGE (MySQL Group Replication, 5.7.6+): the group membership changed.
 *
 * @param viewId            the new view's id
 * @param seqNumber         certification sequence number
 * @param certificationInfo the certification database handed to joining members, key to value; values are
 *                          opaque (encoded GTID sets); do not modify them
 */
public record ViewChangeEvent(EventHeader header, String viewId, long seqNumber, Map<String, byte[]> certificationInfo)
        implements BinlogEvent {
}
