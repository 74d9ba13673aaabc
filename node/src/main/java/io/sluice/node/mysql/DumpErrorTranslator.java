package io.sluice.node.mysql;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.sluice.common.position.BinlogPosition;

/**
 * Turns the source's error 1236 into a {@link BinlogUnavailableException} that says what is missing, what the source
 * has instead (from SHOW BINARY LOGS over a fresh connection) and what to do. The server's texts differ between
 * MySQL and MariaDB versions, so the reason is found by phrases both use.
 */
final class DumpErrorTranslator {

    /** Lists the source's binlog files; a fresh connection, since the dump connection is unusable after the error. */
    interface FileLister {
        List<BinlogFile> list() throws IOException;
    }

    private DumpErrorTranslator() {
    }

    static MysqlServerException translate(MysqlServerException error, StartPosition requested, FileLister lister) {
        if (error.code() != MysqlServerException.ER_MASTER_FATAL_ERROR_READING_BINLOG) {
            return error;
        }
        BinlogUnavailableException.Reason reason = reasonOf(error.serverMessage());
        List<BinlogFile> files;
        String listingProblem = "";
        try {
            files = lister.list();
        } catch (IOException | RuntimeException e) {
            files = List.of();
            listingProblem = " (could not list the source's binlogs to say more: " + e.getMessage() + ")";
        }
        String message = explain(error, reason, requested, files) + listingProblem + " [source " + error.source()
                + " said: " + error.serverMessage() + "]";
        return new BinlogUnavailableException(error, reason, requested, files, message);
    }

    static BinlogUnavailableException.Reason reasonOf(String serverMessage) {
        String m = serverMessage.toLowerCase(Locale.ROOT);
        if (m.contains("could not find first log file name")) {
            return BinlogUnavailableException.Reason.FILE_MISSING;
        }
        if (m.contains("impossible position") || m.contains("position > file size")) {
            return BinlogUnavailableException.Reason.POSITION_PAST_END;
        }
        if (m.contains("same server_uuid/server_id") || m.contains("same server_id")) {
            return BinlogUnavailableException.Reason.SERVER_ID_IN_USE;
        }
        if (m.contains("purged") || m.contains("could not find gtid state")) {
            return BinlogUnavailableException.Reason.GTIDS_PURGED;
        }
        if (m.contains("not in the master's binlog") || m.contains("not in the source's binlog")
                || m.contains("which is not in")) {
            return BinlogUnavailableException.Reason.GTID_NOT_IN_BINLOG;
        }
        return BinlogUnavailableException.Reason.OTHER;
    }

    private static String explain(MysqlServerException error, BinlogUnavailableException.Reason reason,
                                  StartPosition requested, List<BinlogFile> files) {
        String source = error.source();
        String oldest = files.isEmpty() ? "unknown" : files.get(0).name();
        String range = files.isEmpty() ? "" : " (the source has " + files.get(0).name() + " to "
                + files.get(files.size() - 1).name() + ")";
        Optional<BinlogPosition> at = requested instanceof ResumePoint.AtFile f ? Optional.of(f.position())
                : Optional.empty();
        return switch (reason) {
            case FILE_MISSING -> "binlog file " + at.map(BinlogPosition::file).orElse("(requested)")
                    + " is not on the source " + source + " any more (purged?); the oldest is " + oldest + range
                    + ". Changes between the requested position and " + oldest + " are lost to sluice: re-snapshot"
                    + " the affected tables and restart from " + (files.isEmpty() ? "an available file" : oldest + ":4")
                    + ", or reset the cursor";
            case POSITION_PAST_END -> "position " + at.map(BinlogPosition::toString).orElse(String.valueOf(requested))
                    + " is past the end of that file on the source " + source + sizeOf(at, files)
                    + "; the source's binlog was reset or restored from an older backup, or the cursor is wrong."
                    + " Reset the cursor to a position the source has" + range;
            case GTIDS_PURGED -> "the source " + source + " no longer has the binlogs holding the transactions after "
                    + requested + "; the oldest binlog is " + oldest + ". Re-snapshot and reset the cursor to a GTID"
                    + " position the source still has";
            case GTID_NOT_IN_BINLOG -> "the source " + source + " has no record of " + requested
                    + " in its binlog (a diverged or different server?); check that the cursor belongs to this source,"
                    + " then reset it";
            case SERVER_ID_IN_USE -> "the source " + source + " dropped this dump because another replica connected"
                    + " with the same server id; give every sluice destination and every replica a unique server id";
            case OTHER -> "the source " + source + " cannot send its binlog from " + requested
                    + "; see the source's error log";
        };
    }

    private static String sizeOf(Optional<BinlogPosition> at, List<BinlogFile> files) {
        if (at.isEmpty()) {
            return "";
        }
        return files.stream().filter(f -> f.name().equals(at.get().file())).findFirst()
                .map(f -> " (its size is " + f.size() + " bytes)").orElse("");
    }
}
