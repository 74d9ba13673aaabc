package io.sluice.node.runtime;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.common.config.ConfigException;
import io.sluice.node.config.NodeConfig;
import io.sluice.node.config.NodeConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code sluice-node --config FILE}: runs a node in the foreground until SIGTERM or SIGINT, then stops it cleanly
 * (stop accepting clients, stop destinations at a transaction boundary, flush stores and cursors) and exits 0.
 * Exit 2 for a configuration error (one line naming file, key and what is accepted), 1 for a start failure.
 */
@Command(name = "sluice-node", mixinStandardHelpOptions = true,
        description = "Runs a sluice node in the foreground; SIGTERM stops it cleanly.")
public final class NodeMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NodeMain.class);
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILURE = 1;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the node's YAML configuration")
    Path config;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeMain()).execute(args));
    }

    @Override
    public Integer call() {
        NodeConfig nodeConfig;
        try {
            nodeConfig = NodeConfigLoader.load(config, System::getenv);
        } catch (ConfigException e) {
            System.err.println("sluice-node: " + e.getMessage());
            return EXIT_CONFIG;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // A signal handler, not a shutdown hook: the JVM would exit 143 after the hooks; a clean stop exits 0.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        SluiceNode node;
        try {
            node = SluiceNode.start(nodeConfig, System::getenv);
        } catch (Exception e) {
            log.error("node {} cannot start: {}", nodeConfig.nodeId(), e.getMessage(),
                    "1".equals(System.getenv("SLUICE_DEBUG")) ? e : null);
            return EXIT_FAILURE;
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long started = System.nanoTime();
        node.close();
        log.info("stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
        return 0;
    }
}
