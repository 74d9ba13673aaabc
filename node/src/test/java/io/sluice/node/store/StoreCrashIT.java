package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Await;
import io.sluice.testkit.JvmProcess;

/**
 * Kills a child JVM appending with {@code fsync} per commit ({@link CrashingWriter}) at random moments, then reopens
 * the log here: every sequence the child reported durable is there with its exact payload, every record up to the
 * end reads with a good CRC (a torn tail is cut by recovery and reported), and the next child continues the same
 * log from the next sequence.
 *
 * <p>SIGKILL leaves the page cache alone: with small records the kill almost never lands inside a write, so the
 * first test proves that nothing reported durable is lost by the process dying. The other two make the tail torn
 * for real: 1–8 MB records, so that kills land in the middle of a record's write, and a child that writes part of
 * a record straight into the segment and halts, where recovery must cut exactly that part and say so. Losing the
 * page cache (power cut) is what the {@code fsync} before each report is for, and is not simulated here.
 */
class StoreCrashIT {
    private static final int ROUNDS = 24;
    private static final int LARGE_ROUNDS = 10;
    private static final int TEAR_ROUNDS = 12;
    private static final long SEED = 0x5EED_C0DEL;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** What the log holds after a round, carried into the next round's checks. */
    private static final class Progress {
        long expectedNext;
        long verifiedUpTo;
        int tornTails;
    }

    @Test
    void reportedDurableRecordsSurviveSigkill() throws Exception {
        Path logDir = dir.resolve("log");
        Random random = new Random(SEED);
        Progress progress = new Progress();
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            // Kill once the child has reported this many more commits: 0 (right after opening) up to ~2000.
            int commitsBeforeKill = random.nextInt(8) == 0 ? 0 : random.nextInt(2000);
            killRound(logDir, "small", round, commitsBeforeKill, random.nextLong(), progress);
        }
        System.out.printf("%d rounds in %d ms, %d torn tails cut%n", ROUNDS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), progress.tornTails);
        try (EventLog eventLog = EventLog.open(logDir, CrashingWriter.config(DurabilityPolicy.os()))) {
            assertTrue(eventLog.nextSequence() > 0, "the children appended nothing");
            assertTrue(eventLog.segmentCount() > 1, "the children never rolled a segment");
        }
    }

    @Test
    void killsInsideLargeRecordWritesLoseNothingReportedDurable() throws Exception {
        Path logDir = dir.resolve("large");
        Random random = new Random(SEED + 1);
        Progress progress = new Progress();
        long started = System.nanoTime();
        for (int round = 0; round < LARGE_ROUNDS; round++) {
            killRound(logDir, "large", round, random.nextInt(6), random.nextLong(), progress);
        }
        System.out.printf("%d rounds with 1-8 MB records in %d ms, %d torn tails cut%n", LARGE_ROUNDS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), progress.tornTails);
        // Each kill follows the start of a multi-megabyte write; about half land inside it (6 of 10 when written),
        // so none in ten rounds means the kills no longer reach the write at all.
        assertTrue(progress.tornTails >= 1, "no kill in " + LARGE_ROUNDS + " rounds landed inside a record's write");
    }

    @Test
    void partialRecordLeftByACrashIsCutExactlyAndReported() throws Exception {
        Path logDir = dir.resolve("tear");
        Path outputs = Files.createDirectories(dir.resolve("tear-outputs"));
        Random random = new Random(SEED + 2);
        Progress progress = new Progress();
        for (int round = 0; round < TEAR_ROUNDS; round++) {
            int commitsBeforeTear = random.nextInt(4) == 0 ? 0 : random.nextInt(400);
            String output;
            try (JvmProcess child = startChild(logDir, "tear:" + commitsBeforeTear, random.nextLong(),
                    outputs.resolve("round-" + round + ".out"))) {
                assertEquals(CrashingWriter.TORN_EXIT_CODE, child.waitFor(PROGRESS_TIMEOUT), child.output());
                output = child.output();
            }
            String torn = lineStartingWith(output, "torn at ");
            String[] fields = torn.split(" ");
            long position = Long.parseLong(fields[2]);
            long length = Long.parseLong(fields[4]);
            long sequence = Long.parseLong(fields[6]);
            long opened = Long.parseLong(lineStartingWith(output, "opened next ").substring("opened next ".length()));
            long reportedDurable = lastDurable(output);
            assertEquals(commitsBeforeTear == 0 ? opened : reportedDurable + 1, sequence,
                    "the tear follows the last commit: " + torn);

            try (EventLog eventLog = EventLog.open(logDir, CrashingWriter.config(DurabilityPolicy.os()))) {
                RecoveryReport report = eventLog.lastRecovery().orElseThrow();
                String context = "round " + round + ", " + torn + ": " + report;
                assertTrue(report.truncated(), context);
                assertEquals(position, report.firstBadPosition(), context);
                assertEquals(position, report.bytesKept(), context);
                assertEquals(length, report.bytesCut(), context);
                assertEquals(1, report.recordsCut(), context);
                assertTrue(report.toString().contains("cut 1 records (" + length + " bytes) from position "
                        + position), report.toString());
                assertEquals(sequence, eventLog.nextSequence(), context);
                verifyRecords(eventLog, progress.verifiedUpTo, sequence, CrashingWriter::payload, round);
                progress.verifiedUpTo = sequence;
                progress.tornTails++;
            }
        }
        assertEquals(TEAR_ROUNDS, progress.tornTails);
    }

    /** One child in {@code mode}, killed with SIGKILL after {@code commitsBeforeKill} reports; then the checks. */
    private void killRound(Path logDir, String mode, int round, int commitsBeforeKill, long seed, Progress progress)
            throws IOException, InterruptedException {
        boolean large = mode.equals("large");
        Path outputs = Files.createDirectories(dir.resolve(mode + "-outputs"));
        long reportedDurable;
        try (JvmProcess child = startChild(logDir, mode, seed, outputs.resolve("round-" + round + ".out"))) {
            child.awaitOutput("opened next ", START_TIMEOUT);
            long opened = Long.parseLong(lineStartingWith(child.output(), "opened next ")
                    .substring("opened next ".length()).trim());
            assertTrue(opened <= progress.expectedNext, "round " + round + ": child opened at " + opened
                    + " but the previous reopen found records up to " + (progress.expectedNext - 1));
            boolean progressed = Await.poll(PROGRESS_TIMEOUT,
                    () -> durableLines(child.output()) >= commitsBeforeKill || !child.isAlive());
            assertTrue(progressed && child.isAlive(), "round " + round + ": child did not report "
                    + commitsBeforeKill + " commits in " + PROGRESS_TIMEOUT + ":\n" + child.output());
            if (large) {
                // Kill as soon as the next record's write has started: the file grows page by page while the
                // kernel copies a multi-megabyte write, so this lands inside the write more often than not.
                // Await.poll's interval is far longer than a write, so this spins, bounded by the same timeout.
                Tail atReport = tail(logDir);
                long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
                while (atReport.equals(tail(logDir)) && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            child.kill();
            assertEquals(JvmProcess.SIGKILL_EXIT_CODE, child.waitFor(Duration.ofSeconds(10)));
            reportedDurable = lastDurable(child.output());
        }

        EventLogConfig config = large ? CrashingWriter.largeConfig(DurabilityPolicy.os())
                : CrashingWriter.config(DurabilityPolicy.os());
        try (EventLog eventLog = EventLog.open(logDir, config)) {
            RecoveryReport report = eventLog.lastRecovery().orElse(null);
            if (report != null && report.truncated()) {
                progress.tornTails++;
                assertEquals(report.bytesKept(), report.firstBadPosition(), report.toString());
                assertTrue(report.recordsCut() >= 1, report.toString());
            }
            long next = eventLog.nextSequence();
            assertTrue(next > reportedDurable, "round " + round + ": child reported " + reportedDurable
                    + " durable but the reopened log ends before sequence " + next + "; recovery: " + report);
            if (reportedDurable >= 0) {
                StoreRecord commit = eventLog.read(reportedDurable).orElseThrow();
                assertTrue(commit.endsTransaction(), "round " + round + ": durable " + commit);
            }
            // Every record, from where the previous round's check stopped being final, reads back whole.
            long from = Math.max(eventLog.firstSequence(), Math.min(progress.verifiedUpTo, next));
            verifyRecords(eventLog, from, next, large ? CrashingWriter::largePayload : CrashingWriter::payload, round);
            // The next child may drop an unfinished transaction after the last durable commit; records up to
            // the last durable commit are final.
            progress.verifiedUpTo = Math.max(progress.verifiedUpTo, reportedDurable + 1);
            progress.expectedNext = next;
            System.out.printf("%s round %d: killed after %d commits reported, durable %d, log ends at %d, %s%n",
                    mode, round, commitsBeforeKill, reportedDurable, next - 1,
                    report == null ? "empty log" : report.truncated() ? "torn tail cut: " + report : "clean tail");
        }
    }

    /** The newest segment and its data file's size; it changes when a write starts or a segment is rolled. */
    private record Tail(long base, long size) {
    }

    private static Tail tail(Path logDir) {
        try {
            List<Long> bases = SegmentFiles.listSegments(logDir);
            long base = bases.get(bases.size() - 1);
            return new Tail(base, Files.size(SegmentFiles.logFile(logDir, base)));
        } catch (IOException e) {
            return new Tail(-1, -1); // a file created or deleted while listing: the caller looks again
        }
    }

    private static JvmProcess startChild(Path logDir, String mode, long seed, Path output) {
        return JvmProcess.builder(CrashingWriter.class)
                .jvmArgs(mode.equals("large") ? "-Xmx256m" : "-Xmx64m", "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC")
                .args(logDir.toString(), Long.toString(seed), mode)
                .outputFile(output)
                .start();
    }

    private static void verifyRecords(EventLog eventLog, long from, long next, LongFunction<byte[]> payloads,
            int round) throws IOException, InterruptedException {
        EventLog.LogReader reader = eventLog.reader(from);
        for (long sequence = from; sequence < next; sequence++) {
            StoreRecord record = reader.next(0, TimeUnit.MILLISECONDS);
            if (record == null) {
                fail("round " + round + ": sequence " + sequence + " missing before the end " + next);
            }
            assertEquals(sequence, record.sequence());
            assertArrayEquals(payloads.apply(sequence), record.payloadBytes(),
                    "round " + round + ": payload of sequence " + sequence);
            assertEquals(CrashingWriter.binlogPosition(sequence), record.binlogPosition());
            assertEquals(CrashingWriter.commitTime(sequence), record.commitTimeMillis());
        }
    }

    private static String lineStartingWith(String output, String prefix) {
        for (String line : output.split("\n")) {
            if (line.startsWith(prefix)) {
                return line.trim();
            }
        }
        throw new AssertionError("no '" + prefix + "' line in:\n" + output);
    }

    /** Number of complete {@code durable} lines. */
    private static int durableLines(String output) {
        int count = 0;
        int from = 0;
        while (true) {
            int at = output.indexOf("durable ", from);
            if (at < 0) {
                return count;
            }
            int end = output.indexOf('\n', at);
            if (end < 0) {
                return count;
            }
            count++;
            from = end;
        }
    }

    /** The last complete {@code durable N} line's N, -1 if none. */
    private static long lastDurable(String output) {
        // Only lines ended by a newline count: a kill could in principle cut the last one short.
        String complete = output.substring(0, output.lastIndexOf('\n') + 1);
        long last = -1;
        for (String line : complete.split("\n")) {
            if (line.startsWith("durable ")) {
                last = Math.max(last, Long.parseLong(line.substring("durable ".length()).trim()));
            }
        }
        return last;
    }
}
