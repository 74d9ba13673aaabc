package io.sluice.node.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

import io.sluice.common.position.BinlogPosition;

/**
 * The child JVM of {@link StoreCrashIT}: opens a log with {@code fsync} per commit and appends transactions until it
 * is killed. After each commit returns it prints {@code durable N}, N being {@link EventLog#durableSequence()}; a
 * line is printed only once the flush behind it has finished.
 *
 * <p>On start it drops a transaction left unfinished by the previous run (records after the last
 * {@link StoreRecord#TX_END}), as a restarting leader would, and prints {@code opened next N}.
 *
 * <p>Arguments: log directory, seed, mode. Modes:
 * <ul>
 * <li>{@code small}: transactions of one to four records of up to 519 bytes, 64 KB segments;</li>
 * <li>{@code large}: transactions of one or two records of 1 to 8 MB, so that a kill often lands inside the
 * write of a record;</li>
 * <li>{@code tear:N}: as {@code small}, but after N commits it writes the first part of the next record straight
 * into the active segment file, as a write cut short by a power cut would leave it, prints
 * {@code torn at P length L sequence S} and halts without any shutdown.</li>
 * </ul>
 */
public final class CrashingWriter {
    /** Small segments so that kills also land around rolls. */
    static final long SEGMENT_BYTES = 64 * 1024;
    static final long LARGE_SEGMENT_BYTES = 24L * 1024 * 1024;
    static final int LARGE_MIN_PAYLOAD = 1 << 20;
    static final int LARGE_MAX_PAYLOAD = 8 << 20;
    static final int TORN_EXIT_CODE = 77;

    private CrashingWriter() {
    }

    static EventLogConfig config(DurabilityPolicy durability) {
        return new EventLogConfig(SEGMENT_BYTES, Long.MAX_VALUE,
                new SegmentConfig(1024, 1 << 20, Clock.systemUTC()), durability);
    }

    static EventLogConfig largeConfig(DurabilityPolicy durability) {
        return new EventLogConfig(LARGE_SEGMENT_BYTES, Long.MAX_VALUE,
                new SegmentConfig(4096, LARGE_MAX_PAYLOAD + 4096, Clock.systemUTC()), durability);
    }

    /** The payload of {@code sequence}: 8..519 bytes, a function of the sequence only. */
    static byte[] payload(long sequence) {
        SplittableRandom random = new SplittableRandom(sequence * 0x9E3779B97F4A7C15L + 17);
        byte[] bytes = new byte[8 + random.nextInt(512)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        ByteBuffer.wrap(bytes).putLong(0, sequence);
        return bytes;
    }

    /** The payload of {@code sequence} in mode {@code large}: 1..8 MB, a function of the sequence only. */
    static byte[] largePayload(long sequence) {
        SplittableRandom random = new SplittableRandom(sequence * 0x9E3779B97F4A7C15L + 29);
        byte[] bytes = new byte[LARGE_MIN_PAYLOAD + random.nextInt(LARGE_MAX_PAYLOAD - LARGE_MIN_PAYLOAD)];
        ByteBuffer fill = ByteBuffer.wrap(bytes);
        while (fill.remaining() >= Long.BYTES) {
            fill.putLong(random.nextLong());
        }
        ByteBuffer.wrap(bytes).putLong(0, sequence);
        return bytes;
    }

    static BinlogPosition binlogPosition(long sequence) {
        return new BinlogPosition("mysql-bin.000001", 4 + sequence * 10);
    }

    static long commitTime(long sequence) {
        return 1_600_000_000_000L + sequence;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        String mode = args.length > 2 ? args[2] : "small";
        boolean large = mode.equals("large");
        int commitsBeforeTear = mode.startsWith("tear:") ? Integer.parseInt(mode.substring(5)) : -1;
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        EventLogConfig config = large ? largeConfig(DurabilityPolicy.perCommit())
                : config(DurabilityPolicy.perCommit());
        EventLog eventLog = EventLog.open(dir, config);
        long lastEnd = eventLog.nextSequence() - 1;
        while (lastEnd >= eventLog.firstSequence()) {
            Optional<StoreRecord> record = eventLog.read(lastEnd);
            if (record.orElseThrow().endsTransaction()) {
                break;
            }
            lastEnd--;
        }
        if (lastEnd + 1 < eventLog.nextSequence()) {
            eventLog.truncateFrom(lastEnd + 1);
        }
        out.println("opened next " + eventLog.nextSequence());
        out.flush();
        for (int commits = 0; ; commits++) {
            if (commits == commitsBeforeTear) {
                tear(dir, eventLog.nextSequence(), random, out);
            }
            int records = large ? 1 + random.nextInt(2) : 1 + random.nextInt(4);
            for (int i = 0; i < records; i++) {
                long sequence = eventLog.nextSequence();
                int flags = (i == 0 ? StoreRecord.TX_BEGIN : 0) | (i == records - 1 ? StoreRecord.TX_END : 0);
                eventLog.append(flags, commitTime(sequence), binlogPosition(sequence), "",
                        ByteBuffer.wrap(large ? largePayload(sequence) : payload(sequence)));
            }
            // One write per line: a kill cannot leave half a number that parses.
            out.println("durable " + eventLog.durableSequence());
            out.flush();
        }
    }

    /**
     * Writes a prefix of the record {@code sequence} would get at the end of the last segment, forces it, reports
     * it and halts: the file then ends exactly as a write cut short by a crash leaves it. The log's own channel is
     * not used, so the log's state in this process cannot paper over anything.
     */
    private static void tear(Path dir, long sequence, Random random, PrintStream out) throws IOException {
        byte[] payload = payload(sequence);
        ByteBuffer header = RecordFormat.encodeHeader(sequence, StoreRecord.TX_BEGIN | StoreRecord.TX_END,
                commitTime(sequence), binlogPosition(sequence).file().getBytes(StandardCharsets.UTF_8),
                binlogPosition(sequence).offset(), new byte[0], ByteBuffer.wrap(payload));
        ByteBuffer record = ByteBuffer.allocate(header.remaining() + payload.length).put(header).put(payload).flip();
        int length = 1 + random.nextInt(record.remaining() - 1);
        record.limit(length);
        List<Long> bases = SegmentFiles.listSegments(dir);
        Path last = SegmentFiles.logFile(dir, bases.get(bases.size() - 1));
        long position;
        try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
            position = channel.size();
            while (record.hasRemaining()) {
                channel.write(record, position + record.position());
            }
            channel.force(false);
        }
        out.println("torn at " + position + " length " + length + " sequence " + sequence);
        out.flush();
        Runtime.getRuntime().halt(TORN_EXIT_CODE);
    }
}
