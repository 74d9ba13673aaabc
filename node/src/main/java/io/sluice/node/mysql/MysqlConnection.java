package io.sluice.node.mysql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.node.binlog.BinlogFormatException;
import io.sluice.node.binlog.ByteReader;

/**
 * One authenticated client connection to a MySQL or MariaDB server over a blocking socket: handshake, optional TLS,
 * authentication, then text-protocol queries, or a binlog dump (see {@link BinlogDump}), which takes the connection
 * over for good.
 *
 * <p>Not thread-safe: one thread uses it at a time. The exception is {@link #abort()}, which any thread may call to
 * break a blocked read (that is how a stream's {@code close()} stops its reader promptly).
 */
public final class MysqlConnection implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(MysqlConnection.class);

    private static final int COM_QUIT = 0x01;
    private static final int COM_QUERY = 0x03;
    private static final int COM_PING = 0x0E;
    private static final int SOCKET_BUFFER = 64 * 1024;

    private final MysqlConnectionConfig config;
    private final Socket socket;
    private final PacketChannel channel;
    private final ServerHandshake handshake;
    private final ServerVersion version;
    private final String authPlugin;
    private final boolean tls;
    private volatile boolean closed;
    /** Set once a binlog dump owns the connection: from then on the server only streams events. */
    private boolean dumping;

    private MysqlConnection(MysqlConnectionConfig config, Socket socket, PacketChannel channel,
                            ServerHandshake handshake, ServerVersion version, String authPlugin, boolean tls) {
        this.config = config;
        this.socket = socket;
        this.channel = channel;
        this.handshake = handshake;
        this.version = version;
        this.authPlugin = authPlugin;
        this.tls = tls;
    }

    /**
     * Connects, negotiates TLS as configured and logs in.
     *
     * @throws ConnectException             if the TCP connection cannot be made (retrying may help)
     * @throws MysqlServerException         if the server refuses (1045: wrong user or password; 1040: too many
     *                                      connections)
     * @throws MysqlAuthenticationException if we refuse the authentication method the server asks for
     * @throws MysqlTlsException            if TLS is required but impossible or the certificate is refused
     * @throws MysqlProtocolException       if the server does not speak protocol 4.1
     */
    public static MysqlConnection open(MysqlConnectionConfig config) throws IOException {
        Socket socket = connectSocket(config);
        try {
            return handshake(config, socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static Socket connectSocket(MysqlConnectionConfig config) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            socket.setSoTimeout((int) config.readTimeout().toMillis());
            return socket;
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            ConnectException failure = new ConnectException("cannot resolve source host '" + config.host() + "'");
            failure.initCause(e);
            throw failure;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            ConnectException failure = new ConnectException("cannot connect to " + config.source() + " within "
                    + config.connectTimeout().toMillis() + " ms (connectTimeout)");
            failure.initCause(e);
            throw failure;
        } catch (IOException e) {
            closeQuietly(socket);
            ConnectException failure = new ConnectException("cannot connect to " + config.source() + ": "
                    + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private static MysqlConnection handshake(MysqlConnectionConfig config, Socket plain) throws IOException {
        String source = config.source();
        PacketChannel channel = new PacketChannel(new BufferedInputStream(plain.getInputStream(), SOCKET_BUFFER),
                new BufferedOutputStream(plain.getOutputStream(), SOCKET_BUFFER), source, config.maxPacketSize());
        byte[] first = channel.readPayload();
        if (ServerPackets.isErr(first)) {
            throw ServerPackets.error(first, source);
        }
        ServerHandshake hello = ServerHandshake.parse(first, source);
        ServerVersion version;
        try {
            version = ServerVersion.parse(hello.serverVersion());
        } catch (IllegalArgumentException e) {
            throw new MysqlProtocolException("server " + source + " announced version '" + hello.serverVersion()
                    + "', which does not look like MySQL or MariaDB", e);
        }
        if ((hello.capabilities() & CapabilityFlags.REQUIRED) != CapabilityFlags.REQUIRED) {
            throw new MysqlProtocolException("server " + source + " (" + hello.serverVersion() + ") does not offer"
                    + " protocol 4.1 with secure authentication; sluice needs MySQL 5.0+ or MariaDB");
        }
        int capabilities = CapabilityFlags.WANTED & hello.capabilities();
        if (!config.database().isEmpty() && hello.has(CapabilityFlags.CONNECT_WITH_DB)) {
            capabilities |= CapabilityFlags.CONNECT_WITH_DB;
        }

        Socket socket = plain;
        boolean useTls = decideTls(config, hello);
        if (useTls) {
            capabilities |= CapabilityFlags.SSL;
            channel.writePayload(HandshakeResponse.sslRequest(capabilities, config.maxPacketSize()));
            SSLSocket secured = TlsUpgrade.upgrade(plain, config.host(), config.port(), config.tls());
            channel.replaceStreams(new BufferedInputStream(secured.getInputStream(), SOCKET_BUFFER),
                    new BufferedOutputStream(secured.getOutputStream(), SOCKET_BUFFER));
            socket = secured;
        }

        AuthContext auth = new AuthContext(config.user(), config.password(), useTls, config.serverPublicKeyFile(),
                config.allowPublicKeyRetrieval(), source);
        AuthPlugin plugin = Authenticator.initialPlugin(hello, auth);
        byte[] response = plugin.start(hello.scramble());
        channel.writePayload(HandshakeResponse.response(capabilities, config.maxPacketSize(), config.user(), response,
                config.database(), plugin.name(), config.connectAttributes()));
        String usedPlugin = new Authenticator(channel, auth, plugin).finish();
        MysqlConnection connection = new MysqlConnection(config, socket, channel, hello, version, usedPlugin, useTls);
        LOG.debug("[source={}] connected as '{}' to {} (connection id {}, plugin {}, TLS {})", source, config.user(),
                hello.serverVersion(), hello.connectionId(), usedPlugin, useTls ? "on" : "off");
        return connection;
    }

    private static boolean decideTls(MysqlConnectionConfig config, ServerHandshake hello) throws MysqlTlsException {
        TlsMode mode = config.tls().mode();
        boolean offered = hello.has(CapabilityFlags.SSL);
        if (mode == TlsMode.DISABLED) {
            return false;
        }
        if (!offered && mode.mandatory()) {
            throw new MysqlTlsException("TLS mode " + mode + " needs TLS, but server " + config.source() + " ("
                    + hello.serverVersion() + ") does not offer it; configure ssl_cert and ssl_key on the server, or"
                    + " lower the TLS mode to PREFERRED or DISABLED");
        }
        return offered;
    }

    /** {@code host:port} of the server. */
    public String source() {
        return config.source();
    }

    public MysqlConnectionConfig config() {
        return config;
    }

    /** The version string the server announced in its handshake. */
    public String serverVersionText() {
        return handshake.serverVersion();
    }

    /** Flavor and version numbers, from the handshake. */
    public ServerVersion serverVersion() {
        return version;
    }

    /** The server's id for this connection ({@code CONNECTION_ID()}). */
    public long connectionId() {
        return handshake.connectionId();
    }

    /** The authentication plugin that succeeded. */
    public String authPlugin() {
        return authPlugin;
    }

    public boolean tlsActive() {
        return tls;
    }

    /**
     * Runs one statement and reads its whole result.
     *
     * @throws MysqlServerException if the statement fails; the message quotes it
     */
    public QueryResult query(String sql) throws IOException {
        requireCommandPhase(sql);
        channel.resetSequence();
        byte[] command = new PayloadWriter().u8(COM_QUERY).restString(sql).toByteArray();
        channel.writePayload(command);
        byte[] first = channel.readPayload();
        switch (ServerPackets.first(first)) {
            case ServerPackets.OK:
                return QueryResult.ofUpdate(ServerPackets.ok(first, source()).affectedRows());
            case ServerPackets.ERR:
                throw failed(ServerPackets.error(first, source()), sql);
            case ServerPackets.LOCAL_INFILE:
                throw new MysqlProtocolException("server " + source() + " asked to upload a local file for '" + sql
                        + "'; sluice never sends local files");
            default:
                return readResultSet(first, sql);
        }
    }

    /** Runs a statement that returns no rows (SET, CREATE...), returning the affected-row count. */
    public long execute(String sql) throws IOException {
        return query(sql).affectedRows();
    }

    /** COM_PING: checks that the server still answers. */
    public void ping() throws IOException {
        requireCommandPhase("COM_PING");
        channel.resetSequence();
        channel.writePayload(new byte[] {COM_PING});
        byte[] answer = channel.readPayload();
        if (ServerPackets.isErr(answer)) {
            throw ServerPackets.error(answer, source());
        }
        if (!ServerPackets.isOk(answer)) {
            throw ServerPackets.unexpected(answer, "OK to COM_PING", source());
        }
    }

    /** Sets how long a read waits before failing with {@link SocketTimeoutException}. */
    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** The packet layer, for the binlog dump that takes this connection over. */
    PacketChannel channel() {
        return channel;
    }

    /** Called by {@link BinlogDump} when it sends the dump command; queries are refused from then on. */
    void startDumping() {
        dumping = true;
    }

    private void requireCommandPhase(String what) {
        if (closed) {
            throw new IllegalStateException("connection to " + source() + " is closed; cannot run " + what);
        }
        if (dumping) {
            throw new IllegalStateException("connection to " + source() + " is streaming a binlog dump and cannot run "
                    + what + "; open another connection");
        }
    }

    /**
     * Says goodbye (COM_QUIT) and closes the socket. Safe to call more than once; never throws, because a connection
     * being closed is usually one we are done with or one that already failed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (dumping) {
            abort(); // the server is streaming; a COM_QUIT would sit unread behind the events
            return;
        }
        try {
            channel.resetSequence();
            channel.writePayload(new byte[] {COM_QUIT});
        } catch (IOException | RuntimeException e) {
            // The server may be gone already; closing the socket is all that is left to do.
        }
        abort();
    }

    /** Closes the socket at once, from any thread; a read blocked on it fails with an IOException. */
    public void abort() {
        closed = true;
        closeQuietly(socket);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "MysqlConnection[" + source() + ", id=" + handshake.connectionId() + ", " + handshake.serverVersion()
                + "]";
    }

    private QueryResult readResultSet(byte[] first, String sql) throws IOException {
        int columnCount;
        try {
            columnCount = (int) new ByteReader(first).lenencInt();
        } catch (BinlogFormatException e) {
            throw new MysqlProtocolException("malformed column count from " + source() + " for '" + sql + "'", e);
        }
        List<String> columns = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            columns.add(columnName(channel.readPayload(), sql));
        }
        byte[] eof = channel.readPayload();
        if (!ServerPackets.isEof(eof)) {
            throw ServerPackets.unexpected(eof, "EOF after the column definitions of '" + sql + "'", source());
        }
        List<QueryResult.Row> rows = new ArrayList<>();
        while (true) {
            byte[] packet = channel.readPayload();
            if (ServerPackets.isEof(packet)) {
                return new QueryResult(columns, rows, 0);
            }
            if (ServerPackets.isErr(packet)) {
                throw failed(ServerPackets.error(packet, source()), sql);
            }
            rows.add(new QueryResult.Row(columns, rowValues(packet, columnCount, sql)));
        }
    }

    /** Protocol::ColumnDefinition41: catalog, schema, table, org_table, name, ... ; only the name is kept. */
    private String columnName(byte[] definition, String sql) throws MysqlProtocolException {
        try {
            ByteReader r = new ByteReader(definition);
            for (int i = 0; i < 4; i++) {
                r.lenencBytes();
            }
            return new String(r.lenencBytes(), StandardCharsets.UTF_8);
        } catch (BinlogFormatException e) {
            throw new MysqlProtocolException("malformed column definition from " + source() + " for '" + sql + "': "
                    + e.getMessage(), e);
        }
    }

    private List<String> rowValues(byte[] packet, int columnCount, String sql) throws MysqlProtocolException {
        try {
            ByteReader r = new ByteReader(packet);
            List<String> values = new ArrayList<>(columnCount);
            for (int i = 0; i < columnCount; i++) {
                if (!r.hasRemaining()) {
                    throw new MysqlProtocolException("row from " + source() + " for '" + sql + "' has " + i
                            + " values, expected " + columnCount);
                }
                if ((r.array()[r.arrayOffset()] & 0xFF) == 0xFB) {
                    r.skip(1);
                    values.add(null);
                } else {
                    values.add(new String(r.lenencBytes(), StandardCharsets.UTF_8));
                }
            }
            return values;
        } catch (BinlogFormatException e) {
            throw new MysqlProtocolException("malformed row from " + source() + " for '" + sql + "'", e);
        }
    }

    private MysqlServerException failed(MysqlServerException error, String sql) {
        return new MysqlServerException(error.source(), error.code(), error.sqlState(), error.serverMessage(),
                error.getMessage() + " [statement: " + sql + "]");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing useful to do: the socket is unusable either way.
        }
    }
}
