package io.sluice.node.binlog;

/** Finds the TABLE_MAP a rows event refers to. */
@FunctionalInterface
public interface TableMapLookup {
    /** The table map for the id, or null when none was seen in this stream. */
    TableMapEvent tableMap(long tableId);
}
