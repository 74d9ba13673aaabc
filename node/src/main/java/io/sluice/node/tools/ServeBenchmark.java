package io.sluice.node.tools;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.codahale.metrics.MetricRegistry;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import io.sluice.common.protocol.Compression;
import io.sluice.common.protocol.Messages;
import io.sluice.common.protocol.Packet;
import io.sluice.common.protocol.PacketType;
import io.sluice.node.server.ClientServer;
import io.sluice.node.server.ClientServerConfig;
import io.sluice.node.store.DurabilityPolicy;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.EventLogConfig;
import io.sluice.node.store.StoreRecord;

/**
 * How fast the client server hands stored entries to canal clients, next to reading the same records straight from
 * the store in the same run:
 * <ul>
 * <li>fills an {@link EventLog} with realistic canal entries ({@link ServeEntries});</li>
 * <li>baseline: one {@link EventLog.LogReader} reads every record from sequence 0;</li>
 * <li>the same read, with every batch of 1000 payloads encoded into a Messages packet as the server encodes its
 * answers (how much of the serving cost is the encoding);</li>
 * <li>a {@link ClientServer} on 127.0.0.1 serves the log, and 1, then CLIENTS blocking clients
 * ({@link ServeClient}, distinct client ids, all at once) each get (batches of 1000, timeout -1) and ack every
 * record; one more single client subscribes with a table filter that keeps every entry, which makes the server
 * decode each entry's header.</li>
 * </ul>
 * Each run prints a {@code run} line (entries, payload bytes, wall and CPU seconds, GC milliseconds); then the
 * client-side split of a get's time, and one {@code RESULT} line with each run's entries/s as a ratio to the baseline.
 * Everything runs in one JVM, so the clients and the server share the machine's cores.
 *
 * <pre>ServeBenchmark DIR [RECORDS=200000] [CLIENTS=4]</pre>
 */
public final class ServeBenchmark {
    static final String DESTINATION = "bench";
    static final int FETCH_SIZE = 1000;
    /** A subscribe filter that keeps every entry {@link ServeEntries} writes. */
    static final String FILTER = "shop\\..*";
    /** Names of the server's threads (ClientServer): requests run on workers, sockets on Netty's I/O loops. */
    private static final String WORKER_THREADS = "sluice-client-worker-";
    private static final String IO_THREADS = "sluice-client-io-";

    private final Path dir;
    private final int records;
    private final int clients;

    private ServeBenchmark(Path dir, int records, int clients) {
        this.dir = dir;
        this.records = records;
        this.clients = clients;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: serve DIR [RECORDS=200000] [CLIENTS=4]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        if (records < 1 || clients < 1) {
            System.err.println("serve: RECORDS and CLIENTS must be at least 1, got " + records + " and " + clients);
            System.exit(2);
        }
        Files.createDirectories(dir);
        new ServeBenchmark(dir, records, clients).run();
    }

    private void run() throws Exception {
        Path logDir = fresh(dir.resolve("log"));
        try (EventLog log = EventLog.open(logDir, EventLogConfig.defaults().withDurability(DurabilityPolicy.os()))) {
            long fillStart = System.nanoTime();
            long payloadBytes = new ServeEntries(42).fill(log, records);
            log.flush();
            System.out.printf(Locale.ROOT, "filled %s: %d records, %d payload bytes (%.0f bytes per entry) in %.1f s%n",
                    logDir, records, payloadBytes, (double) payloadBytes / records,
                    (System.nanoTime() - fillStart) / 1e9);

            readAndEncode(log); // JIT and page cache; not reported
            Result read = storeRead(log);
            Result encode = readAndEncode(log);

            ServeDestination destination = new ServeDestination(DESTINATION, log);
            ClientServer server = new ClientServer(ClientServerConfig.builder().host("127.0.0.1").port(0).build(),
                    name -> name.equals(DESTINATION) ? Optional.of(destination) : Optional.empty(),
                    new MetricRegistry());
            server.start();
            try {
                serve(server.port(), "warm-up", List.of("1000"), "", Math.max(1, records / 4));
                Result one = serve(server.port(), "serve-1-client", List.of("1"), "", records);
                // Accepts every entry, but makes the server decode each entry's header.
                Result filtered = serve(server.port(), "serve-1-client-filter", List.of("2"), FILTER, records);
                List<String> ids = new ArrayList<>();
                for (int i = 1; i <= clients; i++) {
                    ids.add(Integer.toString(10 + i));
                }
                Result many = serve(server.port(), "serve-" + clients + "-clients", ids, "", records);
                report(read, encode, one, filtered, many);
            } finally {
                server.close();
            }
        }
    }

    /** The baseline: one reader, every record from sequence 0, the payload bytes counted. */
    private Result storeRead(EventLog log) throws Exception {
        Meter meter = new Meter();
        long entries = 0;
        long bytes = 0;
        EventLog.LogReader reader = log.reader(0);
        for (int i = 0; i < records; i++) {
            StoreRecord record = next(reader, i);
            bytes += record.payload().remaining();
            entries++;
        }
        return meter.result("store-read", entries, bytes, null);
    }

    /**
     * The baseline's read, plus what the server does to answer a get: the payloads of 1000 records wrapped without a
     * copy, a Messages body serialized, and a Packet around it serialized to the frame's bytes. Counts payload bytes,
     * as the other runs do.
     */
    private Result readAndEncode(EventLog log) throws Exception {
        Meter meter = new Meter();
        long bytes = 0;
        long frames = 0;
        EventLog.LogReader reader = log.reader(0);
        List<ByteString> batch = new ArrayList<>(FETCH_SIZE);
        for (int i = 0; i < records; i++) {
            StoreRecord record = next(reader, i);
            bytes += record.payload().remaining();
            batch.add(UnsafeByteOperations.unsafeWrap(record.payload()));
            if (batch.size() == FETCH_SIZE || i == records - 1) {
                Messages body = Messages.newBuilder().setBatchId(i).addAllMessages(batch).build();
                byte[] frame = Packet.newBuilder().setMagicNumber(17).setVersion(1).setType(PacketType.MESSAGES)
                        .setCompression(Compression.NONE).setBody(body.toByteString()).build().toByteArray();
                frames += frame.length;
                batch.clear();
            }
        }
        if (frames < bytes) {
            throw new IllegalStateException("encoded " + frames + " frame bytes for " + bytes + " payload bytes");
        }
        return meter.result("store-read+encode", records, bytes, null);
    }

    private StoreRecord next(EventLog.LogReader reader, int i) throws Exception {
        StoreRecord record = reader.next(0, TimeUnit.SECONDS);
        if (record == null) {
            throw new IllegalStateException("the log ended at record " + i + " of " + records);
        }
        return record;
    }

    /**
     * {@code ids.size()} clients at once, each getting and acknowledging {@code perClient} entries from the start.
     *
     * @param filter the clients' subscribe filter, "" for none
     */
    private Result serve(int port, String label, List<String> ids, String filter, int perClient) throws Exception {
        List<ClientRun> runs = new ArrayList<>();
        Map<Long, Long> serverThreadsBefore = serverThreadCpu();
        Meter meter = new Meter();
        for (String id : ids) {
            ClientRun run = new ClientRun(port, id, filter, perClient);
            run.thread.start();
            runs.add(run);
        }
        long entries = 0;
        long bytes = 0;
        long clientCpu = 0;
        ServeClient.Timings timings = new ServeClient.Timings();
        for (ClientRun run : runs) {
            run.thread.join();
            clientCpu += run.cpuNanos;
            if (run.failure != null) {
                throw new IllegalStateException("client " + run.id + " failed after " + run.entries + " entries",
                        run.failure);
            }
            entries += run.entries;
            bytes += run.bytes;
            timings.add(run.timings);
        }
        Result result = meter.result(label, entries, bytes, timings);
        long[] server = new long[2];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            int kind = info.getThreadName().startsWith(WORKER_THREADS) ? 0
                    : info.getThreadName().startsWith(IO_THREADS) ? 1 : -1;
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (kind >= 0 && cpu >= 0) {
                server[kind] += cpu - serverThreadsBefore.getOrDefault(info.getThreadId(), 0L);
            }
        }
        System.out.printf(Locale.ROOT, "%s, CPU seconds by thread: server workers (store reads, batches, encoding) "
                + "%.2f, Netty I/O (socket writes) %.2f, clients %.2f, the rest (GC, JIT, ...) %.2f of %.2f%n", label,
                server[0] / 1e9, server[1] / 1e9, clientCpu / 1e9,
                (result.cpuNanos() - server[0] - server[1] - clientCpu) / 1e9, result.cpuNanos() / 1e9);
        return result;
    }

    /** CPU time so far of the server's worker and Netty I/O threads, by thread id. */
    private static Map<Long, Long> serverThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith(WORKER_THREADS)
                    || info.getThreadName().startsWith(IO_THREADS))) {
                cpu.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    /**
     * Logs in, subscribes with {@code filter} and gets until {@code wanted} entries arrived, acknowledging every batch.
     *
     * @return the client's timings; {@code sink} sees every entry in order
     */
    static ServeClient.Timings readEntries(int port, String clientId, String filter, int wanted, int fetchSize,
            EntrySink sink) throws Exception {
        try (ServeClient client = new ServeClient("127.0.0.1", port)) {
            client.login("bench");
            client.subscribe(DESTINATION, clientId, filter);
            int received = 0;
            int emptyInARow = 0;
            while (received < wanted) {
                ServeClient.Batch batch = client.get(fetchSize, -1);
                if (batch.id() == -1) {
                    if (++emptyInARow > 100) {
                        throw new IllegalStateException("client " + clientId + ": 100 empty batches in a row after "
                                + received + " of " + wanted + " entries");
                    }
                    Thread.sleep(10);
                    continue;
                }
                emptyInARow = 0;
                for (ByteString entry : batch.entries()) {
                    sink.accept(entry);
                }
                received += batch.entries().size();
                client.ack(batch.id());
            }
            return client.timings();
        }
    }

    /** What a benchmark client does with each entry it gets. */
    @FunctionalInterface
    interface EntrySink {
        void accept(ByteString entry) throws Exception;
    }

    private void report(Result read, Result encode, Result one, Result filtered, Result many) {
        for (Result r : List.of(read, encode, one, filtered, many)) {
            System.out.println(r.line());
        }
        System.out.printf(Locale.ROOT, "store read (baseline): %.1f MB/s, %.0f entries/s, %.2f CPU us per entry%n",
                read.mbPerSec(), read.entriesPerSec(), read.cpuMicrosPerEntry());
        for (Result r : List.of(encode, one, filtered, many)) {
            System.out.printf(Locale.ROOT, "%s: %.1f MB/s, %.0f entries/s = %.2f x store read; %.2f CPU us per entry "
                    + "= %.2f x%n", r.label(), r.mbPerSec(), r.entriesPerSec(),
                    r.entriesPerSec() / read.entriesPerSec(), r.cpuMicrosPerEntry(),
                    r.cpuMicrosPerEntry() / read.cpuMicrosPerEntry());
        }
        for (Result r : List.of(one, many)) {
            ServeClient.Timings t = r.timings();
            double total = t.serverNanos + t.transferNanos + t.parseNanos + t.ackNanos;
            System.out.printf(Locale.ROOT, "%s, client time per get (%d gets, %.0f KB frames): until the first byte "
                    + "%.2f ms (%.0f %%), rest of the frame %.2f ms (%.0f %%), parse %.2f ms (%.0f %%), ack %.2f ms "
                    + "(%.0f %%)%n", r.label(), t.gets, t.frameBytes / 1e3 / t.gets,
                    t.serverNanos / 1e6 / t.gets, 100 * t.serverNanos / total,
                    t.transferNanos / 1e6 / t.gets, 100 * t.transferNanos / total,
                    t.parseNanos / 1e6 / t.gets, 100 * t.parseNanos / total,
                    t.ackNanos / 1e6 / t.gets, 100 * t.ackNanos / total);
        }
        System.out.printf(Locale.ROOT, "RESULT serve records=%d bytes=%d clients=%d read-mbps=%.1f read-entps=%.0f "
                        + "encode=%.2f serve-1=%.2f serve-1-filter=%.2f serve-%d=%.2f%n", records, read.bytes(),
                clients, read.mbPerSec(), read.entriesPerSec(), encode.entriesPerSec() / read.entriesPerSec(),
                one.entriesPerSec() / read.entriesPerSec(), filtered.entriesPerSec() / read.entriesPerSec(), clients,
                many.entriesPerSec() / read.entriesPerSec());
    }

    private static Path fresh(Path p) throws Exception {
        if (Files.exists(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        return Files.createDirectories(p);
    }

    /** One benchmark client on a thread of its own. */
    private static final class ClientRun {
        final String id;
        final Thread thread;
        volatile long entries;
        volatile long bytes;
        volatile ServeClient.Timings timings;
        volatile Throwable failure;
        volatile long cpuNanos;

        ClientRun(int port, String id, String filter, int wanted) {
            this.id = id;
            this.thread = new Thread(() -> {
                try {
                    long[] counts = new long[2];
                    timings = readEntries(port, id, filter, wanted, FETCH_SIZE, entry -> {
                        counts[0]++;
                        counts[1] += entry.size();
                    });
                    entries = counts[0];
                    bytes = counts[1];
                } catch (Exception | Error e) {
                    failure = e;
                } finally {
                    cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                }
            }, "bench-client-" + id);
        }
    }

    /** Wall time, the JVM's CPU time and its GC time from construction on. */
    private static final class Meter {
        private final long startNanos = System.nanoTime();
        private final long startCpu = cpuNanos();
        private final long startGc = gcMillis();

        Result result(String label, long entries, long bytes, ServeClient.Timings timings) {
            return new Result(label, entries, bytes, System.nanoTime() - startNanos, cpuNanos() - startCpu,
                    gcMillis() - startGc, timings);
        }

        private static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long gcMillis() {
            long sum = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                sum += Math.max(0, gc.getCollectionTime());
            }
            return sum;
        }
    }

    private record Result(String label, long entries, long bytes, long nanos, long cpuNanos, long gcMillis,
            ServeClient.Timings timings) {
        double secs() {
            return nanos / 1e9;
        }

        double mbPerSec() {
            return bytes / secs() / 1e6;
        }

        double entriesPerSec() {
            return entries / secs();
        }

        /** CPU time of the whole JVM (server, clients, JIT, GC) per entry delivered. */
        double cpuMicrosPerEntry() {
            return cpuNanos / 1e3 / entries;
        }

        String line() {
            return String.format(Locale.ROOT, "run %s entries=%d bytes=%d secs=%.3f cpu=%.3f gc-ms=%d mbps=%.1f "
                    + "entps=%.0f", label, entries, bytes, secs(), cpuNanos / 1e9, gcMillis, mbPerSec(),
                    entriesPerSec());
        }
    }
}
