package io.sluice.testkit;

import java.util.concurrent.CountDownLatch;

/**
 * A tiny program for testing {@link JvmProcess}: prints its arguments and one system property, then "ready", then
 * waits forever. Arguments:
 * <ul>
 *   <li>{@code --sigterm-exit=N}: on SIGTERM a shutdown hook prints "shutdown hook ran" and exits with N
 *       (otherwise the JVM's usual 143)</li>
 *   <li>{@code --exit-now=N}: exit with N right after printing, without "ready"</li>
 *   <li>anything else is printed as {@code arg: <value>}</li>
 * </ul>
 */
public final class EchoMain {

    /** Printed once the program is set up; what tests wait for. */
    public static final String READY = "ready";
    /** Printed by the shutdown hook, so a test can tell SIGTERM (hooks run) from SIGKILL (they do not). */
    public static final String HOOK_RAN = "shutdown hook ran";
    /** The system property that is echoed as {@code property: <value>}, to test JVM arguments. */
    public static final String PROPERTY = "sluice.echo";

    private EchoMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("property: " + System.getProperty(PROPERTY));
        Integer sigtermExit = null;
        for (String arg : args) {
            if (arg.startsWith("--sigterm-exit=")) {
                sigtermExit = Integer.parseInt(arg.substring("--sigterm-exit=".length()));
            } else if (arg.startsWith("--exit-now=")) {
                System.out.println("exiting");
                System.exit(Integer.parseInt(arg.substring("--exit-now=".length())));
            } else {
                System.out.println("arg: " + arg);
            }
        }
        int exitCode = sigtermExit == null ? -1 : sigtermExit;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(HOOK_RAN);
            System.out.flush();
            if (exitCode >= 0) {
                // halt, not exit: System.exit inside a shutdown hook would block forever.
                Runtime.getRuntime().halt(exitCode);
            }
        }));
        System.out.println(READY);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
