package io.sluice.node.pipeline;

import io.sluice.common.protocol.Entry;
import io.sluice.node.binlog.EventPosition;

/**
 * Where a {@link ChangePipeline} hands the entries it keeps, in binlog order. Called on the pipeline's thread only.
 * The pipeline's cursor moves past a transaction only after every entry of it was accepted, so a sink that throws
 * leaves the cursor before the transaction and a restart delivers the whole transaction again.
 */
@FunctionalInterface
public interface EntrySink {
    /**
     * @param entry    the entry, already filtered
     * @param position where the event it was made from starts in the source's binlog
     */
    void accept(Entry entry, EventPosition position) throws Exception;

    /**
     * Called when a transaction has ended (after its last entry, if it had any kept) with the cursor after it, before
     * the pipeline's own cursor moves there. A sink that writes a log marks its last record here; a transaction
     * whose entries were all filtered out still ends here, with nothing accepted before.
     */
    default void transactionEnded(PipelineCursor after) throws Exception {
    }
}
