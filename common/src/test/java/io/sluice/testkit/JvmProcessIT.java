package io.sluice.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmProcessIT {

    /** A child JVM starts in well under a second; this leaves room for a busy CI machine. */
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration EXIT = Duration.ofSeconds(10);

    @Test
    void passesArgumentsAndJvmOptionsAndShowsOutput() {
        try (JvmProcess child = JvmProcess.builder(EchoMain.class)
                .jvmArgs("-D" + EchoMain.PROPERTY + "=from-jvm-args")
                .args("one", "two words")
                .start()) {
            child.awaitOutput(EchoMain.READY, START);

            assertTrue(child.isAlive());
            assertEquals(child.pid(), ProcessHandle.of(child.pid()).orElseThrow().pid());
            String output = child.output();
            assertTrue(output.contains("property: from-jvm-args"), output);
            assertTrue(output.contains("arg: one\narg: two words\n"), output);
        }
    }

    @Test
    void killEndsTheChildWithSigkillAndNoShutdownHook() {
        try (JvmProcess child = JvmProcess.builder(EchoMain.class).args("--sigterm-exit=7").start()) {
            child.awaitOutput(EchoMain.READY, START);

            child.kill();

            assertEquals(JvmProcess.SIGKILL_EXIT_CODE, child.waitFor(EXIT));
            assertFalse(child.isAlive());
            assertFalse(child.output().contains(EchoMain.HOOK_RAN), child.output());
        }
    }

    @Test
    void terminateRunsTheShutdownHookWhichChoosesTheExitCode() {
        try (JvmProcess child = JvmProcess.builder(EchoMain.class).args("--sigterm-exit=7").start()) {
            child.awaitOutput(EchoMain.READY, START);

            child.terminate();

            assertEquals(7, child.waitFor(EXIT));
            assertTrue(child.output().contains(EchoMain.HOOK_RAN), child.output());
        }
    }

    @Test
    void terminateWithoutACustomExitCodeExitsWith143() {
        try (JvmProcess child = JvmProcess.builder(EchoMain.class).start()) {
            child.awaitOutput(EchoMain.READY, START);

            child.terminate();

            assertEquals(JvmProcess.SIGTERM_EXIT_CODE, child.waitFor(EXIT));
            assertTrue(child.output().contains(EchoMain.HOOK_RAN), child.output());
        }
    }

    @Test
    void exitOfItsOwnIsObserved(@TempDir Path dir) {
        Path output = dir.resolve("echo.out");
        try (JvmProcess child = JvmProcess.builder(EchoMain.class).args("--exit-now=3").outputFile(output).start()) {
            assertEquals(3, child.waitFor(START));
            assertTrue(child.output().contains("exiting"), child.output());
        }
        assertTrue(Files.exists(output), "an output file given by the caller is kept");
    }

    @Test
    void awaitOutputFailsFastWhenTheChildExitsFirst() {
        try (JvmProcess child = JvmProcess.builder(EchoMain.class).args("--exit-now=2").start()) {
            long start = System.nanoTime();

            AssertionError error = assertThrows(AssertionError.class, () -> child.awaitOutput("never", START));

            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(START) < 0, "waited the whole timeout");
            assertTrue(error.getMessage().contains("exited with code 2"), error.getMessage());
            assertTrue(error.getMessage().contains("exiting"), error.getMessage());
        }
    }

    @Test
    void waitForOnARunningChildFailsAfterTheTimeoutAndCloseKillsIt() {
        JvmProcess child = JvmProcess.builder(EchoMain.class).start();
        Path output = child.outputFile();
        try {
            child.awaitOutput(EchoMain.READY, START);

            AssertionError error = assertThrows(AssertionError.class, () -> child.waitFor(Duration.ofMillis(100)));
            assertTrue(error.getMessage().contains("still running"), error.getMessage());
            assertTrue(child.isAlive());
        } finally {
            child.close();
        }
        assertFalse(child.isAlive());
        assertFalse(Files.exists(output), "the kit's own output file is deleted on close");
    }
}
