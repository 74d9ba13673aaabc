package io.sluice.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh datadir made once per JVM with {@code mariadb-install-db} and copied for each sandbox. The install runs a
 * bootstrap server that creates the system tables and takes 1-4 s on a small machine; copying its ~35 MB result
 * takes a small part of that. The copy is equivalent because the bootstrap server shuts down cleanly and MariaDB keeps
 * nothing host- or instance-specific in the datadir. The template is deleted when the JVM exits.
 *
 * <p>Thread-safe.
 */
final class MariaDbDatadirTemplate {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbDatadirTemplate.class);
    private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(120);

    /** The template's datadir, once installed; guarded by the class lock. */
    private static Path dataDir;

    private MariaDbDatadirTemplate() {
    }

    /**
     * Copies the template datadir to {@code target}, which must not exist yet, installing the template first if this
     * JVM has none.
     *
     * @throws IllegalStateException if {@code mariadb-install-db} fails; the message has its output. The next call
     *                               tries again.
     */
    static void copyTo(Path target) {
        Directories.copy(dataDir(), target);
    }

    private static synchronized Path dataDir() {
        if (dataDir == null) {
            Path base = Directories.createTemp("mariadb-template-");
            ExitCleanup.deleteOnExit(base);
            Path installing = base.resolve("data");
            long startNanos = System.nanoTime();
            try {
                ShortCommand.run(MariaDbCommandLines.installDb(installing), base.resolve("install.log"),
                        INSTALL_TIMEOUT);
            } catch (RuntimeException e) {
                Directories.deleteQuietly(base);
                ExitCleanup.forgetPath(base);
                throw e;
            }
            LOG.info("MariaDB datadir template installed in {} ms ({})",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), installing);
            dataDir = installing;
        }
        return dataDir;
    }
}
