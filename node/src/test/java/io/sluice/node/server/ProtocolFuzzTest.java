package io.sluice.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alibaba.otter.canal.client.CanalConnectors;
import com.alibaba.otter.canal.client.impl.SimpleCanalConnector;
import com.alibaba.otter.canal.protocol.Message;
import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;

import io.sluice.common.protocol.ClientAck;
import io.sluice.common.protocol.ClientAuth;
import io.sluice.common.protocol.ClientRollback;
import io.sluice.common.protocol.Get;
import io.sluice.common.protocol.Packet;
import io.sluice.common.protocol.PacketType;
import io.sluice.common.protocol.Sub;
import io.sluice.testkit.Await;

/**
 * Seeded random and mutated packets against a running server; afterwards a well-behaved canal client must still be
 * served exactly, and the server must have answered or closed every bad connection.
 */
class ProtocolFuzzTest {
    private static final long SEED = 20240611L;
    private static final int CONNECTIONS = 300;

    @TempDir
    Path dir;
    private TestDestination destination;
    private ClientServer server;

    @BeforeEach
    void setUp() throws Exception {
        destination = new TestDestination("example", dir.resolve("log"));
        for (int i = 0; i < 20; i++) {
            destination.appendTransaction(TestEntries.transaction(100 * (i + 1), "shop", "orders", "v" + i));
        }
        server = new ClientServer(ClientServerConfig.builder().host("127.0.0.1").port(0).maxFrameBytes(64 * 1024)
                .loginTimeoutMillis(2_000).build(),
                name -> name.equals("example") ? Optional.of(destination) : Optional.empty(), new MetricRegistry());
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        destination.close();
    }

    @Test
    void randomAndMutatedPacketsNeverBreakTheServer() throws Exception {
        Random random = new Random(SEED);
        int packets = 0;
        for (int c = 0; c < CONNECTIONS; c++) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
                socket.setSoTimeout(2_000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                readFrame(in); // handshake
                boolean login = random.nextInt(4) != 0;
                if (login) {
                    writePacket(out, Packet.newBuilder().setType(PacketType.CLIENTAUTHENTICATION)
                            .setBody(ClientAuth.newBuilder().setUsername("u").build().toByteString()).build());
                    readFrame(in);
                }
                int count = 5 + random.nextInt(20);
                for (int i = 0; i < count && !socket.isClosed(); i++) {
                    packets++;
                    try {
                        sendOne(random, out);
                    } catch (IOException closedByServer) {
                        break;
                    }
                }
                drain(in);
            }
        }
        assertTrue(packets > 2_000, "sent " + packets + " packets");
        assertTrue(Await.poll(Duration.ofSeconds(10), () -> server.openConnections() == 0),
                "every fuzzed connection was closed; open: " + server.openConnections());

        SimpleCanalConnector client = (SimpleCanalConnector) CanalConnectors.newSingleConnector(
                new InetSocketAddress("127.0.0.1", server.port()), "example", "", "");
        client.setLazyParseEntry(true);
        client.connect();
        client.subscribe();
        client.rollback();
        // Fuzzed acks under client 1001 may have acknowledged some batches: the client resumes at the cursor.
        Long cursor = destination.cursor("1001");
        long start = cursor == null ? 0 : cursor;
        Message message = client.getWithoutAck(1000);
        List<ByteString> entries = message.getRawEntries();
        assertEquals(60 - start, entries.size(), "entries after cursor " + start);
        client.ack(message.getId());
        assertEquals(-1, client.getWithoutAck(10).getId());
        client.disconnect();
    }

    private void sendOne(Random random, DataOutputStream out) throws IOException {
        switch (random.nextInt(8)) {
            case 0 -> { // random bytes in a frame
                byte[] junk = new byte[random.nextInt(200)];
                random.nextBytes(junk);
                out.writeInt(junk.length);
                out.write(junk);
            }
            case 1 -> { // a huge or negative length
                out.writeInt(random.nextBoolean() ? Integer.MAX_VALUE - random.nextInt(1000) : -1 - random.nextInt(9));
                out.write(new byte[16]);
            }
            case 2 -> // wrong magic or version
                writePacket(out, Packet.newBuilder().setType(PacketType.GET).setMagicNumber(random.nextInt(40))
                        .setVersion(random.nextInt(4)).setBody(get(random).toByteString()).build());
            case 3 -> { // a valid packet with bytes flipped
                byte[] bytes = validPacket(random).toByteArray();
                for (int i = 0; i < 1 + random.nextInt(3) && bytes.length > 0; i++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
                out.writeInt(bytes.length);
                out.write(bytes);
            }
            case 4 -> { // an unknown or unused packet type with a random body
                byte[] body = new byte[random.nextInt(30)];
                random.nextBytes(body);
                writePacket(out, Packet.newBuilder().setTypeValue(random.nextInt(20)).setBody(ByteString.copyFrom(body))
                        .build());
            }
            default -> writePacket(out, validPacket(random)); // well-formed, in any order
        }
        out.flush();
    }

    private static Packet validPacket(Random random) {
        String client = random.nextInt(3) == 0 ? "" : String.valueOf(1001 + random.nextInt(2));
        String dest = random.nextInt(5) == 0 ? "nowhere" : "example";
        return switch (random.nextInt(5)) {
            case 0 -> Packet.newBuilder().setType(PacketType.SUBSCRIPTION).setBody(Sub.newBuilder().setDestination(dest)
                    .setClientId(client).setFilter(random.nextBoolean() ? "" : "shop\\..*,(bad").build()
                    .toByteString()).build();
            case 1 -> Packet.newBuilder().setType(PacketType.GET).setBody(get(random).toByteString()).build();
            case 2 -> Packet.newBuilder().setType(PacketType.CLIENTACK).setBody(ClientAck.newBuilder()
                    .setDestination(dest).setClientId(client).setBatchId(batchId(random)).build().toByteString())
                    .build();
            case 3 -> Packet.newBuilder().setType(PacketType.CLIENTROLLBACK).setBody(ClientRollback.newBuilder()
                    .setDestination(dest).setClientId(client).setBatchId(batchId(random)).build().toByteString())
                    .build();
            default -> Packet.newBuilder().setType(PacketType.UNSUBSCRIPTION).setBody(ByteString.EMPTY).build();
        };
    }

    private static long batchId(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> random.nextLong();
            default -> BatchIds.of(1 + random.nextInt(2), 1 + random.nextInt(1000));
        };
    }

    private static Get get(Random random) {
        return Get.newBuilder().setDestination("example").setClientId(String.valueOf(1001 + random.nextInt(2)))
                .setFetchSize(random.nextInt(10) - 2).setTimeout(random.nextBoolean() ? -1 : random.nextInt(20))
                .setUnit(random.nextInt(9)).build();
    }

    private static void writePacket(DataOutputStream out, Packet packet) throws IOException {
        byte[] bytes = packet.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    /** Reads answers until the server closes the connection or stays quiet; never waits longer than the timeout. */
    private static void drain(DataInputStream in) {
        try {
            while (true) {
                readFrame(in);
            }
        } catch (IOException endOrQuiet) {
            // closed by the server, or nothing more within the socket timeout
        }
    }
}
