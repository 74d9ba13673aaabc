package io.sluice.node.tools;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.RowImage;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.mysql.BinlogFile;
import io.sluice.node.mysql.BinlogFiles;
import io.sluice.node.mysql.BinlogStream;
import io.sluice.node.mysql.BinlogStreamConfig;
import io.sluice.node.mysql.MysqlConnectionConfig;
import io.sluice.node.mysql.ReplicaSettings;
import io.sluice.node.mysql.ResumePoint;
import io.sluice.node.mysql.TlsConfig;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.EventSource;
import io.sluice.node.source.FileEventSource;
import io.sluice.node.source.LiveEventSource;

/**
 * Decoder throughput: decodes every column of every row of binlog files or of a live server's binlog into typed
 * values, then prints
 * <pre>RESULT sluice-file events=N rowEvents=N rows=N cells=N bytes=N secs=S cpu=S</pre>
 * (sluice-stream for a live server) and a readable line. events: events handed on (events inside a
 * TRANSACTION_PAYLOAD included); bytes: the sum of the lengths of the events the source stored, checksums
 * included; rows: row changes, an UPDATE pair counting once; cells: non-NULL values decoded; secs: wall time of
 * the decoding; cpu: CPU seconds of the JVM in that time.
 *
 * <pre>
 * DecodeBenchmark [--until FILE:POS] FILE...
 * DecodeBenchmark --stream HOST PORT USER PASSWORD --until FILE:POS
 * </pre>
 */
public final class DecodeBenchmark {
    private long events;
    private long rowEvents;
    private long rows;
    private long cells;
    private long bytes;

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("decode benchmark: " + e.getMessage());
            System.err.println("usage: decode [--until FILE:POS] FILE...\n"
                    + "       decode --stream HOST PORT USER PASSWORD --until FILE:POS");
            System.exit(2);
        }
    }

    private static int run(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(List.of(args));
        BinlogPosition until = null;
        int u = rest.indexOf("--until");
        if (u >= 0) {
            if (u + 1 >= rest.size()) {
                throw new IllegalArgumentException("--until needs FILE:POS");
            }
            until = BinlogPosition.parse(rest.get(u + 1));
            rest.subList(u, u + 2).clear();
        }
        String label;
        EventSource source;
        if (!rest.isEmpty() && rest.get(0).equals("--stream")) {
            if (rest.size() != 5 || until == null) {
                throw new IllegalArgumentException("--stream needs HOST PORT USER PASSWORD and --until FILE:POS");
            }
            label = "sluice-stream";
            source = liveSource(rest.get(1), Integer.parseInt(rest.get(2)), rest.get(3), rest.get(4));
        } else {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("no binlog files given");
            }
            label = "sluice-file";
            source = new FileEventSource(rest.stream().map(Path::of).toList(), until, new BinlogEventDecoder());
        }
        DecodeBenchmark bench = new DecodeBenchmark();
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        bench.drain(source, until);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        System.out.println(bench.result(label, secs, cpu));
        System.out.printf(Locale.ROOT, "%s: %.0f events/s, %.0f rows/s, %.1f MB/s over %.1f MB in %.2f s%n", label,
                bench.events / secs, bench.rows / secs, bench.bytes / secs / 1e6, bench.bytes / 1e6, secs);
        return 0;
    }

    private static EventSource liveSource(String host, int port, String user, String password) throws Exception {
        MysqlConnectionConfig connection = MysqlConnectionConfig.builder(host, port).user(user).password(password)
                .tls(TlsConfig.DISABLED).build();
        List<BinlogFile> files = BinlogFiles.list(connection);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("the source at " + host + ":" + port + " lists no binlog files");
        }
        BinlogPosition first = new BinlogPosition(files.get(0).name(), ResumePoint.AtFile.FIRST_EVENT_OFFSET);
        BinlogStream stream = BinlogStream.open(
                BinlogStreamConfig.of(connection, ReplicaSettings.defaults(65102)), ResumePoint.file(first));
        return new LiveEventSource(stream, new BinlogEventDecoder());
    }

    /** Counts every event before {@code until}; an event ending at or past it is the last one (a live source's end). */
    private void drain(EventSource source, BinlogPosition until) throws Exception {
        try (source) {
            DecodedEvent e;
            while ((e = source.next()) != null) {
                boolean outer = !e.position().isInner();
                if (until != null && outer && until.compareTo(at(e, e.position().offset())) <= 0) {
                    break;
                }
                count(e);
                long end = e.event().header().logPos();
                if (until != null && outer && end > 0 && until.compareTo(at(e, end)) <= 0) {
                    break;
                }
            }
        }
    }

    private static BinlogPosition at(DecodedEvent e, long offset) {
        return new BinlogPosition(e.position().file(), offset);
    }

    private void count(DecodedEvent e) {
        events++;
        if (!e.position().isInner()) {
            bytes += e.event().header().eventSize();
        }
        if (e.event() instanceof RowsEvent r) {
            rowEvents++;
            for (RowsEvent.RowChange change : r.rows()) {
                rows++;
                cells += values(change.before()) + values(change.after());
            }
        }
    }

    private static int values(RowImage image) {
        if (image == null) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < image.columnCount(); i++) {
            if (image.hasValue(i)) {
                n++;
            }
        }
        return n;
    }

    String result(String label, double secs, double cpu) {
        return String.format(Locale.ROOT, "RESULT %s events=%d rowEvents=%d rows=%d cells=%d bytes=%d secs=%.3f cpu=%.3f",
                label, events, rowEvents, rows, cells, bytes, secs, cpu);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
