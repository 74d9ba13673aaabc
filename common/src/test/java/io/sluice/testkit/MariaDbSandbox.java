package io.sluice.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private, throwaway MariaDB server writing a ROW binlog, for tests that read binlogs or need a real source.
 *
 * <p>{@link #launch()} creates a fresh datadir in a temp directory, starts {@code mariadbd} on a free port of
 * 127.0.0.1 and creates two password users reachable over TCP: an admin with all privileges and {@code repl} with
 * REPLICATION SLAVE, REPLICATION CLIENT (shown as BINLOG MONITOR) and SELECT, which is what a CDC reader needs.
 * {@link #stop()} and {@link #start()} restart the same server on the same port and datadir; {@link #close()} stops
 * it and deletes every file. A JVM shutdown hook kills a server that was never closed.
 *
 * <p>Typical use, one server per test class:
 * <pre>{@code
 * static MariaDbSandbox db;
 * @BeforeAll static void startDb() { db = MariaDbSandbox.launch(); }
 * @AfterAll static void stopDb() { db.close(); }
 * }</pre>
 *
 * <p>Needs the Debian packages mariadb-server and mariadb-client. All methods are thread-safe.
 */
public final class MariaDbSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MariaDbSandbox.class);

    private static final String ADMIN_USER = "sandbox_admin";
    private static final String ADMIN_PASSWORD = "sandbox-admin-pw";
    private static final String REPL_USER = "repl";
    private static final String REPL_PASSWORD = "repl-pw";

    private static final String HOST = "127.0.0.1";
    /** A port picked as free can be taken by someone else before the server binds it; then we pick again. */
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private final MariaDbOptions options;
    private final MariaDbFiles files;
    private int port;
    private MariaDbServerProcess server;
    private boolean closed;

    private MariaDbSandbox(MariaDbOptions options, MariaDbFiles files) {
        this.options = options;
        this.files = files;
    }

    /** Starts a sandbox with {@link MariaDbOptions#defaults()}. */
    public static MariaDbSandbox launch() {
        return launch(MariaDbOptions.defaults());
    }

    /**
     * Creates a fresh datadir, starts the server and creates the users.
     *
     * @throws IllegalStateException if the server cannot be installed or started; the message quotes the command line
     *                               and the end of the server's error log. Nothing is left running or on disk then.
     */
    public static MariaDbSandbox launch(MariaDbOptions options) {
        Path base = Directories.createTemp("mariadb-sandbox-");
        ExitCleanup.deleteOnExit(base);
        MariaDbSandbox sandbox = new MariaDbSandbox(options, new MariaDbFiles(base));
        try {
            long startNanos = System.nanoTime();
            sandbox.prepareDatadir();
            long preparedNanos = System.nanoTime();
            sandbox.startOnFreePort();
            sandbox.createUsers();
            LOG.info("MariaDB sandbox launched in {} ms ({} ms of it preparing the datadir)",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                    TimeUnit.NANOSECONDS.toMillis(preparedNanos - startNanos));
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    /** 127.0.0.1: the server listens on loopback only. */
    public String host() {
        return HOST;
    }

    /** The TCP port, chosen at launch and kept across {@link #stop()}/{@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** A user with all privileges, reachable over TCP with {@link #adminPassword()}. */
    public String adminUser() {
        return ADMIN_USER;
    }

    public String adminPassword() {
        return ADMIN_PASSWORD;
    }

    /** A user with REPLICATION SLAVE, REPLICATION CLIENT and SELECT: what a binlog reader is given in production. */
    public String replUser() {
        return REPL_USER;
    }

    public String replPassword() {
        return REPL_PASSWORD;
    }

    /** The options the server was started with. */
    public MariaDbOptions options() {
        return options;
    }

    /** A MariaDB Connector/J URL without a default database; TLS off, since the sandbox has no certificate. */
    public String jdbcUrl() {
        return jdbcUrl("");
    }

    /** A MariaDB Connector/J URL whose default database is {@code database}; TLS off. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + HOST + ":" + port() + "/" + database + "?sslMode=disable";
    }

    /** A new admin connection without a default database; the caller closes it. */
    public Connection connection() throws SQLException {
        return connection("");
    }

    /** A new admin connection whose default database is {@code database}; the caller closes it. */
    public Connection connection(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), ADMIN_USER, ADMIN_PASSWORD);
    }

    /**
     * Runs each statement in order, as admin, on one connection (so {@code USE db} carries over), in autocommit mode.
     *
     * @throws IllegalStateException naming the statement that failed and the server's message
     */
    public void execute(String... sql) {
        String current = "(connecting)";
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                current = each;
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on the sandbox at " + HOST + ":" + port() + ": " + current
                    + "\n" + e.getMessage(), e);
        }
    }

    /** Where the binlog ends now, from {@code SHOW MASTER STATUS} and {@code @@gtid_binlog_pos}. */
    public BinlogStatus binlogStatus() {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            String file;
            long position;
            try (ResultSet rows = statement.executeQuery("SHOW MASTER STATUS")) {
                if (!rows.next()) {
                    throw new IllegalStateException("SHOW MASTER STATUS returned no row: binary logging is off; "
                            + "was --skip-log-bin or --log-bin=OFF passed as an extra flag?");
                }
                file = rows.getString("File");
                position = rows.getLong("Position");
            }
            try (ResultSet rows = statement.executeQuery("SELECT @@gtid_binlog_pos")) {
                rows.next();
                return new BinlogStatus(file, position, rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot read the binlog status of the sandbox at " + HOST + ":" + port(), e);
        }
    }

    /** The directory holding {@code mysql-bin.NNNNNN} and {@code mysql-bin.index}. */
    public Path binlogDir() {
        return files.binlogDir();
    }

    /** The server's error log: what it said at start, at shutdown and about failures. */
    public Path errorLog() {
        return files.errorLog();
    }

    /** True while the server process is alive. */
    public synchronized boolean isRunning() {
        return server != null && server.isAlive();
    }

    /**
     * Starts the stopped server again on the same port and datadir, e.g. to test that a reader reconnects. The server
     * opens a new binlog file, as any restarted MariaDB does.
     *
     * @throws IllegalStateException if it is running or closed, or does not start (message as for {@link #launch})
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("The sandbox is closed; launch a new one");
        }
        if (isRunning()) {
            throw new IllegalStateException("The sandbox is already running on port " + port + "; stop() it first");
        }
        if (server != null) {
            // It died on its own (a test may kill it); stopping a dead process just releases its bookkeeping.
            server.stop();
        }
        server = MariaDbServerProcess.start(files, port, options);
    }

    /**
     * Shuts the server down with SIGTERM (a clean shutdown), waiting at most 30 s before SIGKILL. Files are kept, so
     * {@link #start()} can bring it back. Does nothing if it is not running.
     */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Stops the server and deletes its temp directory. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            Directories.delete(files.base());
            ExitCleanup.forgetPath(files.base());
        }
    }

    @Override
    public String toString() {
        return "MariaDbSandbox[" + HOST + ":" + port() + ", " + files.base() + "]";
    }

    private void prepareDatadir() {
        files.createDirectories();
        MariaDbDatadirTemplate.copyTo(files.dataDir());
    }

    private synchronized void startOnFreePort() {
        for (int attempt = 1; ; attempt++) {
            port = FreePort.pick();
            try {
                server = MariaDbServerProcess.start(files, port, options);
                return;
            } catch (MariaDbServerProcess.PortInUseException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
                LOG.info("Port {} was taken before mariadbd could bind it; trying another", port);
            }
        }
    }

    /**
     * Root can only log in over the unix socket, so the TCP users are made with the command-line client. They are
     * kept out of the binlog, so that the binlog holds only what the tests write and GTID sequences start at 1.
     */
    private void createUsers() {
        String sql = String.join(" ",
                "SET SESSION sql_log_bin = 0;",
                "CREATE USER '" + ADMIN_USER + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';",
                "GRANT ALL PRIVILEGES ON *.* TO '" + ADMIN_USER + "'@'%' WITH GRANT OPTION;",
                "CREATE USER '" + REPL_USER + "'@'%' IDENTIFIED BY '" + REPL_PASSWORD + "';",
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO '" + REPL_USER + "'@'%';");
        ShortCommand.run(MariaDbCommandLines.rootClient(files, sql), files.clientOutput(), CLIENT_TIMEOUT);
    }
}
