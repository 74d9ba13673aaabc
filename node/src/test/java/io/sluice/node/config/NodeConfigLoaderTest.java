package io.sluice.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.config.ConfigException;

class NodeConfigLoaderTest {

    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("CANAL_PASSWORD", "s3cret");

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private ConfigException error(String yaml) throws IOException {
        Path file = write(yaml);
        return assertThrows(ConfigException.class, () -> NodeConfigLoader.load(file, ENV::get));
    }

    @Test
    void readsTheDocumentedExample() throws IOException {
        NodeConfig config = NodeConfigLoader.load(write("""
                nodeId: node-1
                bindHost: 127.0.0.1
                clientPort: 11111
                adminPort: 11112
                dataDir: /var/lib/sluice/node-1
                zookeeper:
                  connect: 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183
                  sessionTimeoutMs: 6000
                users:
                  - {name: canal, password: "${CANAL_PASSWORD}"}
                destinations:
                  - name: example
                    source: {host: 127.0.0.1, port: 3306, user: repl, password: "${REPL_PASSWORD}"}
                    start: latest
                    filter: {include: "shop\\\\..*", exclude: "shop\\\\.tmp_.*"}
                """), ENV::get);
        assertEquals("node-1", config.nodeId());
        assertEquals(11111, config.clientPort());
        assertEquals(Path.of("/var/lib/sluice/node-1"), config.dataDir());
        assertEquals(Optional.of(new NodeConfig.ZooKeeper("127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183", 6000,
                "/sluice")), config.zookeeper());
        assertEquals(List.of(new NodeConfig.User("canal", "s3cret")), config.users());
        assertEquals("${REPL_PASSWORD}", config.destinations().get(0).source().password(),
                "destination secrets stay references");
        assertTrue(!config.users().toString().contains("s3cret"));
    }

    @Test
    void appliesDefaults() throws IOException {
        NodeConfig config = NodeConfigLoader.load(write("nodeId: n\ndataDir: /d\nclientPort: 0\nadminPort: 0\n"),
                ENV::get);
        assertEquals("0.0.0.0", config.bindHost());
        assertEquals(Optional.empty(), config.zookeeper());
        assertEquals(List.of(), config.users());
        assertEquals(List.of(), config.destinations());
    }

    @Test
    void errorsNameFileKeyAndAccepted() throws IOException {
        String file = dir.resolve("node.yaml").toString();
        ConfigException e = error("nodeId: n\ndataDir: /d\nclientPort: -1\n");
        assertEquals(file + ": clientPort: expected an integer in 0..65535, found -1", e.getMessage());
        e = error("nodeId: n\ndataDir: /d\nzookeper: {connect: 'a:1'}\n");
        assertEquals(file + ": zookeper: unknown key; accepted keys here are nodeId, bindHost, clientPort, adminPort,"
                + " dataDir, zookeeper, users, destinations", e.getMessage());
        e = error("nodeId: n\ndataDir: /d\nusers: [{name: canal, password: '${NOPE}'}]\n");
        assertEquals(file + ": users[0].password: environment variable NOPE is not set; set it before starting, or"
                + " write the value without ${...}", e.getMessage());
        e = error("nodeId: 'node 1'\ndataDir: /d\n");
        assertEquals(file + ": nodeId: expected 1 to 64 letters, digits, '.', '_' or '-', found \"node 1\"",
                e.getMessage());
        e = error("nodeId: n\ndataDir: /d\nzookeeper: {connect: 'zk1'}\n");
        assertTrue(e.getMessage().startsWith(file + ": zookeeper.connect: expected a ZooKeeper connect string"),
                e.getMessage());
        e = error("nodeId: n\ndataDir: /d\ndestinations:\n  - {name: a, source: {host: h, user: u, port: x}}\n");
        assertEquals(file + ": destinations[0].source.port: expected an integer in 1..65535, found \"x\"",
                e.getMessage());
        e = error("nodeId: n\ndataDir: /d\ndestinations:\n  - {name: a, source: {host: h, user: u},"
                + " filter: {include: 'shop\\.(x'}}\n");
        assertTrue(e.getMessage().startsWith(file + ": destinations[0].filter: "), e.getMessage());
        e = error("dataDir: /d\n");
        assertTrue(e.getMessage().startsWith(file + ": nodeId: missing; expected"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("absent.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfigLoader.load(file, ENV::get));
        assertEquals(file + ": no such file (or not readable); check the path", e.getMessage());
    }
}
