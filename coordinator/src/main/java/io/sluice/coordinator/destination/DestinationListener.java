package io.sluice.coordinator.destination;

/**
 * Receives destination spec changes from {@link DestinationRegistry#watch}. Called on one Curator thread, in the
 * order ZooKeeper reported the changes; an exception thrown here is logged and does not stop the watch.
 */
public interface DestinationListener {

    /** A spec appeared, or became readable again. Also called once per existing spec when the watch starts. */
    void added(StoredSpec spec);

    /** A spec was rewritten; {@code previous} is the last readable one. */
    void changed(StoredSpec previous, StoredSpec current);

    /** A spec was deleted. */
    void removed(String name);

    /**
     * A spec node holds data that is no spec (written by hand, or by a newer sluice). The node is skipped; the last
     * readable spec of that name, if any, stays in force.
     */
    default void corrupt(String path, String problem) {
    }
}
