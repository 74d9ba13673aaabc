package io.sluice.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;
import io.sluice.coordinator.ZkPaths;
import io.sluice.coordinator.cursor.ClientCursor;
import io.sluice.coordinator.cursor.CursorStore;
import io.sluice.testkit.ZooKeeperServer;

class SluicectlIT {

    private static ZooKeeperServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = ZooKeeperServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        all[0] = "--zookeeper";
        all[1] = server.connectString();
        all[2] = "--root";
        all[3] = "/ctl";
        System.arraycopy(args, 0, all, 4, args.length);
        int code = Sluicectl.run(all, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void appliesListsShowsAndDeletes() throws IOException {
        Path file = dir.resolve("dest.yaml");
        Files.writeString(file, """
                destinations:
                  - name: example
                    source: {host: db1, user: repl, password: "${REPL_PASSWORD}"}
                    start: "mysql-bin.000003:4"
                  - name: other
                    source: {host: db2, port: 3307, user: repl, password: literal}
                """);
        Result applied = run("destination", "apply", "-f", file.toString());
        assertEquals(0, applied.code(), applied.err());
        assertEquals("example created\nother created\n", applied.out());
        assertTrue(applied.err().contains("other: source.password is a literal"), applied.err());
        assertEquals("example unchanged\nother unchanged\n", run("destination", "apply", "-f", file.toString()).out());

        Result list = run("destination", "list");
        assertEquals(0, list.code());
        assertEquals("example\tdb1:3306\tmysql-bin.000003:4\nother\tdb2:3307\tlatest\n", list.out());

        Result show = run("destination", "show", "example");
        assertEquals(0, show.code());
        assertTrue(show.out().contains("\"password\" : \"${REPL_PASSWORD}\""), show.out());
        assertTrue(show.out().contains("\"segmentBytes\" : \"256MB\""), show.out());

        assertEquals(0, run("destination", "delete", "other").code());
        Result again = run("destination", "delete", "other");
        assertEquals(1, again.code());
        assertTrue(again.err().startsWith("sluicectl: error: destination 'other' does not exist at"
                + " /ctl/config/destinations/other"), again.err());
        assertEquals(1, again.err().strip().lines().count(), "one line, no stack trace: " + again.err());
        assertEquals(1, run("destination", "show", "other").code());
    }

    @Test
    void configErrorsExitWithTwo() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "name: a\nsource: {host: h, user: u, port: 0}\n");
        Result bad = run("destination", "apply", "-f", file.toString());
        assertEquals(2, bad.code());
        assertEquals("sluicectl: error: " + file + ": source.port: expected an integer in 1..65535, found 0\n",
                bad.err());
        assertEquals(2, run("destination", "frobnicate").code());
        assertEquals(2, run("destination", "show", "bad/name").code());
        Result verbose = run("--verbose", "destination", "apply", "-f", file.toString());
        assertTrue(verbose.err().contains("\tat "), "--verbose prints the trace");
    }

    @Test
    void showsCursors() {
        try (CuratorFramework client = server.newClient()) {
            new CursorStore(client, ZkPaths.under("/ctl")).save("cur", "1001",
                    new ClientCursor(new BinlogPosition("mysql-bin.000009", 77), "0-1-5", 0, 1000));
        }
        Result list = run("cursor", "list", "cur");
        assertEquals(0, list.code(), list.err());
        assertEquals("1001\tmysql-bin.000009:77\t0-1-5\t1970-01-01T00:00:00Z\n", list.out());
        Result show = run("cursor", "show", "cur", "1001");
        assertTrue(show.out().contains("\"binlogFile\":\"mysql-bin.000009\",\"binlogOffset\":77"), show.out());
        assertEquals(1, run("cursor", "show", "cur", "9999").code());
    }

    @Test
    void unreachableZooKeeperIsOneLineAndExitOne() {
        StringWriter err = new StringWriter();
        int code = Sluicectl.run(new String[] {"--zookeeper", "127.0.0.1:1", "--timeout", "1", "destination", "list"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("sluicectl: error: no ZooKeeper server at 127.0.0.1:1"), err.toString());
    }
}
