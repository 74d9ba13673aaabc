package io.sluice.node.mysql;

import java.util.List;
import java.util.Optional;

/**
 * The source cannot send the binlog from where we asked (error 1236): the file was purged, the position lies past
 * the end of the file, the GTIDs we need are no longer in any binlog, or another replica uses our server id. The
 * message says which, what the source has instead, and how to recover. Retrying the same request cannot succeed.
 */
public class BinlogUnavailableException extends MysqlServerException {
    private static final long serialVersionUID = 1L;

    /** What exactly is unavailable. */
    public enum Reason {
        /** The requested file is not in the source's binlog index (purged, or never existed there). */
        FILE_MISSING,
        /** The requested offset lies beyond the end of the file. */
        POSITION_PAST_END,
        /** The transactions after the requested GTIDs were in binlogs that are purged. */
        GTIDS_PURGED,
        /** The requested GTID is not in the source's binlog at all (MariaDB strict mode, or a diverged history). */
        GTID_NOT_IN_BINLOG,
        /** Another replica registered with the same server id (or server UUID) and the source dropped us. */
        SERVER_ID_IN_USE,
        /** Another 1236 condition, e.g. a corrupt binlog or an event larger than max_allowed_packet. */
        OTHER
    }

    private final Reason reason;
    private final transient StartPosition requested;
    private final List<BinlogFile> available;

    BinlogUnavailableException(MysqlServerException error, Reason reason, StartPosition requested,
                               List<BinlogFile> available, String message) {
        super(error.source(), error.code(), error.sqlState(), error.serverMessage(), message);
        this.reason = reason;
        this.requested = requested;
        this.available = List.copyOf(available);
    }

    public Reason reason() {
        return reason;
    }

    /** Where the dump was asked to start. */
    public StartPosition requested() {
        return requested;
    }

    /** The files the source had when the error was analysed; empty if they could not be listed. */
    public List<BinlogFile> available() {
        return available;
    }

    /** The oldest file the source still has, if it could be listed. */
    public Optional<BinlogFile> oldestAvailable() {
        return available.isEmpty() ? Optional.empty() : Optional.of(available.get(0));
    }
}
