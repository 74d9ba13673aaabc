package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a sandbox keeps its files; everything lives under one base directory so that deleting it removes all.
 *
 * <pre>
 * base/
 *   data/            datadir, a copy of the MariaDbDatadirTemplate
 *   binlog/          mysql-bin.000001, ..., mysql-bin.index
 *   tmp/             the server's tmpdir
 *   mysqld.sock      unix socket, used as root to create the users
 *   mysqld.pid
 *   error.log        the server's --log-error
 *   mariadbd.out     anything the server prints to stdout/stderr before its error log is open
 *   client.log       output of the mariadb client run as root
 * </pre>
 *
 * <p>The socket path must stay under the 107-byte limit of unix sockets, which a default {@code java.io.tmpdir}
 * easily does.
 */
record MariaDbFiles(Path base) {

    /** Name prefix of the binlog files ({@code --log-bin}); MariaDB appends {@code .000001} etc. */
    static final String BINLOG_BASENAME = "mysql-bin";

    Path dataDir() {
        return base.resolve("data");
    }

    Path binlogDir() {
        return base.resolve("binlog");
    }

    Path tmpDir() {
        return base.resolve("tmp");
    }

    Path socket() {
        return base.resolve("mysqld.sock");
    }

    Path pidFile() {
        return base.resolve("mysqld.pid");
    }

    Path errorLog() {
        return base.resolve("error.log");
    }

    Path serverOutput() {
        return base.resolve("mariadbd.out");
    }

    Path clientOutput() {
        return base.resolve("client.log");
    }

    /** Creates the directories besides the datadir that the server expects to exist (it creates none itself). */
    void createDirectories() {
        try {
            Files.createDirectories(binlogDir());
            Files.createDirectories(tmpDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the sandbox directories under " + base, e);
        }
    }
}
