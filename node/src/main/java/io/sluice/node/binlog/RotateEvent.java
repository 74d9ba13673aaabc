package io.sluice.node.binlog;

/**
 * ROTATE: the binlog continues in another file. Written at the end of a file, and sent first by a dump thread
 * (flagged {@link EventHeader#FLAG_ARTIFICIAL}) to name the file the stream starts in.
 *
 * @param position offset of the first event to read in the next file (4 unless a replica asked for another)
 * @param nextFile name of the next binlog file
 */
public record RotateEvent(EventHeader header, long position, String nextFile) implements BinlogEvent {
}
