package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs MariaDB's own decoder, {@code mariadb-binlog}, on a file and collects where it saw each event ("# at N")
 * and the next-event position each header states ("end_log_pos N"), in file order. It stops at events it cannot
 * read (MySQL JSON rows, TRANSACTION_PAYLOAD, tagged GTIDs), so only a prefix may be known.
 */
final class MariaDbBinlogOracle {
    private static final Pattern AT = Pattern.compile("^# at (\\d+)$");
    private static final Pattern HEADER = Pattern.compile(
            "^#\\d{6} +\\d+:\\d\\d:\\d\\d server id \\d+ +end_log_pos (\\d+) (?:CRC32 0x[0-9a-f]+ )?\\s*(.*)$");

    /**
     * How mariadb-binlog describes events, by the start of the description after the header, and the type codes
     * each description may stand for. MySQL-only events it does not decode are "Ignorable".
     */
    private static final Map<String, Set<Integer>> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        DESCRIPTIONS.put("Start: binlog v 4", Set.of(15));
        DESCRIPTIONS.put("Start: binlog v", Set.of(1));
        DESCRIPTIONS.put("Query", Set.of(2, 165));
        DESCRIPTIONS.put("Stop", Set.of(3));
        DESCRIPTIONS.put("Rotate to", Set.of(4));
        DESCRIPTIONS.put("Intvar", Set.of(5));
        DESCRIPTIONS.put("Append_block", Set.of(9));
        DESCRIPTIONS.put("Delete_file", Set.of(11));
        DESCRIPTIONS.put("Rand", Set.of(13));
        DESCRIPTIONS.put("User_var", Set.of(14));
        DESCRIPTIONS.put("Xid =", Set.of(16));
        DESCRIPTIONS.put("Begin_load_query", Set.of(17));
        DESCRIPTIONS.put("Execute_load_query", Set.of(18));
        DESCRIPTIONS.put("Table_map", Set.of(19));
        DESCRIPTIONS.put("Write_rows", Set.of(20, 23, 30, 166, 169));
        DESCRIPTIONS.put("Update_rows", Set.of(21, 24, 31, 39, 167, 170));
        DESCRIPTIONS.put("Delete_rows", Set.of(22, 25, 32, 168, 171));
        DESCRIPTIONS.put("Write_compressed_rows", Set.of(166, 169));
        DESCRIPTIONS.put("Update_compressed_rows", Set.of(167, 170));
        DESCRIPTIONS.put("Delete_compressed_rows", Set.of(168, 171));
        DESCRIPTIONS.put("Incident", Set.of(26));
        DESCRIPTIONS.put("Ignorable", Set.of(28, 29, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42));
        DESCRIPTIONS.put("XID = X", Set.of(38)); // XA_PREPARE: "XID = X'gtrid',X'bqual',format"
        DESCRIPTIONS.put("Annotate_rows", Set.of(160));
        DESCRIPTIONS.put("Binlog checkpoint", Set.of(161));
        DESCRIPTIONS.put("GTID", Set.of(162));
        DESCRIPTIONS.put("Gtid list", Set.of(163));
    }

    /**
     * What the tool printed: event offsets, end_log_pos values, the type codes each event's description allows,
     * and whether it read to the end without error.
     */
    record Listing(List<Long> offsets, List<Long> endPositions, List<Set<Integer>> types, boolean complete,
            String output) {
    }

    private MariaDbBinlogOracle() {
    }

    /** The tool's path, or null when it is not installed. */
    static Path tool() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Paths.get(dir, "mariadb-binlog");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Set<Integer> typesOf(String description, Path file) throws IOException {
        for (Map.Entry<String, Set<Integer>> known : DESCRIPTIONS.entrySet()) {
            if (description.startsWith(known.getKey())) {
                return known.getValue();
            }
        }
        throw new IOException("mariadb-binlog describes an event of " + file.getFileName() + " as '" + description
                + "', which the oracle does not map to event types yet");
    }

    static Listing list(Path tool, Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(tool.toString(), "--no-defaults", "-vvv", "--base64-output=decode-rows",
                file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("mariadb-binlog did not finish on " + file);
        }
        List<Long> offsets = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        List<Set<Integer>> types = new ArrayList<>();
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher at = AT.matcher(lines[i]);
            if (at.find()) {
                offsets.add(Long.parseLong(at.group(1)));
            }
            Matcher header = HEADER.matcher(lines[i]);
            if (header.find()) {
                ends.add(Long.parseLong(header.group(1)));
                String description = header.group(2).strip();
                if (description.isEmpty() && i + 1 < lines.length && lines[i + 1].startsWith("#")) {
                    description = lines[i + 1].substring(1); // "#Begin_load_query: file_id: ..."
                }
                types.add(typesOf(description, file));
            }
        }
        boolean complete = process.exitValue() == 0 && !output.contains("ERROR:");
        return new Listing(offsets, ends, types, complete, output);
    }

    /**
     * Offsets, end_log_pos and types of every event mariadb-binlog reads must match ours, event for event; when it
     * reads the whole file, it must see as many events as we do.
     *
     * @param ours the file's own events (not those inside payloads), in file order
     */
    static void assertSameEvents(Path file, List<TestBinlogs.Read> ours, boolean broken) throws Exception {
        Path tool = tool();
        if (tool == null) {
            System.out.println("mariadb-binlog not installed; events of " + file.getFileName() + " not cross-checked");
            return;
        }
        Listing theirs = list(tool, file);
        String name = file.getFileName().toString();
        int known = Math.min(theirs.offsets().size(), ours.size());
        for (int i = 0; i < known; i++) {
            assertEquals(theirs.offsets().get(i), ours.get(i).position().offset(), name + " event #" + i + " offset");
        }
        int knownEnds = Math.min(theirs.endPositions().size(), ours.size());
        for (int i = 0; i < knownEnds; i++) {
            TestBinlogs.Read read = ours.get(i);
            assertEquals(theirs.endPositions().get(i), read.event().header().logPos(),
                    name + " event #" + i + " end_log_pos");
            Set<Integer> types = theirs.types().get(i);
            assertTrue(types.contains(read.typeCode()), () -> name + " event at " + read.position() + " is type "
                    + read.typeCode() + " (" + read.event().getClass().getSimpleName() + "); mariadb-binlog says "
                    + types);
        }
        if (theirs.complete() && !broken) {
            assertEquals(theirs.offsets().size(), ours.size(), name + ": mariadb-binlog read the whole file");
        }
        assertTrue(known > 0 || ours.isEmpty(), name + ": nothing to compare");
        System.out.printf("%s: %d events, %d offsets and %d end_log_pos and types cross-checked with mariadb-binlog%s%n",
                name, ours.size(), known, knownEnds, theirs.complete() ? "" : " (it stops early on this file)");
    }
}
