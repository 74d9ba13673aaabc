package io.sluice.node.tools;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;

import io.sluice.common.protocol.Ack;
import io.sluice.common.protocol.ClientAck;
import io.sluice.common.protocol.ClientAuth;
import io.sluice.common.protocol.Compression;
import io.sluice.common.protocol.Get;
import io.sluice.common.protocol.Handshake;
import io.sluice.common.protocol.Messages;
import io.sluice.common.protocol.Packet;
import io.sluice.common.protocol.PacketType;
import io.sluice.common.protocol.Sub;

/**
 * A minimal blocking canal client for benchmarks, on a plain socket: handshake, login, subscribe, then get and ack.
 * Frames are a 4-byte big-endian length and a {@link Packet}, as canal's client writes them. Answers are parsed
 * without copying the entries (they alias the frame, which is never reused), so the client costs little next to the
 * server it measures. Keeps a split of where a get's time went ({@link Timings}).
 *
 * <p>Not thread-safe: one thread per client.
 */
final class ServeClient implements Closeable {
    /** Longest answer accepted: the server's largest batch (32 MiB by default) and room for the envelope. */
    static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;
    private static final int MAGIC = 17;
    private static final int VERSION = 1;
    private static final int MILLISECONDS = 2;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Timings timings = new Timings();
    private String destination = "";
    private String clientId = "";

    /** Connects and reads the server's handshake. */
    ServeClient(String host, int port) throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(60_000);
            socket.connect(new InetSocketAddress(host, port), 10_000);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 8 * 1024));
            Packet handshake = read();
            expect(handshake, PacketType.HANDSHAKE, "the handshake");
            if (Handshake.parseFrom(handshake.getBody()).getSeeds().isEmpty()) {
                throw new IOException("server at " + socket.getRemoteSocketAddress() + " sent a handshake without "
                        + "a seed");
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Logs in. The password is empty: a server without configured users accepts anyone (canal's client would send
     * the lower-case hex of scramble411(password, seed)).
     */
    void login(String user) throws IOException {
        ClientAuth auth = ClientAuth.newBuilder().setUsername(user).setPassword(ByteString.EMPTY)
                .setNetReadTimeout(3_600_000).setNetWriteTimeout(3_600_000).build();
        write(PacketType.CLIENTAUTHENTICATION, auth.toByteString());
        expectOk(read(), "login of user " + user);
    }

    /** Subscribes {@code clientId} to {@code destination}; {@code filter} is canal's table regex list, "" for all. */
    void subscribe(String destination, String clientId, String filter) throws IOException {
        write(PacketType.SUBSCRIPTION, Sub.newBuilder().setDestination(destination).setClientId(clientId)
                .setFilter(filter).build().toByteString());
        expectOk(read(), "subscription of client " + clientId + " to " + destination);
        this.destination = destination;
        this.clientId = clientId;
    }

    /**
     * Gets the next batch of at most {@code fetchSize} entries.
     *
     * @param timeoutMillis the Get's timeout: -1 answers at once with what is there (canal's client without a timeout)
     * @return the batch; id -1 and no entries if there was nothing to get
     */
    Batch get(int fetchSize, long timeoutMillis) throws IOException {
        long started = System.nanoTime();
        write(PacketType.GET, Get.newBuilder().setDestination(destination).setClientId(clientId)
                .setFetchSize(fetchSize).setTimeout(timeoutMillis).setUnit(MILLISECONDS).setAutoAck(false).build()
                .toByteString());
        int length = readLength();
        long firstByte = System.nanoTime();
        byte[] frame = new byte[length];
        in.readFully(frame);
        long received = System.nanoTime();
        Packet packet = parse(frame);
        expect(packet, PacketType.MESSAGES, "a GET");
        CodedInputStream body = packet.getBody().newCodedInput();
        body.enableAliasing(true);
        Messages messages = Messages.parseFrom(body);
        long parsed = System.nanoTime();
        timings.gets++;
        timings.frameBytes += 4L + length;
        timings.serverNanos += firstByte - started;
        timings.transferNanos += received - firstByte;
        timings.parseNanos += parsed - received;
        return new Batch(messages.getBatchId(), messages.getMessagesList());
    }

    /** Acknowledges a batch; the server answers only if it refuses, and that answer is read by the next get. */
    void ack(long batchId) throws IOException {
        long started = System.nanoTime();
        write(PacketType.CLIENTACK, ClientAck.newBuilder().setDestination(destination).setClientId(clientId)
                .setBatchId(batchId).build().toByteString());
        timings.ackNanos += System.nanoTime() - started;
    }

    Timings timings() {
        return timings;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void write(PacketType type, ByteString body) throws IOException {
        byte[] packet = Packet.newBuilder().setMagicNumber(MAGIC).setVersion(VERSION).setType(type)
                .setCompression(Compression.NONE).setBody(body).build().toByteArray();
        out.writeInt(packet.length);
        out.write(packet);
        out.flush();
    }

    private Packet read() throws IOException {
        byte[] frame = new byte[readLength()];
        in.readFully(frame);
        return parse(frame);
    }

    private int readLength() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new EOFException("server at " + socket.getRemoteSocketAddress() + " closed the connection");
        }
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("server at " + socket.getRemoteSocketAddress() + " sent a frame length of "
                    + length + " bytes; the limit is " + MAX_FRAME_BYTES);
        }
        return length;
    }

    /** The frame is not reused, so the packet's body may alias it. */
    private static Packet parse(byte[] frame) throws IOException {
        CodedInputStream input = UnsafeByteOperations.unsafeWrap(frame).newCodedInput();
        input.enableAliasing(true);
        Packet packet = Packet.parseFrom(input);
        if (packet.getMagicNumber() != MAGIC || packet.getVersion() != VERSION) {
            throw new InvalidProtocolBufferException("answer of " + frame.length + " bytes has magic "
                    + packet.getMagicNumber() + " and version " + packet.getVersion() + "; canal's are " + MAGIC
                    + " and " + VERSION);
        }
        return packet;
    }

    private static void expect(Packet packet, PacketType type, String request) throws IOException {
        if (packet.getType() == type) {
            return;
        }
        if (packet.getType() == PacketType.ACK) {
            Ack ack = Ack.parseFrom(packet.getBody());
            throw new IOException("server refused " + request + ": error " + ack.getErrorCode() + ": "
                    + ack.getErrorMessage());
        }
        throw new IOException("server answered " + request + " with a " + packet.getType() + " packet, expected "
                + type);
    }

    private static void expectOk(Packet packet, String request) throws IOException {
        expect(packet, PacketType.ACK, request);
        Ack ack = Ack.parseFrom(packet.getBody());
        if (ack.getErrorCode() != 0) {
            throw new IOException("server refused " + request + ": error " + ack.getErrorCode() + ": "
                    + ack.getErrorMessage());
        }
    }

    /**
     * One batch as received.
     *
     * @param id      the batch id, -1 for an empty answer
     * @param entries the serialized canal entries, in order
     */
    record Batch(long id, List<ByteString> entries) {
    }

    /**
     * Where the gets' time went, seen from the client: until the answer's first bytes arrived (sending the get, the
     * server reading the store and encoding the batch), reading the rest of the frame, parsing it; and sending acks.
     */
    static final class Timings {
        long gets;
        long frameBytes;
        long serverNanos;
        long transferNanos;
        long parseNanos;
        long ackNanos;

        void add(Timings other) {
            gets += other.gets;
            frameBytes += other.frameBytes;
            serverNanos += other.serverNanos;
            transferNanos += other.transferNanos;
            parseNanos += other.parseNanos;
            ackNanos += other.ackNanos;
        }
    }
}
