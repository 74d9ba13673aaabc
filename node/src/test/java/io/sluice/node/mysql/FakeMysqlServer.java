package io.sluice.node.mysql;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection server socket that plays a scripted MySQL exchange, for the protocol paths no real server on
 * this machine can exercise (caching_sha2_password exists only in MySQL, and the tests run against MariaDB). It is
 * deliberately dumb: each test script writes and checks the exact packets the protocol documentation describes.
 */
final class FakeMysqlServer implements AutoCloseable {

    /** The server side of one connection. */
    interface Script {
        void play(Session session) throws Exception;
    }

    private final ServerSocket listener;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private FakeMysqlServer(Script script) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(10_000);
                script.play(new Session(socket));
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, "fake-mysql-server");
        thread.setDaemon(true);
        thread.start();
    }

    static FakeMysqlServer start(Script script) throws IOException {
        return new FakeMysqlServer(script);
    }

    int port() {
        return listener.getLocalPort();
    }

    MysqlConnectionConfig.Builder config() {
        return MysqlConnectionConfig.builder("127.0.0.1", port()).user("app").tls(TlsConfig.DISABLED)
                .readTimeout(Duration.ofSeconds(10));
    }

    /** Waits for the script to finish and rethrows what it threw (a failed check on the server side). */
    void awaitScript() throws Exception {
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** Packet I/O with the sequence ids the client expects. */
    static final class Session {
        private final InputStream in;
        private final OutputStream out;
        private int sequence;

        Session(Socket socket) throws IOException {
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        byte[] read() throws IOException {
            byte[] header = in.readNBytes(4);
            if (header.length < 4) {
                throw new EOFException("client closed the connection");
            }
            int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            sequence = ((header[3] & 0xFF) + 1) & 0xFF;
            byte[] payload = in.readNBytes(length);
            if (payload.length < length) {
                throw new EOFException("client closed the connection mid-packet");
            }
            return payload;
        }

        void write(byte[] payload) throws IOException {
            byte[] header = {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
                    (byte) sequence};
            sequence = (sequence + 1) & 0xFF;
            out.write(header);
            out.write(payload);
            out.flush();
        }

        /** A HandshakeV10 with the given capabilities, 20-byte nonce and default plugin. */
        void sendHandshake(String version, int capabilities, byte[] nonce, String plugin) throws IOException {
            sequence = 0;
            write(new PayloadWriter()
                    .u8(10).nulString(version).u32(7)
                    .bytes(java.util.Arrays.copyOf(nonce, 8)).u8(0)
                    .u16(capabilities & 0xFFFF).u8(45).u16(2).u16(capabilities >>> 16)
                    .u8(21).zeros(10)
                    .bytes(java.util.Arrays.copyOfRange(nonce, 8, 20)).u8(0)
                    .nulString(plugin)
                    .toByteArray());
        }

        void sendOk() throws IOException {
            write(new byte[] {0, 0, 0, 2, 0, 0, 0});
        }

        void sendError(int code, String sqlState, String message) throws IOException {
            write(new PayloadWriter().u8(0xFF).u16(code).u8('#').restString(sqlState).restString(message)
                    .toByteArray());
        }

        void sendEof() throws IOException {
            write(new byte[] {(byte) 0xFE, 0, 0, 2, 0});
        }
    }

    /**
     * The fields of a HandshakeResponse41 as the client sent them.
     */
    record Response(int capabilities, String user, byte[] authResponse, String database, String plugin) {

        static Response parse(byte[] payload) {
            io.sluice.node.binlog.ByteReader r = new io.sluice.node.binlog.ByteReader(payload);
            int capabilities = (int) r.u32();
            r.skip(4 + 1 + 23);
            String user = r.nulString(StandardCharsets.UTF_8);
            byte[] auth = (capabilities & CapabilityFlags.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0
                    ? r.lenencBytes() : r.bytes(r.u8());
            String database = (capabilities & CapabilityFlags.CONNECT_WITH_DB) != 0
                    ? r.nulString(StandardCharsets.UTF_8) : "";
            String plugin = r.nulString(StandardCharsets.UTF_8);
            return new Response(capabilities, user, auth, database, plugin);
        }
    }
}
