package io.sluice.node.mysql;

/**
 * What {@link BinlogStream#take()} hands out: a binlog event, or a {@link Restart} marker after the connection was
 * lost.
 */
public sealed interface StreamItem permits RawBinlogEvent, StreamItem.Restart {

    /**
     * The connection to the source was lost after the events before this marker. Discard whatever you hold of a
     * transaction you have not completed. The stream then starts again at the resume point you last gave
     * {@link BinlogStream#resumeFrom} (or at its start, if you never did): after the dump's opening events (an
     * artificial ROTATE naming the file, a FORMAT_DESCRIPTION), everything after that point comes once more, exactly
     * once, including events outside transactions (ROTATE, STOP, GTID lists) you may already have seen.
     *
     * @param cause  why the connection was lost
     * @param number 1 for the first restart of this stream, then 2, ...
     */
    record Restart(Exception cause, int number) implements StreamItem {
    }
}
