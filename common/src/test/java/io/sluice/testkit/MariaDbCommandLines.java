package io.sluice.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the three MariaDB programs a sandbox runs. Every one starts with {@code --no-defaults} so that
 * a developer's ~/.my.cnf or /etc/mysql cannot change what the tests see.
 */
final class MariaDbCommandLines {

    private MariaDbCommandLines() {
    }

    /** InnoDB redo log size; the install uses the server's value so the first start need not resize the log. */
    private static final String INNODB_LOG_FILE_SIZE = "--innodb-log-file-size=16M";

    /** Creates the system tables in {@code dataDir}; root may log in only over the unix socket. */
    static List<String> installDb(Path dataDir) {
        return List.of(
                Executables.find("mariadb-install-db", "mariadb-server").toString(),
                "--no-defaults",
                "--user=root",
                "--datadir=" + dataDir,
                "--auth-root-authentication-method=socket",
                "--skip-test-db",
                "--skip-name-resolve",
                // Passed on to the bootstrap server.
                INNODB_LOG_FILE_SIZE);
    }

    /** Starts the server on 127.0.0.1:{@code port}, writing a ROW binlog; {@code options} come last and win. */
    static List<String> server(MariaDbFiles files, int port, MariaDbOptions options) {
        List<String> command = new ArrayList<>(List.of(
                Executables.find("mariadbd", "mariadb-server").toString(),
                "--no-defaults",
                // Needed when the tests run as root (CI does); ignored with a warning otherwise.
                "--user=root",
                "--datadir=" + files.dataDir(),
                "--tmpdir=" + files.tmpDir(),
                "--socket=" + files.socket(),
                "--pid-file=" + files.pidFile(),
                "--log-error=" + files.errorLog(),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                // Users are created for '%'; without this a TCP client from 127.0.0.1 would need a reverse lookup.
                "--skip-name-resolve",
                // A --no-defaults server would otherwise use latin1.
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci",
                "--log-bin=" + files.binlogDir().resolve(MariaDbFiles.BINLOG_BASENAME),
                "--binlog-format=ROW",
                // Small and fast: several sandboxes may run at once on a small machine, and durability across a
                // host crash does not matter for throwaway data.
                "--innodb-buffer-pool-size=32M",
                INNODB_LOG_FILE_SIZE,
                "--innodb-flush-log-at-trx-commit=2",
                "--innodb-buffer-pool-dump-at-shutdown=OFF",
                "--innodb-buffer-pool-load-at-startup=OFF"));
        command.addAll(options.serverFlags());
        return command;
    }

    /** Runs {@code sql} as root over the unix socket (the only way in before the sandbox's users exist). */
    static List<String> rootClient(MariaDbFiles files, String sql) {
        return List.of(
                Executables.find("mariadb", "mariadb-client").toString(),
                "--no-defaults",
                "--socket=" + files.socket(),
                "--user=root",
                "--batch",
                "--execute=" + sql);
    }
}
