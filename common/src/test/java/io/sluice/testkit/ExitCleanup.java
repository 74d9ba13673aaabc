package io.sluice.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Last-resort cleanup when a test JVM exits without closing what it started.
 *
 * <p>A test that fails in its setup, a forgotten {@code close()} or a JVM ended by {@code System.exit} or SIGTERM would
 * otherwise leave {@code mariadbd} or child JVMs running and temp directories filling the disk. Registered processes
 * are killed with SIGKILL (there is no time for a polite shutdown in a shutdown hook), then registered files and
 * directories are deleted. Nothing can be done if the test JVM itself is killed with SIGKILL.
 *
 * <p>Thread-safe. Owners call {@link #forget(Process)} / {@link #forgetPath(Path)} once they cleaned up
 * themselves, so the sets hold only what is still live.
 */
final class ExitCleanup {

    /** Bounds the hook: the JVM must not hang on exit because a process ignores SIGKILL (e.g. stuck in D state). */
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> PATHS = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::runAtExit, "testkit-exit-cleanup"));
    }

    private ExitCleanup() {
    }

    /** Kills {@code process} (and its descendants) at JVM exit if it is still alive then. */
    static void killOnExit(Process process) {
        PROCESSES.add(process);
    }

    /** Stops tracking {@code process}; call after stopping it. */
    static void forget(Process process) {
        PROCESSES.remove(process);
    }

    /** Deletes the file or directory tree {@code path} at JVM exit, after the registered processes are gone. */
    static void deleteOnExit(Path path) {
        PATHS.add(path);
    }

    /** Stops tracking {@code path}; call after deleting it. */
    static void forgetPath(Path path) {
        PATHS.remove(path);
    }

    private static void runAtExit() {
        List<Process> processes = List.copyOf(PROCESSES);
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // Nothing more can be done at exit; deleting its files below may then fail partially.
            }
        }
        for (Path path : PATHS) {
            Directories.deleteQuietly(path);
        }
    }
}
