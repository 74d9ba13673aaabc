package io.sluice.node.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.store.DurabilityPolicy;
import io.sluice.node.store.EventLog;
import io.sluice.node.store.EventLogConfig;
import io.sluice.node.store.StoreRecord;

/**
 * Event store throughput on one disk, next to a raw sequential write of the same bytes in the same run:
 * <ul>
 * <li>append with a flush (fsync) every 100 ms, and with a flush at every transaction commit;</li>
 * <li>a plain FileChannel writing the same number of bytes with the same fsync cadence (the baseline);</li>
 * <li>1, 4 and 16 tailing readers following a writer.</li>
 * </ul>
 * Prints one {@code RESULT} line per run and the ratios to the baseline.
 *
 * <pre>StoreBenchmark DIR [RECORDS=200000] [PAYLOAD_BYTES=512] [RECORDS_PER_TRANSACTION=10]</pre>
 */
public final class StoreBenchmark {
    private static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path dir;
    private final int records;
    private final byte[] payload;
    private final int perTransaction;

    private StoreBenchmark(Path dir, int records, int payloadBytes, int perTransaction) {
        this.dir = dir;
        this.records = records;
        this.payload = new byte[payloadBytes];
        new Random(42).nextBytes(payload);
        this.perTransaction = perTransaction;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: store DIR [RECORDS=200000] [PAYLOAD_BYTES=512] [RECORDS_PER_TRANSACTION=10]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int payloadBytes = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        int perTransaction = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Files.createDirectories(dir);
        new StoreBenchmark(dir, records, payloadBytes, perTransaction).run();
    }

    private void run() throws Exception {
        // Per-commit fsync is far slower: a tenth of the records keeps the run short.
        int commitRecords = Math.max(perTransaction, records / 10);
        Result rawInterval = raw("raw-fsync-100ms", records, false);
        Result logInterval = append("store-fsync-100ms", records, false);
        Result rawCommit = raw("raw-fsync-commit", commitRecords, true);
        Result logCommit = append("store-fsync-commit", commitRecords, true);
        List<Result> readers = new ArrayList<>();
        for (int n : new int[] {1, 4, 16}) {
            readers.add(tail(n));
        }
        for (Result r : List.of(rawInterval, logInterval, rawCommit, logCommit)) {
            System.out.println(r.line());
        }
        readers.forEach(r -> System.out.println(r.line()));
        System.out.printf(Locale.ROOT, "append, fsync every 100 ms: %.1f MB/s, %.0f records/s = %.2f x raw write (%.1f MB/s)%n",
                logInterval.mbPerSec(), logInterval.recordsPerSec(), logInterval.mbPerSec() / rawInterval.mbPerSec(),
                rawInterval.mbPerSec());
        System.out.printf(Locale.ROOT, "append, fsync per commit:    %.1f MB/s, %.0f records/s = %.2f x raw write (%.1f MB/s)%n",
                logCommit.mbPerSec(), logCommit.recordsPerSec(), logCommit.mbPerSec() / rawCommit.mbPerSec(),
                rawCommit.mbPerSec());
        for (Result r : readers) {
            System.out.printf(Locale.ROOT, "%s: %.1f MB/s read in all = %.2f x raw write%n", r.label(), r.mbPerSec(),
                    r.mbPerSec() / rawInterval.mbPerSec());
        }
    }

    /** The baseline: the same bytes (records at their stored size) written sequentially with the same fsyncs. */
    private Result raw(String label, int count, boolean fsyncPerCommit) throws IOException {
        Path file = fresh("raw").resolve("raw.bin");
        int recordBytes = payload.length + 64;
        ByteBuffer buf = ByteBuffer.allocate(recordBytes);
        long bytes = 0;
        long start = System.nanoTime();
        long lastSync = start;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int i = 0; i < count; i++) {
                buf.clear();
                buf.put(payload);
                buf.position(0).limit(recordBytes);
                while (buf.hasRemaining()) {
                    bytes += ch.write(buf);
                }
                boolean commit = (i + 1) % perTransaction == 0;
                long now = System.nanoTime();
                if (fsyncPerCommit ? commit : now - lastSync >= INTERVAL_NANOS) {
                    ch.force(false);
                    lastSync = now;
                }
            }
            ch.force(false);
        }
        return new Result(label, count, bytes, System.nanoTime() - start);
    }

    /** Appends through the log's own durability policy: fsync every 100 ms, or at every transaction commit. */
    private Result append(String label, int count, boolean fsyncPerCommit) throws IOException {
        Path logDir = fresh("log");
        EventLogConfig config = EventLogConfig.defaults()
                .withDurability(fsyncPerCommit ? DurabilityPolicy.perCommit() : DurabilityPolicy.interval(100));
        long start = System.nanoTime();
        long bytes;
        try (EventLog log = EventLog.open(logDir, config)) {
            for (int i = 0; i < count; i++) {
                appendOne(log, i);
            }
            log.flush();
            bytes = directoryBytes(logDir);
        }
        return new Result(label, count, bytes, System.nanoTime() - start);
    }

    private void appendOne(EventLog log, int i) throws IOException {
        int inTransaction = i % perTransaction;
        int flags = (inTransaction == 0 ? StoreRecord.TX_BEGIN : 0)
                | (inTransaction == perTransaction - 1 ? StoreRecord.TX_END : 0);
        log.append(flags, System.currentTimeMillis(), new BinlogPosition("mysql-bin.000001", 4L + 600L * i),
                "0-1-" + (i / perTransaction + 1), ByteBuffer.wrap(payload));
    }

    /** {@code n} readers tail a writer that appends every record (fsync every 100 ms), each reading them all. */
    private Result tail(int n) throws Exception {
        Path logDir = fresh("tail");
        AtomicLong readBytes = new AtomicLong();
        long start = System.nanoTime();
        try (EventLog log = EventLog.open(logDir, EventLogConfig.defaults().withDurability(DurabilityPolicy.interval(100)))) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                EventLog.LogReader reader = log.reader(0);
                Thread t = new Thread(() -> {
                    try {
                        for (int seen = 0; seen < records; ) {
                            StoreRecord rec = reader.next(10, TimeUnit.SECONDS);
                            if (rec == null) {
                                throw new IllegalStateException("reader waited 10 s for record " + seen);
                            }
                            readBytes.addAndGet(rec.sizeInBytes());
                            seen++;
                        }
                    } catch (Exception | Error e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "bench-reader-" + r);
                t.start();
                threads.add(t);
            }
            for (int i = 0; i < records; i++) {
                appendOne(log, i);
            }
            for (Thread t : threads) {
                t.join();
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a reader failed", failures.get(0));
            }
        }
        return new Result("store-tail-" + n + "-readers", (long) records * n, readBytes.get(), System.nanoTime() - start);
    }

    private Path fresh(String name) throws IOException {
        Path p = dir.resolve(name);
        if (Files.exists(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        return Files.createDirectories(p);
    }

    private static long directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long sum = 0;
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                sum += Files.size(f);
            }
            return sum;
        }
    }

    private record Result(String label, long records, long bytes, long nanos) {
        double secs() {
            return nanos / 1e9;
        }

        double mbPerSec() {
            return bytes / secs() / 1e6;
        }

        double recordsPerSec() {
            return records / secs();
        }

        String line() {
            return String.format(Locale.ROOT, "RESULT %s records=%d bytes=%d secs=%.3f mbps=%.1f recps=%.0f", label,
                    records, bytes, secs(), mbPerSec(), recordsPerSec());
        }
    }
}
