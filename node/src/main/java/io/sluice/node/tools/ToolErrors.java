package io.sluice.node.tools;

import picocli.CommandLine;

/**
 * Command-line error reporting shared by sluice's tools: a failure prints one line naming the problem (and the
 * fix, where the exception's message has it) instead of a stack trace; {@code SLUICE_DEBUG=1} adds the trace.
 */
final class ToolErrors {
    static final int EXIT_FAILURE = 1;

    private ToolErrors() {
    }

    static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": error: " + describe(e));
            if ("1".equals(System.getenv("SLUICE_DEBUG"))) {
                e.printStackTrace(commandLine.getErr());
            }
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** The message, with the causes' messages when they add something. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String m = cause.getMessage();
            if (m != null && sb.indexOf(m) < 0) {
                sb.append(": ").append(m);
            }
        }
        return sb.toString();
    }
}
