package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the shared test binlogs ({@code ../shared/testdata/mysql-binlogs} from the project root, see its README)
 * and reads files into events for tests. Tests that need them skip, saying where they looked, when they are absent.
 */
public final class TestBinlogs {
    static final String PROPERTY = "sluice.testdata.binlogs";

    private TestBinlogs() {
    }

    /** The testdata folder; skips the calling test when it cannot be found. */
    public static Path dir() {
        Path dir = locate();
        assumeTrue(Files.isDirectory(dir.resolve("files")),
                "test binlogs not found at " + dir + " (expected ../shared/testdata/mysql-binlogs from the project"
                        + " root, or -D" + PROPERTY + "=DIR); skipping");
        return dir;
    }

    public static Path file(String name) {
        return dir().resolve("files").resolve(name);
    }

    public static List<Path> allFiles() {
        try (Stream<Path> files = Files.list(dir().resolve("files"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            return Paths.get(configured).toAbsolutePath();
        }
        Path dir = Paths.get("").toAbsolutePath();
        // the project root holds the parent pom and the node module; tests run in the module directory
        for (int i = 0; i < 4 && dir != null; i++) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("node"))) {
                return dir.resolve("../shared/testdata/mysql-binlogs").normalize();
            }
            dir = dir.getParent();
        }
        return Paths.get("../shared/testdata/mysql-binlogs").toAbsolutePath().normalize();
    }

    /** A decoder that counts rows events instead of decoding their row images (see {@link UndecodedRowsEvent}). */
    static BinlogEventDecoder decoderWithoutRows() {
        return new BinlogEventDecoder(UndecodedRowsEvent::new);
    }

    /** One event of a file as the reader returned it. */
    record Read(EventPosition position, BinlogEvent event) {
        int typeCode() {
            return event.header().typeCode();
        }
    }

    /** All events of a file, or the error that ended reading, with the events before it. */
    record Outcome(List<Read> events, Exception error) {
    }

    static Outcome readAll(Path file, BinlogEventDecoder decoder) {
        List<Read> events = new java.util.ArrayList<>();
        try (BinlogFileReader reader = BinlogFileReader.open(file, decoder)) {
            while (reader.next()) {
                events.add(new Read(reader.position(), reader.event()));
            }
            return new Outcome(events, null);
        } catch (IOException | RuntimeException e) {
            return new Outcome(events, e);
        }
    }
}
