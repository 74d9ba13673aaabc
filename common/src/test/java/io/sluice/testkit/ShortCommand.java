package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command that is expected to finish quickly and succeed, such as {@code mariadb-install-db}. */
final class ShortCommand {

    private static final int OUTPUT_TAIL_LINES = 30;

    private ShortCommand() {
    }

    /**
     * Runs {@code command} with stdout and stderr appended to {@code outputFile} and waits at most {@code timeout}.
     *
     * @throws IllegalStateException if it exits non-zero or runs out of time (it is then killed); the message has the
     *                               command, the exit code and the tail of its output
     */
    static void run(List<String> command, Path outputFile, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()))
                    // Nothing we run reads stdin; an open pipe could make a client wait for a password prompt.
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command), e);
        }
        ExitCleanup.killOnExit(process);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw failure(command, "did not finish within " + timeout.toSeconds() + " s and was killed",
                        outputFile);
            }
            if (process.exitValue() != 0) {
                throw failure(command, "exited with code " + process.exitValue(), outputFile);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", command), e);
        } finally {
            ExitCleanup.forget(process);
        }
    }

    private static IllegalStateException failure(List<String> command, String what, Path outputFile) {
        return new IllegalStateException(command.get(0) + " " + what + ".\nCommand: " + String.join(" ", command)
                + "\nLast " + OUTPUT_TAIL_LINES + " lines of its output (" + outputFile + "):\n"
                + LogTail.of(outputFile, OUTPUT_TAIL_LINES));
    }
}
