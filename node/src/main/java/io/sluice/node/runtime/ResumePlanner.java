package io.sluice.node.runtime;

import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.coordinator.cursor.ClientCursor;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.StoreRecord;

/**
 * Decides where a destination's source stream starts when its leader starts, and trims the store so that it ends
 * at a transaction boundary. The rule (docs/node.md, "Where a destination starts"):
 * <ol>
 *   <li>A store whose tail is a transaction cut short (the previous run stopped inside it) loses that tail: the
 *       transaction comes again from the source, whole.</li>
 *   <li>With no store content: the lowest acknowledged client cursor, else the configured start.</li>
 *   <li>With store content: the store's last complete transaction, unless every client cursor lies beyond it
 *       (the store is older than what clients have acknowledged elsewhere, e.g. on another node); then the store
 *       is emptied and the stream starts at the lowest client cursor, so no client waits for history it has
 *       already seen.</li>
 * </ol>
 * A cursor before the store's first record is not this planner's concern: the store serves it with a
 * "position no longer retained" error (retention removed it).
 */
final class ResumePlanner {
    private static final Logger log = LoggerFactory.getLogger(ResumePlanner.class);

    private ResumePlanner() {
    }

    static ResumePlan plan(String destination, EventLog store, Collection<ClientCursor> cursors) throws IOException {
        Optional<StoreRecord> last = StoreTail.trimToLastTransaction(destination, store);
        Optional<ClientCursor> lowest = cursors.stream()
                .min(Comparator.comparing(ClientCursor::position));
        if (last.isEmpty()) {
            return lowest.map(ResumePlanner::fromCursor)
                    .orElseGet(() -> new ResumePlan(ResumePlan.Origin.CONFIGURED, null, ""));
        }
        StoreRecord head = last.get();
        if (lowest.isPresent() && lowest.get().position().compareTo(head.binlogPosition()) > 0) {
            log.warn("[dest={}] the store ends at {} but every client has acknowledged up to at least {}: the store "
                    + "is older than the clients' cursors, so it is emptied ({} records) and the source stream starts "
                    + "at the lowest cursor", destination, head.binlogPosition(), lowest.get().position(),
                    store.nextSequence() - store.firstSequence());
            store.truncateFrom(store.firstSequence());
            return fromCursor(lowest.get());
        }
        return new ResumePlan(ResumePlan.Origin.STORE, head.binlogPosition(), head.gtidSet());
    }

    private static ResumePlan fromCursor(ClientCursor cursor) {
        return new ResumePlan(ResumePlan.Origin.CLIENT_CURSOR, cursor.position(), cursor.gtidSet());
    }
}
