package io.sluice.node.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

import io.sluice.common.config.ConfigException;
import io.sluice.common.config.ConfigFiles;
import io.sluice.common.config.DestinationSpec;
import io.sluice.common.config.DestinationSpecs;
import io.sluice.common.config.EnvReferences;
import io.sluice.coordinator.ZkPaths;
import io.sluice.coordinator.cursor.ClientCursor;
import io.sluice.coordinator.cursor.CursorStore;
import io.sluice.coordinator.destination.DestinationRegistry;
import io.sluice.coordinator.destination.StoredSpec;
import io.sluice.node.config.DestinationChecks;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code sluicectl}: administers a cluster through ZooKeeper. Exit codes: 0 done, 1 failed (ZooKeeper, missing
 * destination), 2 usage or configuration error. Errors are one line on stderr; {@code --verbose} adds the trace.
 */
@Command(name = "sluicectl", mixinStandardHelpOptions = true, version = "sluicectl 0.1",
        description = "Administers a sluice cluster through ZooKeeper.",
        subcommands = {Sluicectl.Destination.class, Sluicectl.Cursor.class})
public final class Sluicectl {

    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Option(names = "--zookeeper", defaultValue = "${env:SLUICE_ZOOKEEPER}",
            description = "ZooKeeper connect string host:port[,...] (default: $SLUICE_ZOOKEEPER)")
    String zookeeper;

    @Option(names = "--root", defaultValue = ZkPaths.DEFAULT_ROOT, description = "sluice's root node (default: ${DEFAULT-VALUE})")
    String root;

    @Option(names = "--timeout", defaultValue = "10", description = "seconds to wait for ZooKeeper (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--verbose", description = "print stack traces with errors")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command; the exit code is returned, not passed to System.exit, so tests can run it in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Sluicectl command = new Sluicectl();
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sluicectl: error: " + describe(e));
            if (command.verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return e instanceof ConfigException || e instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String m = cause.getMessage();
            if (m != null && sb.indexOf(m) < 0) {
                sb.append(": ").append(m);
            }
        }
        return sb.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    /** A wrong argument found after parsing; exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** Something asked for does not exist; exit code 1. */
    static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }

    /** Runs {@code action} with a connected client, closed afterwards. */
    <T> T withZooKeeper(Function<Cluster, T> action) {
        if (zookeeper == null || zookeeper.isBlank()) {
            throw new UsageException("no ZooKeeper given; pass --zookeeper host:port or set SLUICE_ZOOKEEPER");
        }
        ZkPaths paths;
        try {
            paths = ZkPaths.under(root);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--root: " + e.getMessage());
        }
        try (CuratorFramework client = CuratorFrameworkFactory.builder().connectString(zookeeper)
                .connectionTimeoutMs(timeoutSeconds * 1000).sessionTimeoutMs(Math.max(6000, timeoutSeconds * 1000))
                .retryPolicy(new RetryNTimes(2, 500)).build()) {
            client.start();
            if (!client.blockUntilConnected(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no ZooKeeper server at " + zookeeper + " answered within "
                        + timeoutSeconds + " s; check --zookeeper and that the ensemble is up");
            }
            return action.apply(new Cluster(new DestinationRegistry(client, paths), new CursorStore(client, paths),
                    paths));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    record Cluster(DestinationRegistry registry, CursorStore cursors, ZkPaths paths) {
    }

    @Command(name = "destination", description = "Destination specs kept in ZooKeeper.",
            subcommands = {Destination.Apply.class, Destination.ListSpecs.class, Destination.Show.class,
                    Destination.Delete.class})
    static final class Destination {
        @ParentCommand
        Sluicectl root;

        @Command(name = "apply", description = "Creates or updates the destinations in a YAML or JSON file.")
        static final class Apply implements Callable<Integer> {
            @ParentCommand
            Destination parent;

            @Option(names = {"-f", "--file"}, required = true, description = "the file")
            Path file;

            @Override
            public Integer call() {
                List<DestinationSpec> specs = DestinationChecks.parseAndCheck(ConfigFiles.read(file));
                return parent.root.withZooKeeper(cluster -> {
                    for (DestinationSpec spec : specs) {
                        DestinationRegistry.PutResult result = cluster.registry().put(spec);
                        out(parent).println(spec.name() + " " + result.name().toLowerCase());
                        if (!spec.source().password().isEmpty()
                                && !EnvReferences.hasReferences(spec.source().password())) {
                            err(parent).println("sluicectl: warning: " + spec.name() + ": source.password is a literal"
                                    + " and is now readable in ZooKeeper; prefer ${NAME}");
                        }
                    }
                    return 0;
                });
            }
        }

        @Command(name = "list", description = "Lists the destinations: name, source, start.")
        static final class ListSpecs implements Callable<Integer> {
            @ParentCommand
            Destination parent;

            @Override
            public Integer call() {
                return parent.root.withZooKeeper(cluster -> {
                    DestinationRegistry.Listing listing = cluster.registry().list();
                    for (StoredSpec stored : listing.specs()) {
                        DestinationSpec spec = stored.spec();
                        out(parent).println(spec.name() + "\t" + spec.source().address() + "\t" + spec.start());
                    }
                    for (String problem : listing.problems()) {
                        err(parent).println("sluicectl: error: " + problem);
                    }
                    return listing.problems().isEmpty() ? 0 : EXIT_FAILURE;
                });
            }
        }

        static NotFoundException missingDestination(Cluster cluster, String name) {
            return new NotFoundException("destination '" + name + "' does not exist at "
                    + cluster.paths().destinationSpec(name) + "; see `sluicectl destination list`");
        }

        @Command(name = "show", description = "Prints a destination as JSON, defaults included.")
        static final class Show implements Callable<Integer> {
            @ParentCommand
            Destination parent;

            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                return parent.root.withZooKeeper(cluster -> {
                    StoredSpec stored = cluster.registry().get(checkName(name))
                            .orElseThrow(() -> missingDestination(cluster, name));
                    out(parent).println(DestinationSpecs.toPrettyJson(stored.spec()));
                    return 0;
                });
            }
        }

        @Command(name = "delete", description = "Deletes a destination's spec; its cursors and history stay.")
        static final class Delete implements Callable<Integer> {
            @ParentCommand
            Destination parent;

            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                return parent.root.withZooKeeper(cluster -> {
                    if (!cluster.registry().delete(checkName(name))) {
                        throw missingDestination(cluster, name);
                    }
                    out(parent).println(name + " deleted");
                    return 0;
                });
            }
        }

        private static PrintWriter out(Destination d) {
            return d.spec.commandLine().getOut();
        }

        private static PrintWriter err(Destination d) {
            return d.spec.commandLine().getErr();
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
    }

    @Command(name = "cursor", description = "Client cursors kept in ZooKeeper.",
            subcommands = {Cursor.ListCursors.class, Cursor.Show.class})
    static final class Cursor {
        @ParentCommand
        Sluicectl root;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Command(name = "list", description = "Lists the cursors of a destination: client, position, GTIDs, commit time.")
        static final class ListCursors implements Callable<Integer> {
            @ParentCommand
            Cursor parent;

            @Parameters(paramLabel = "DEST")
            String destination;

            @Override
            public Integer call() {
                return parent.root.withZooKeeper(cluster -> {
                    Map<String, ClientCursor> cursors = cluster.cursors().list(checkName(destination));
                    cursors.forEach((client, c) -> parent.spec.commandLine().getOut().println(client + "\t"
                            + c.position() + "\t" + (c.gtidSet().isEmpty() ? "-" : c.gtidSet()) + "\t"
                            + Instant.ofEpochMilli(c.commitTimeMillis())));
                    return 0;
                });
            }
        }

        @Command(name = "show", description = "Prints one client's cursor as JSON.")
        static final class Show implements Callable<Integer> {
            @ParentCommand
            Cursor parent;

            @Parameters(index = "0", paramLabel = "DEST")
            String destination;

            @Parameters(index = "1", paramLabel = "CLIENT")
            String clientId;

            @Override
            public Integer call() {
                return parent.root.withZooKeeper(cluster -> {
                    ClientCursor c = cluster.cursors().load(checkName(destination), clientId).orElseThrow(() ->
                            new NotFoundException("no cursor for client '" + clientId + "' of destination '"
                                    + destination + "'; see `sluicectl cursor list " + destination + "`"));
                    parent.spec.commandLine().getOut().println("{\"destination\":\"" + destination
                            + "\",\"client\":\"" + clientId + "\",\"binlogFile\":\"" + c.position().file()
                            + "\",\"binlogOffset\":" + c.position().offset() + ",\"gtidSet\":\"" + c.gtidSet()
                            + "\",\"commitTime\":\"" + Instant.ofEpochMilli(c.commitTimeMillis())
                            + "\",\"updatedAt\":\"" + Instant.ofEpochMilli(c.updatedAtMillis()) + "\"}");
                    return 0;
                });
            }
        }
    }

    private static String checkName(String name) {
        try {
            return DestinationSpec.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
