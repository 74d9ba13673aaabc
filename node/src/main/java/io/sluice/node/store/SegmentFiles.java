package io.sluice.node.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place that names store files. Nothing else in the store builds or parses a file name.
 *
 * <p>A segment whose first record has sequence {@code S} consists of
 * <pre>
 *   00000000000000001234.log     records, see {@link RecordFormat}
 *   00000000000000001234.index   sparse index, see {@link SparseIndex}
 * </pre>
 * The sequence is zero-padded to 20 digits (enough for any non-negative {@code long}) so that {@code ls} sorts the
 * files in sequence order.
 *
 * <p>All methods are static, pure and thread-safe.
 */
public final class SegmentFiles {
    /** Suffix of a segment's data file. */
    public static final String LOG_SUFFIX = ".log";
    /** Suffix of a segment's sparse index file. */
    public static final String INDEX_SUFFIX = ".index";
    /** Digits in the zero-padded first sequence. */
    public static final int SEQUENCE_DIGITS = 20;

    private SegmentFiles() {
    }

    /** {@code 00000000000000001234} for 1234. */
    public static String baseName(long firstSequence) {
        if (firstSequence < 0) {
            throw new IllegalArgumentException("segment first sequence must be >= 0, got " + firstSequence);
        }
        String digits = Long.toString(firstSequence);
        return "0".repeat(SEQUENCE_DIGITS - digits.length()) + digits;
    }

    /** The data file of the segment starting at {@code firstSequence} in {@code dir}. */
    public static Path logFile(Path dir, long firstSequence) {
        return dir.resolve(baseName(firstSequence) + LOG_SUFFIX);
    }

    /** The index file of the segment starting at {@code firstSequence} in {@code dir}. */
    public static Path indexFile(Path dir, long firstSequence) {
        return dir.resolve(baseName(firstSequence) + INDEX_SUFFIX);
    }

    /** Whether {@code file}'s name is a segment data file name (20 digits + {@code .log}). */
    public static boolean isLogFile(Path file) {
        return parse(file, LOG_SUFFIX) >= 0;
    }

    /** Whether {@code file}'s name is a segment index file name (20 digits + {@code .index}). */
    public static boolean isIndexFile(Path file) {
        return parse(file, INDEX_SUFFIX) >= 0;
    }

    /**
     * The first sequence encoded in a data or index file name.
     *
     * @throws IllegalArgumentException naming the file if it is neither
     */
    public static long firstSequence(Path file) {
        long fromLog = parse(file, LOG_SUFFIX);
        long sequence = fromLog >= 0 ? fromLog : parse(file, INDEX_SUFFIX);
        if (sequence < 0) {
            throw new IllegalArgumentException("'" + file + "' is not a store segment file; expected "
                    + SEQUENCE_DIGITS + " digits followed by " + LOG_SUFFIX + " or " + INDEX_SUFFIX);
        }
        return sequence;
    }

    /**
     * First sequences of the segment data files in {@code dir}, ascending. Other files are ignored.
     */
    public static List<Long> listSegments(Path dir) throws IOException {
        List<Long> sequences = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LOG_SUFFIX)) {
            for (Path file : files) {
                long sequence = parse(file, LOG_SUFFIX);
                if (sequence >= 0) {
                    sequences.add(sequence);
                }
            }
        }
        sequences.sort(null);
        return sequences;
    }

    /** The sequence, or -1 if the name does not match. */
    private static long parse(Path file, String suffix) {
        Objects.requireNonNull(file, "file");
        Path fileName = file.getFileName();
        if (fileName == null) {
            return -1;
        }
        String name = fileName.toString();
        if (name.length() != SEQUENCE_DIGITS + suffix.length() || !name.endsWith(suffix)) {
            return -1;
        }
        for (int i = 0; i < SEQUENCE_DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        try {
            return Long.parseLong(name, 0, SEQUENCE_DIGITS, 10);
        } catch (NumberFormatException e) {
            return -1; // 20 digits beyond Long.MAX_VALUE
        }
    }
}
