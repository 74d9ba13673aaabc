package io.sluice.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creating, copying and deleting the throwaway directories the test kit's servers live in. */
final class Directories {

    private Directories() {
    }

    /** Creates a fresh directory under {@code java.io.tmpdir} whose name starts with {@code prefix}. */
    static Path createTemp(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temp directory under "
                    + System.getProperty("java.io.tmpdir") + "; check that it exists, is writable and has free space", e);
        }
    }

    /** Copies the tree under {@code source} into {@code target}, which must not exist yet, keeping file modes. */
    static void copy(Path source, Path target) {
        // Parents before children, so that each directory exists before its files are copied into it.
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Files.copy(path, target.resolve(source.relativize(path)), StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + source + " to " + target
                    + "; check the free space under " + target.getParent(), e);
        }
    }

    /** Deletes {@code directory} and everything below it (or just the file, if it is one); missing is not an error. */
    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        // Deepest paths first, so that each directory is empty when its turn comes.
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(path);
                } catch (NoSuchFileException e) {
                    // A server removed its own file (e.g. the socket) while we walked: that is what we wanted.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + directory + "; remove it by hand", e);
        }
    }

    /** Like {@link #delete(Path)} but ignores failures; for shutdown hooks, where nobody could handle them. */
    static void deleteQuietly(Path directory) {
        try {
            delete(directory);
        } catch (RuntimeException e) {
            // Best effort by design.
        }
    }
}
