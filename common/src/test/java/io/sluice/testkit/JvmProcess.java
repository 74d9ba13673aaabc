package io.sluice.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this project running in a child JVM with the test's classpath, so tests can kill a node with
 * SIGKILL, stop it with SIGTERM and watch what it prints, as an operator would.
 *
 * <p>The child's stdout and stderr go, merged, to a file ({@link #outputFile()}); its stdin is empty. A JVM shutdown
 * hook kills children that were never closed. Start one with {@link #builder(Class)}:
 * <pre>{@code
 * try (JvmProcess node = JvmProcess.builder(NodeMain.class).jvmArgs("-Xmx128m").args("--port", "0").start()) {
 *     node.awaitOutput("started", Duration.ofSeconds(20));
 *     node.kill();
 *     assertEquals(137, node.waitFor(Duration.ofSeconds(5)));
 * }
 * }</pre>
 *
 * <p>Thread-safe: the state lives in the {@link Process}, which is.
 */
public final class JvmProcess implements AutoCloseable {

    /** Exit code of a JVM ended by SIGKILL: 128 + 9, as the shell and {@link Process#exitValue()} report it. */
    public static final int SIGKILL_EXIT_CODE = 137;
    /** Exit code of a JVM ended by SIGTERM when no shutdown hook chose another: 128 + 15. */
    public static final int SIGTERM_EXIT_CODE = 143;

    private static final int OUTPUT_TAIL_LINES = 40;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final String mainClass;
    private final Process process;
    private final Path outputFile;
    private final boolean ownsOutputFile;

    private JvmProcess(String mainClass, Process process, Path outputFile, boolean ownsOutputFile) {
        this.mainClass = mainClass;
        this.process = process;
        this.outputFile = outputFile;
        this.ownsOutputFile = ownsOutputFile;
    }

    /** Starts describing a child JVM that runs {@code mainClass}. */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /** Starts describing a child JVM that runs the class named {@code mainClass}, e.g. one in another module. */
    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file receiving the child's stdout and stderr. */
    public Path outputFile() {
        return outputFile;
    }

    /** Everything the child has printed so far, stdout and stderr interleaved. */
    public String output() {
        try {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the output of " + this + " from " + outputFile, e);
        }
    }

    /**
     * Waits until the output contains {@code text}.
     *
     * @throws AssertionError if it does not appear within {@code timeout}, or the child exits first; the message
     *                        has the end of the output
     */
    public void awaitOutput(String text, Duration timeout) {
        boolean seenOrDead = Await.poll(timeout, () -> output().contains(text) || !process.isAlive());
        // Read once more after the child died: its last words may have reached the file after the previous check.
        if (output().contains(text)) {
            return;
        }
        String why = seenOrDead
                ? "exited with code " + process.exitValue() + " before printing it"
                : "did not print it within " + timeout.toMillis() + " ms";
        throw new AssertionError(this + " was expected to print \"" + text + "\" but " + why + ". "
                + outputTail());
    }

    /** Sends SIGKILL: the child dies at once, no shutdown hooks run. Returns without waiting; see {@link #waitFor}. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Sends SIGTERM: the child's shutdown hooks run. Returns without waiting; see {@link #waitFor}. */
    public void terminate() {
        process.destroy();
    }

    /**
     * Waits for the child to exit and returns its exit code ({@link #SIGKILL_EXIT_CODE} after {@link #kill()}).
     *
     * @throws AssertionError if it is still running after {@code timeout}; it is left running
     */
    public int waitFor(Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + this + " to exit", e);
        }
        throw new AssertionError(this + " was still running " + timeout.toMillis() + " ms later; kill() it, or "
                + "check that it reacts to the signal sent. " + outputTail());
    }

    /** Kills the child if it is still alive and waits for it, then deletes the output file if the kit made it. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ExitCleanup.forget(process);
        if (ownsOutputFile) {
            try {
                Files.deleteIfExists(outputFile);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + outputFile, e);
            }
            ExitCleanup.forgetPath(outputFile);
        }
    }

    @Override
    public String toString() {
        return "child JVM " + mainClass + " (pid " + process.pid() + ")";
    }

    private String outputTail() {
        return "Last " + OUTPUT_TAIL_LINES + " lines of its output (" + outputFile + "):\n"
                + LogTail.of(outputFile, OUTPUT_TAIL_LINES);
    }

    /**
     * The test JVM's classpath. Under Maven Surefire/Failsafe {@code java.class.path} may be a single manifest-only
     * booter jar that lives only as long as the test JVM; the real entries are in {@code surefire.test.class.path}.
     */
    static String currentClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        if (surefire != null && !surefire.isBlank()) {
            return surefire;
        }
        return System.getProperty("java.class.path");
    }

    /** Describes a child JVM; each setter returns the builder. Not thread-safe. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path outputFile;

        private Builder(String mainClass) {
            this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
        }

        /** Adds JVM options such as {@code -Xmx128m} or {@code -Dkey=value}; may be called repeatedly. */
        public Builder jvmArgs(String... jvmArgs) {
            this.jvmArgs.addAll(List.of(jvmArgs));
            return this;
        }

        /** Adds program arguments passed to {@code main}; may be called repeatedly. */
        public Builder args(String... args) {
            this.args.addAll(List.of(args));
            return this;
        }

        /** Sets an environment variable of the child, on top of this JVM's environment. */
        public Builder env(String name, String value) {
            environment.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sends the output to {@code file} (appending), which the caller then owns. By default it goes to a temp
         * file that {@link JvmProcess#close()} deletes.
         */
        public Builder outputFile(Path file) {
            this.outputFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Starts the child JVM with {@code java.home}'s {@code java} and returns at once; use
         * {@link JvmProcess#awaitOutput} to wait until it is ready.
         */
        public JvmProcess start() {
            boolean ownsOutputFile = outputFile == null;
            Path output = ownsOutputFile ? newTempOutputFile() : outputFile;
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(currentClasspath());
            command.add(mainClass);
            command.addAll(args);
            Process process;
            try {
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().putAll(environment);
                process = builder
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                        // An empty stdin: a child that reads it sees end-of-file instead of waiting on a pipe
                        // that nobody writes to.
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start a child JVM for " + mainClass + " with "
                        + command.get(0), e);
            }
            ExitCleanup.killOnExit(process);
            if (ownsOutputFile) {
                ExitCleanup.deleteOnExit(output);
            }
            return new JvmProcess(mainClass, process, output, ownsOutputFile);
        }

        private Path newTempOutputFile() {
            try {
                return Files.createTempFile("jvm-" + mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-",
                        ".out");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create a temp file for the output of " + mainClass, e);
            }
        }
    }
}
