package io.sluice.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the MariaDB programs the sandbox runs. */
final class Executables {

    /**
     * Searched after {@code PATH}: Debian installs {@code mariadbd} in /usr/sbin, which is not on the {@code PATH} of
     * every user or CI shell.
     */
    private static final List<String> EXTRA_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin");

    private Executables() {
    }

    /**
     * Returns the absolute path of the executable {@code name}.
     *
     * @param debianPackage the package that provides it, named in the error so the reader knows the fix
     * @throws IllegalStateException if it is in no searched directory
     */
    static Path find(String name, String debianPackage) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null && !path.isEmpty()) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(EXTRA_DIRECTORIES);
        for (String directory : directories) {
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("Cannot find '" + name + "' on PATH or in " + EXTRA_DIRECTORIES
                + "; install it with: apt-get install " + debianPackage);
    }
}
