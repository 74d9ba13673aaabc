/**
 * The replication connection to a MySQL or MariaDB source: the first stage of the data path. It speaks the client
 * protocol over a blocking socket, logs in, checks that the source can feed change data capture, dumps the binlog
 * and hands raw events on; decoding them is the {@code binlog} package's job.
 *
 * <h2>Layers, bottom up</h2>
 * <ul>
 * <li>{@link io.sluice.node.mysql.PacketChannel} frames packets (length, sequence id, 16 MiB chunking, a size
 * limit); {@link io.sluice.node.mysql.PayloadWriter} and {@code ByteReader} build and read payloads.</li>
 * <li>{@link io.sluice.node.mysql.MysqlConnection} does the handshake, optional TLS
 * ({@link io.sluice.node.mysql.TlsUpgrade}), authentication ({@link io.sluice.node.mysql.Authenticator} with one
 * {@link io.sluice.node.mysql.AuthPlugin} per method: mysql_native_password, caching_sha2_password, MariaDB's
 * client_ed25519, mysql_clear_password) and text-protocol queries.</li>
 * <li>{@link io.sluice.node.mysql.SourcePreflight} checks the source's configuration and privileges and returns a
 * {@link io.sluice.node.mysql.SourceDescription}.</li>
 * <li>{@link io.sluice.node.mysql.BinlogDump} registers as a replica and dumps from a
 * {@link io.sluice.node.mysql.ResumePoint} (file position, MySQL GTID set, MariaDB GTID position), yielding
 * {@link io.sluice.node.mysql.RawBinlogEvent}s and tracking the position after each
 * ({@link io.sluice.node.mysql.PositionTracker}). {@link io.sluice.node.mysql.StartPositionResolver} turns "latest"
 * and a timestamp into a file position first.</li>
 * <li>{@link io.sluice.node.mysql.BinlogStream} runs a dump in its own thread into a byte-bounded queue, reconnects
 * with backoff, and resumes where the consumer's last complete transaction ended; its class comment states the
 * consumer's contract. Events go from the socket straight into reusable {@link io.sluice.node.mysql.EventSlabs},
 * which the consumer gives back by releasing each event once decoded.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Plain {@link java.io.IOException}s mean the network failed and a reconnect may help. The
 * {@link io.sluice.node.mysql.MysqlException} family means something a reconnect will not cure by itself:
 * {@link io.sluice.node.mysql.MysqlServerException} (code, SQL state, message; retried only for codes that mean "this
 * connection ended"), {@link io.sluice.node.mysql.BinlogUnavailableException} (error 1236 explained),
 * {@link io.sluice.node.mysql.PreflightException}, {@link io.sluice.node.mysql.MysqlAuthenticationException},
 * {@link io.sluice.node.mysql.MysqlTlsException} and {@link io.sluice.node.mysql.MysqlProtocolException}. Every
 * message names the source ({@code host:port}) and, where there is one, the fix.
 */
package io.sluice.node.mysql;
