package io.sluice.node.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

import io.sluice.common.position.BinlogPosition;

/**
 * The child JVM of {@link StoreCrashIT}: opens a log with {@code fsync} per commit and appends transactions of one
 * to four records until it is killed. After each commit returns it prints {@code durable N}, N being
 * {@link EventLog#durableSequence()}; a line is printed only once the flush behind it has finished.
 *
 * <p>On start it drops a transaction left unfinished by the previous run (records after the last
 * {@link StoreRecord#TX_END}), as a restarting leader would, and prints {@code opened next N}.
 *
 * <p>Arguments: log directory, seed for transaction sizes.
 */
public final class CrashingWriter {
    /** Small segments so that kills also land around rolls. */
    static final long SEGMENT_BYTES = 64 * 1024;

    private CrashingWriter() {
    }

    static EventLogConfig config(DurabilityPolicy durability) {
        return new EventLogConfig(SEGMENT_BYTES, Long.MAX_VALUE,
                new SegmentConfig(1024, 1 << 20, Clock.systemUTC()), durability);
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

    static BinlogPosition binlogPosition(long sequence) {
        return new BinlogPosition("mysql-bin.000001", 4 + sequence * 10);
    }

    static long commitTime(long sequence) {
        return 1_600_000_000_000L + sequence;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Random random = new Random(Long.parseLong(args[1]));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        EventLog eventLog = EventLog.open(dir, config(DurabilityPolicy.perCommit()));
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
        while (true) {
            int records = 1 + random.nextInt(4);
            for (int i = 0; i < records; i++) {
                long sequence = eventLog.nextSequence();
                int flags = (i == 0 ? StoreRecord.TX_BEGIN : 0) | (i == records - 1 ? StoreRecord.TX_END : 0);
                eventLog.append(flags, commitTime(sequence), binlogPosition(sequence), "",
                        ByteBuffer.wrap(payload(sequence)));
            }
            // One write per line: a kill cannot leave half a number that parses.
            out.println("durable " + eventLog.durableSequence());
            out.flush();
        }
    }
}
