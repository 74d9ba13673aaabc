package io.sluice.node.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The bytes a store's files take, for the store-size gauge. A listing per scrape is cheap next to a scrape. */
final class StoreSize {
    private StoreSize() {
    }

    static long of(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(StoreSize::size).sum();
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // deleted by retention between listing and asking
        }
    }
}
