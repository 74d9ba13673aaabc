package io.sluice.node.mysql;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.EventHeader;
import io.sluice.node.binlog.EventType;

/**
 * Finds the binlog position of the first transaction committed at or after a point in time.
 *
 * <p>Two passes. First, a binary search over SHOW BINARY LOGS by the timestamp of each file's first event (its format
 * description, written when the file was opened) picks the last file opened at or before the time; any transaction
 * committed later lies in that file or after it, since binlogs are written in commit order. Second, a non-blocking
 * dump scans forward from that file: a transaction is the run of events from one GTID event (MySQL GTID or anonymous
 * GTID, MariaDB GTID) to the next; its commit time is the largest header timestamp among its events, which is the
 * commit event's. The first transaction whose commit time is at or after the target gives the answer: the position
 * of its GTID event. If none is, the answer is the end of the binlog at the time of the scan.
 *
 * <p>Precision: header timestamps are whole seconds, and the target is rounded down to its second, so the result may
 * include transactions committed up to one second before the target but never skips one committed at or after it.
 * Header timestamps come from the source's clock; if that clock was set back, binlog order wins (the first qualifying
 * transaction in binlog order is chosen). Servers without GTID events (MySQL 5.6 with gtid_mode=OFF) are not
 * supported, because nothing but decoding would show where their transactions begin.
 *
 * <p>Cost: about log2(number of files) short connections, plus a scan of one file up to the target.
 */
final class TimestampLocator {
    private static final Logger LOG = LoggerFactory.getLogger(TimestampLocator.class);

    private static final Set<Integer> TRANSACTION_STARTS = Set.of(EventType.GTID.code(),
            EventType.ANONYMOUS_GTID.code(), EventType.GTID_TAGGED.code(), EventType.MARIADB_GTID.code());
    /** Events that belong to no transaction: file bookkeeping and liveness. */
    private static final Set<Integer> OUTSIDE_TRANSACTIONS = Set.of(EventType.ROTATE.code(),
            EventType.FORMAT_DESCRIPTION.code(), EventType.STOP.code(), EventType.PREVIOUS_GTIDS.code(),
            EventType.MARIADB_GTID_LIST.code(), EventType.MARIADB_BINLOG_CHECKPOINT.code(),
            EventType.HEARTBEAT.code(), EventType.HEARTBEAT_V2.code(), EventType.MARIADB_START_ENCRYPTION.code(),
            EventType.INCIDENT.code());

    /** What the locator needs from the source; {@link DumpProbe} is the real one. */
    interface BinlogProbe {
        String source();

        /** SHOW BINARY LOGS, oldest first. */
        List<BinlogFile> files() throws IOException;

        /** Header timestamp (epoch seconds) of the first event of {@code file}, its format description. */
        long firstEventTimestamp(String file) throws IOException;

        /** Events from the start of {@code file} to the current end of the binlog. */
        EventSource scanFrom(String file) throws IOException;
    }

    /** A forward-only run of events; {@link #next()} returns null at the end. */
    interface EventSource extends Closeable {
        RawBinlogEvent next() throws IOException;
    }

    private final BinlogProbe probe;

    TimestampLocator(BinlogProbe probe) {
        this.probe = probe;
    }

    ResumePoint.AtFile locate(Instant time) throws IOException {
        long target = time.getEpochSecond();
        List<BinlogFile> files = probe.files();
        if (files.isEmpty()) {
            throw new MysqlException("source " + probe.source() + " lists no binary logs; is log_bin on?");
        }
        BinlogFile first = files.get(lastFileOpenedBy(files, target));
        LOG.info("[source={}] locating the first transaction committed at or after {}: scanning from {}",
                probe.source(), time, first.name());
        try (EventSource events = probe.scanFrom(first.name())) {
            return scan(events, target, new BinlogPosition(first.name(), ResumePoint.AtFile.FIRST_EVENT_OFFSET));
        }
    }

    /** Binary search: the last file whose first event is not later than {@code target}; 0 if every file is later. */
    private int lastFileOpenedBy(List<BinlogFile> files, long target) throws IOException {
        int low = 0;
        int high = files.size() - 1;
        int found = 0;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (probe.firstEventTimestamp(files.get(mid).name()) <= target) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    private ResumePoint.AtFile scan(EventSource events, long target, BinlogPosition start) throws IOException {
        BinlogPosition end = start;
        BinlogPosition transactionStart = null;
        long commitTime = -1;
        RawBinlogEvent event;
        while ((event = events.next()) != null) {
            EventHeader header = event.header();
            int type = header.typeCode();
            if (TRANSACTION_STARTS.contains(type)) {
                if (transactionStart != null && commitTime >= target) {
                    return found(transactionStart, commitTime);
                }
                transactionStart = event.position();
                commitTime = header.timestamp();
            } else if (OUTSIDE_TRANSACTIONS.contains(type) || header.artificial()) {
                if (type == EventType.ROTATE.code() || type == EventType.STOP.code()) {
                    // A transaction never spans files: whatever was open is complete.
                    if (transactionStart != null && commitTime >= target) {
                        return found(transactionStart, commitTime);
                    }
                    transactionStart = null;
                }
            } else if (transactionStart == null) {
                throw new MysqlException("event of type " + type + " at " + event.position() + " on " + probe.source()
                        + " is not preceded by a GTID event; finding a start position by time needs GTID or anonymous"
                        + " GTID events (MySQL 5.7+, MariaDB 10.0+). Start from a file position instead");
            } else {
                commitTime = Math.max(commitTime, header.timestamp());
            }
            end = event.nextPosition();
        }
        if (transactionStart != null && commitTime >= target) {
            return found(transactionStart, commitTime);
        }
        LOG.info("[source={}] no transaction committed at or after the target yet; starting at the end, {}",
                probe.source(), end);
        return new ResumePoint.AtFile(end);
    }

    private ResumePoint.AtFile found(BinlogPosition position, long commitTime) {
        LOG.info("[source={}] first transaction committed at or after the target starts at {} (committed {})",
                probe.source(), position, Instant.ofEpochSecond(commitTime));
        return new ResumePoint.AtFile(position);
    }

    /** The probe over a real source: each question is a short connection with a non-blocking dump. */
    static final class DumpProbe implements BinlogProbe {
        private final MysqlConnectionConfig config;
        private final ReplicaSettings replica;

        DumpProbe(MysqlConnectionConfig config, ReplicaSettings replica) {
            this.config = config;
            this.replica = replica;
        }

        @Override
        public String source() {
            return config.source();
        }

        @Override
        public List<BinlogFile> files() throws IOException {
            return BinlogFiles.list(config);
        }

        @Override
        public long firstEventTimestamp(String file) throws IOException {
            try (EventSource events = scanFrom(file)) {
                RawBinlogEvent event;
                while ((event = events.next()) != null) {
                    EventHeader header = event.header();
                    if (header.typeCode() == EventType.FORMAT_DESCRIPTION.code()) {
                        return header.timestamp();
                    }
                }
            }
            throw new MysqlProtocolException("binlog file " + file + " on " + config.source()
                    + " sent no format description event");
        }

        @Override
        public EventSource scanFrom(String file) throws IOException {
            MysqlConnection connection = MysqlConnection.open(config);
            try {
                BinlogDump dump = BinlogDump.start(connection, replica,
                        new ResumePoint.AtFile(new BinlogPosition(file, ResumePoint.AtFile.FIRST_EVENT_OFFSET)),
                        BinlogDump.Mode.NON_BLOCKING, false);
                return new EventSource() {
                    @Override
                    public RawBinlogEvent next() throws IOException {
                        return dump.next();
                    }

                    @Override
                    public void close() {
                        dump.close();
                    }
                };
            } catch (IOException | RuntimeException e) {
                connection.abort();
                throw e;
            }
        }
    }
}
