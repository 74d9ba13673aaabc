package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code mariadbd}, from {@link #start} until {@link #stop}; a sandbox makes a new one for each (re)start.
 * Not thread-safe: {@link MariaDbSandbox} guards it.
 */
final class MariaDbServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbServerProcess.class);

    private static final int LOG_TAIL_LINES = 30;
    /** What the error log says when another process holds the port. */
    private static final String PORT_IN_USE = "Address already in use";
    private static final int CONNECT_TIMEOUT_MILLIS = 200;
    /** A normal shutdown takes about 1.5 s; past this something is wrong and SIGKILL is the only way left. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    /** Thrown by {@link #start} when the port was taken, so the caller can retry on another one. */
    static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message) {
            super(message);
        }
    }

    private final Process process;
    private final MariaDbFiles files;
    private final int port;

    private MariaDbServerProcess(Process process, MariaDbFiles files, int port) {
        this.process = process;
        this.files = files;
        this.port = port;
    }

    /**
     * Starts {@code mariadbd} and waits, polling, until it accepts TCP connections.
     *
     * @throws PortInUseException    if another process holds {@code port}
     * @throws IllegalStateException if the server exits or is not ready within {@link MariaDbOptions#startTimeout()};
     *                               the message quotes the command line and the end of the error log, and the
     *                               server has been killed
     */
    static MariaDbServerProcess start(MariaDbFiles files, int port, MariaDbOptions options) {
        List<String> command = MariaDbCommandLines.server(files, port, options);
        long logSizeBefore = sizeOf(files.errorLog());
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(files.serverOutput().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command.get(0), e);
        }
        ExitCleanup.killOnExit(process);
        // The socket file is checked too because it is ours alone: a connect to the port could reach another
        // process that took the port, while our server is about to die from a failed bind.
        boolean ready = Await.poll(options.startTimeout(),
                () -> !process.isAlive() || (Files.exists(files.socket()) && acceptsConnections(port)));
        if (!ready || !process.isAlive()) {
            String reason = process.isAlive()
                    ? "did not accept connections within " + options.startTimeout().toSeconds() + " s"
                    : "exited with code " + exitCodeOf(process);
            kill(process);
            String message = failureMessage(files, reason, command);
            if (errorLogSince(files, logSizeBefore).contains(PORT_IN_USE)) {
                throw new PortInUseException(message);
            }
            throw new IllegalStateException(message);
        }
        LOG.info("MariaDB sandbox ready on 127.0.0.1:{} in {} ms ({})", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), files.base());
        return new MariaDbServerProcess(process, files, port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Shuts the server down with SIGTERM (a clean shutdown), or SIGKILL if that takes over 30 s. */
    void stop() {
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("mariadbd on port {} ignored SIGTERM for {} s; killing it. Error log: {}", port,
                        STOP_TIMEOUT.toSeconds(), files.errorLog());
                kill(process);
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
        } finally {
            ExitCleanup.forget(process);
        }
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String failureMessage(MariaDbFiles files, String reason, List<String> command) {
        StringBuilder message = new StringBuilder()
                .append("mariadbd ").append(reason).append(".\nCommand: ").append(String.join(" ", command))
                .append("\nLast ").append(LOG_TAIL_LINES).append(" lines of ").append(files.errorLog())
                .append(":\n").append(LogTail.of(files.errorLog(), LOG_TAIL_LINES));
        if (sizeOf(files.serverOutput()) > 0) {
            message.append("\nIts output (").append(files.serverOutput()).append("):\n")
                    .append(LogTail.of(files.serverOutput(), LOG_TAIL_LINES));
        }
        return message.append("\nThe error log usually names the bad option or the missing file; fix that.")
                .toString();
    }

    private static int exitCodeOf(Process exited) {
        try {
            return exited.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL, then a bounded wait so that the port and files are free when this returns. */
    private static void kill(Process doomed) {
        doomed.destroyForcibly();
        try {
            doomed.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ExitCleanup.forget(doomed);
        }
    }

    /** What the server wrote to its error log in this run; earlier runs' bind errors must not count. */
    private static String errorLogSince(MariaDbFiles files, long offset) {
        try {
            byte[] bytes = Files.readAllBytes(files.errorLog());
            int from = (int) Math.min(offset, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
