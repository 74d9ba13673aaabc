package io.sluice.node.mysql;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.position.BinlogPosition;

/**
 * One binlog dump over a connection it takes over: prepares the session (checksums, heartbeats, MariaDB capability
 * and GTID state), registers as a replica, sends COM_BINLOG_DUMP or COM_BINLOG_DUMP_GTID, then yields raw events,
 * each with where it starts and where the next one does.
 *
 * <p>A blocking dump waits for new events forever (heartbeats keep an idle connection alive and the read timeout
 * detects a dead one). A non-blocking dump ends with {@link #next()} returning null when it reaches the end of the
 * binlog.
 *
 * <p>Not thread-safe, except {@link #abort()}, which any thread may call to make a blocked {@link #next()} fail.
 */
public final class BinlogDump implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(BinlogDump.class);

    /** Whether the dump waits at the end of the binlog. */
    public enum Mode {
        /** Wait for new events. */
        BLOCKING,
        /** End at the current end of the binlog ({@link #next()} returns null). */
        NON_BLOCKING
    }

    private final MysqlConnection connection;
    private final ResumePoint start;
    private final PositionTracker tracker;
    private final Mode mode;
    private boolean ended;

    private BinlogDump(MysqlConnection connection, ResumePoint start, Mode mode) {
        this.connection = connection;
        this.start = start;
        this.mode = mode;
        BinlogPosition known = start instanceof ResumePoint.AtFile f ? f.position() : null;
        this.tracker = new PositionTracker(known, connection.source());
    }

    /**
     * Prepares the session and sends the dump command. Errors about the start position (error 1236) come with the
     * first {@link #next()}.
     *
     * @param register whether to send COM_REGISTER_SLAVE first (so the source lists us among its replicas);
     *                 short probing dumps skip it
     * @throws MysqlException if the start position does not suit the source's flavor, or a session variable is
     *                        refused
     */
    public static BinlogDump start(MysqlConnection connection, ReplicaSettings replica, ResumePoint from, Mode mode,
                                   boolean register) throws IOException {
        Objects.requireNonNull(from, "from");
        ServerVersion version = connection.serverVersion();
        SourceDialect dialect = new SourceDialect(version);
        requireFlavorFits(from, version, connection.source());

        connection.execute(dialect.checksumHandshake());
        if (mode == Mode.BLOCKING) {
            connection.execute(dialect.heartbeat(replica.heartbeatPeriod().toNanos()));
        }
        if (version.isMariaDb()) {
            connection.execute(SourceDialect.MARIADB_CAPABILITY);
        }
        if (from instanceof ResumePoint.AtMariaDbGtids gtids) {
            connection.execute("SET @slave_connect_state = '" + gtids.position() + "'");
            connection.execute("SET @slave_gtid_strict_mode = " + (replica.mariaDbGtidStrictMode() ? 1 : 0));
            connection.execute("SET @slave_gtid_ignore_duplicates = " + (replica.mariaDbGtidIgnoreDuplicates() ? 1 : 0));
        }
        if (register) {
            registerReplica(connection, replica);
        }

        int flags = 0;
        if (mode == Mode.NON_BLOCKING) {
            flags |= DumpCommands.BINLOG_DUMP_NON_BLOCK;
        }
        if (replica.annotateRows() && version.isMariaDb()) {
            flags |= DumpCommands.BINLOG_SEND_ANNOTATE_ROWS_EVENT;
        }
        // A non-blocking probe identifies as server id 0, as mysqlbinlog does: a source drops an older dump with the
        // same non-zero id, and a probe must never disturb a running stream.
        long serverId = mode == Mode.NON_BLOCKING && !register ? 0 : replica.serverId();
        byte[] command = dumpCommand(from, flags, serverId);
        PacketChannel channel = connection.channel();
        connection.startDumping();
        channel.resetSequence();
        channel.writePayload(command);
        if (mode == Mode.BLOCKING) {
            connection.readTimeout(replica.eventReadTimeout());
        }
        LOG.info("[source={}] binlog dump started from {} as replica server id {} ({}{})", connection.source(), from,
                serverId, mode, register ? ", registered" : "");
        return new BinlogDump(connection, from, mode);
    }

    private static byte[] dumpCommand(ResumePoint from, int flags, long serverId) {
        if (from instanceof ResumePoint.AtFile f) {
            return DumpCommands.binlogDump(f.position(), flags, serverId);
        }
        if (from instanceof ResumePoint.AtMysqlGtids g) {
            return DumpCommands.binlogDumpGtid(flags, serverId, g.executed().encode());
        }
        // MariaDB GTID: the start comes from @slave_connect_state; the file name must be empty.
        return DumpCommands.binlogDump("", ResumePoint.AtFile.FIRST_EVENT_OFFSET, flags, serverId);
    }

    private static void requireFlavorFits(ResumePoint from, ServerVersion version, String source)
            throws MysqlException {
        if (from instanceof ResumePoint.AtMysqlGtids g) {
            if (version.isMariaDb()) {
                throw new MysqlException("cannot start from MySQL GTID set " + g.executed() + ": source " + source
                        + " is " + version + ", whose GTIDs look like 0-1-17; start from a MariaDB GTID position or a"
                        + " file position");
            }
            if (g.executed().hasTags() && !version.atLeast(8, 3, 0)) {
                throw new MysqlException("GTID set " + g.executed() + " has tags, which " + version + " at " + source
                        + " does not know (tagged GTIDs need MySQL 8.3+)");
            }
        }
        if (from instanceof ResumePoint.AtMariaDbGtids g && version.isMysql()) {
            throw new MysqlException("cannot start from MariaDB GTID position " + g.position() + ": source " + source
                    + " is " + version + "; start from a MySQL GTID set or a file position");
        }
    }

    private static void registerReplica(MysqlConnection connection, ReplicaSettings replica) throws IOException {
        PacketChannel channel = connection.channel();
        channel.resetSequence();
        channel.writePayload(DumpCommands.registerSlave(replica.serverId(), replica.reportHost(), replica.reportPort()));
        byte[] answer = channel.readPayload();
        if (ServerPackets.isErr(answer)) {
            MysqlServerException error = ServerPackets.error(answer, connection.source());
            throw new MysqlServerException(error.source(), error.code(), error.sqlState(), error.serverMessage(),
                    "registering as replica server id " + replica.serverId() + " with " + connection.source()
                            + " failed: " + error.serverMessage() + " (error " + error.code() + "); the user needs"
                            + " REPLICATION SLAVE");
        }
        if (!ServerPackets.isOk(answer)) {
            throw ServerPackets.unexpected(answer, "OK to COM_REGISTER_SLAVE", connection.source());
        }
    }

    /**
     * The next event, blocking until one arrives.
     *
     * @return the event, or null when a non-blocking dump reached the end of the binlog
     * @throws BinlogUnavailableException if the source cannot send from the start position
     * @throws MysqlServerException       for other errors the source sends
     * @throws IOException                if the connection fails or times out
     */
    public RawBinlogEvent next() throws IOException {
        return next(null);
    }

    /**
     * {@link #next()}, reading small events into {@code slabs} (null: each into an array of its own). The event is
     * read straight to its final place, without the OK byte, and is not copied again on its way to the decoder.
     */
    RawBinlogEvent next(EventSlabs slabs) throws IOException {
        if (ended) {
            return null;
        }
        PacketChannel.Payload payload = connection.channel().readPayloadAfter(ServerPackets.OK, slabs);
        if (payload.marked()) {
            try {
                PositionTracker.Span span = tracker.advance(payload.array(), payload.offset(), payload.length());
                return new RawBinlogEvent(payload.array(), payload.offset(), payload.length(), span.start(),
                        span.next(), payload.slab());
            } catch (IOException | RuntimeException e) {
                if (payload.slab() != null) {
                    payload.slab().release();
                }
                throw e;
            }
        }
        byte[] packet = payload.bytes();
        switch (ServerPackets.first(packet)) {
            case ServerPackets.ERR:
                MysqlServerException error = ServerPackets.error(packet, connection.source());
                throw DumpErrorTranslator.translate(error, start, () -> BinlogFiles.list(connection.config()));
            case ServerPackets.EOF:
                if (ServerPackets.isEof(packet)) {
                    if (mode == Mode.BLOCKING) {
                        throw new EOFException("source " + connection.source() + " ended a blocking binlog"
                                + " dump with EOF (at " + tracker.current() + "); it may be shutting down");
                    }
                    ended = true;
                    return null;
                }
                throw ServerPackets.unexpected(packet, "a binlog event, EOF or ERR", connection.source());
            default:
                throw ServerPackets.unexpected(packet, "a binlog event, EOF or ERR", connection.source());
        }
    }

    /** The position after the last event returned; null before the first event of a GTID dump. */
    public BinlogPosition position() {
        return tracker.current();
    }

    public ResumePoint startedFrom() {
        return start;
    }

    public String source() {
        return connection.source();
    }

    /** Closes the connection (and with it the dump). */
    @Override
    public void close() {
        connection.abort();
    }

    /** From any thread: makes a blocked {@link #next()} fail at once. */
    public void abort() {
        connection.abort();
    }
}
