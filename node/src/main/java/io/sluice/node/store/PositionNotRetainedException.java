package io.sluice.node.store;

import java.io.IOException;

/**
 * A reader asked for a position the store no longer keeps: retention removed it (see docs/store.md, "Retention").
 * The message names the position asked for, the first one still kept, and what the client can do.
 */
public final class PositionNotRetainedException extends IOException {
    private static final long serialVersionUID = 1L;

    public PositionNotRetainedException(String message) {
        super(message);
    }
}
