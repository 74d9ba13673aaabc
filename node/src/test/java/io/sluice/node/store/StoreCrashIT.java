package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.testkit.Await;
import io.sluice.testkit.JvmProcess;

/**
 * Kills a child JVM appending with {@code fsync} per commit ({@link CrashingWriter}) with SIGKILL at random moments,
 * then reopens the log here: every sequence the child reported durable is there with its exact payload, every
 * record up to the end reads with a good CRC (a torn tail is cut by recovery and reported), and the next child
 * continues the same log from the next sequence.
 *
 * <p>SIGKILL leaves the page cache alone, so this proves that nothing reported durable is lost by the process dying
 * and that recovery never serves half a record; losing the page cache (power cut) is what the {@code fsync} before
 * each report is for, and is not simulated here.
 */
class StoreCrashIT {
    private static final int ROUNDS = 24;
    private static final long SEED = 0x5EED_C0DEL;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void reportedDurableRecordsSurviveSigkill() throws Exception {
        Path logDir = dir.resolve("log");
        Path outputs = dir.resolve("outputs");
        Files.createDirectories(outputs);
        Random random = new Random(SEED);
        long expectedNext = 0;
        long verifiedUpTo = 0;
        int tornTails = 0;
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            // Kill once the child has reported this many more commits: 0 (right after opening) up to ~2000.
            int commitsBeforeKill = random.nextInt(8) == 0 ? 0 : random.nextInt(2000);
            long reportedDurable;
            try (JvmProcess child = JvmProcess.builder(CrashingWriter.class)
                    .jvmArgs("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
                    .args(logDir.toString(), Long.toString(random.nextLong()))
                    .outputFile(outputs.resolve("round-" + round + ".out"))
                    .start()) {
                child.awaitOutput("opened next ", START_TIMEOUT);
                long opened = parseOpened(child.output());
                assertTrue(opened <= expectedNext, "round " + round + ": child opened at " + opened
                        + " but the previous reopen found records up to " + (expectedNext - 1));
                boolean progressed = Await.poll(PROGRESS_TIMEOUT,
                        () -> durableLines(child.output()) >= commitsBeforeKill || !child.isAlive());
                assertTrue(progressed && child.isAlive(), "round " + round + ": child did not report "
                        + commitsBeforeKill + " commits in " + PROGRESS_TIMEOUT + ":\n" + child.output());
                child.kill();
                assertEquals(JvmProcess.SIGKILL_EXIT_CODE, child.waitFor(Duration.ofSeconds(10)));
                reportedDurable = lastDurable(child.output());
            }

            try (EventLog eventLog = EventLog.open(logDir, CrashingWriter.config(DurabilityPolicy.os()))) {
                RecoveryReport report = eventLog.lastRecovery().orElse(null);
                if (report != null && report.truncated()) {
                    tornTails++;
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
                long from = Math.max(eventLog.firstSequence(), Math.min(verifiedUpTo, next));
                EventLog.LogReader reader = eventLog.reader(from);
                for (long sequence = from; sequence < next; sequence++) {
                    StoreRecord record = reader.next(0, TimeUnit.MILLISECONDS);
                    if (record == null) {
                        fail("round " + round + ": sequence " + sequence + " missing before the end " + next);
                    }
                    assertEquals(sequence, record.sequence());
                    assertArrayEquals(CrashingWriter.payload(sequence), record.payloadBytes(),
                            "round " + round + ": payload of sequence " + sequence);
                    assertEquals(CrashingWriter.binlogPosition(sequence), record.binlogPosition());
                    assertEquals(CrashingWriter.commitTime(sequence), record.commitTimeMillis());
                }
                // The next child may drop an unfinished transaction after the last durable commit; records up to
                // the last durable commit are final.
                verifiedUpTo = Math.max(verifiedUpTo, reportedDurable + 1);
                expectedNext = next;
                System.out.printf("round %d: killed after %d commits reported, durable %d, log ends at %d, %s%n",
                        round, commitsBeforeKill, reportedDurable, next - 1,
                        report == null ? "empty log" : report.truncated() ? "torn tail cut: " + report : "clean tail");
            }
        }
        System.out.printf("%d rounds in %d ms, %d torn tails cut%n", ROUNDS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), tornTails);
        try (EventLog eventLog = EventLog.open(logDir, CrashingWriter.config(DurabilityPolicy.os()))) {
            assertTrue(eventLog.nextSequence() > 0, "the children appended nothing");
            assertTrue(eventLog.segmentCount() > 1, "the children never rolled a segment");
        }
    }

    private static long parseOpened(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("opened next ")) {
                return Long.parseLong(line.substring("opened next ".length()).trim());
            }
        }
        throw new AssertionError("no 'opened next' line in:\n" + output);
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
