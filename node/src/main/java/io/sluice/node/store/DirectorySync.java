package io.sluice.node.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces a directory's entries to the storage device, so that a file created or deleted there is still created or
 * deleted after a power cut. Without it a new segment's name may vanish with its (forced) data, and a deleted
 * segment may come back.
 *
 * <p>Linux and other POSIX systems allow {@code fsync} on a directory opened read-only; some platforms (Windows)
 * refuse to open a directory as a channel. There the operating system gives no way to do this, so the failure is
 * logged once and ignored. Stateless apart from that warning; thread-safe.
 */
final class DirectorySync {
    private static final Logger log = LoggerFactory.getLogger(DirectorySync.class);
    private static volatile boolean unsupportedLogged;

    private DirectorySync() {
    }

    /** Forces {@code dir}'s entries; an I/O error on a platform that supports it is thrown. */
    static void force(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            unsupported(dir, e);
            return;
        }
        try (channel) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems answer EINVAL or EBADF for fsync on a directory; a real write error on a
            // supporting system would surface on the data files' own forces as well.
            unsupported(dir, e);
        }
    }

    private static void unsupported(Path dir, Exception e) {
        if (!unsupportedLogged) {
            unsupportedLogged = true;
            log.warn("cannot force directory {} ({}); file creations and deletions there may not survive a power "
                    + "cut on this platform", dir, e.toString());
        }
    }
}
