package io.sluice.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads the end of a log file for error messages, so a failure shows what the server said without a second look. */
final class LogTail {

    private LogTail() {
    }

    /**
     * Returns the last {@code lines} lines of {@code file}, or a note saying why there are none. Never throws: it is
     * called while reporting another failure, which must not be hidden by a failure to read the log.
     */
    static String of(Path file, int lines) {
        try {
            // Decoding with String's constructor replaces malformed bytes instead of failing, unlike readAllLines.
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            List<String> all = text.lines().toList();
            if (all.isEmpty()) {
                return "(" + file + " is empty)";
            }
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (NoSuchFileException e) {
            return "(" + file + " does not exist)";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
