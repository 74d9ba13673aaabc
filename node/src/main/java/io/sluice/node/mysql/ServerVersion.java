package io.sluice.node.mysql;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server's flavor and version numbers, from its version string: {@code 8.0.36}, {@code 8.4.0-commercial},
 * {@code 10.11.6-MariaDB-0+deb12u1-log}, or MariaDB's handshake form {@code 5.5.5-10.11.6-MariaDB} (the {@code 5.5.5-}
 * prefix is for clients that would reject a major version above 5; MariaDB 11 dropped it).
 *
 * @param flavor MySQL or MariaDB
 * @param major  e.g. 10
 * @param minor  e.g. 11
 * @param patch  e.g. 6
 * @param text   the version string as the server sent it
 */
public record ServerVersion(ServerFlavor flavor, int major, int minor, int patch, String text)
        implements Comparable<ServerVersion> {

    private static final Pattern NUMBERS = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");
    private static final String MARIADB_COMPAT_PREFIX = "5.5.5-";

    /** Used in messages before any FORMAT_DESCRIPTION event has been seen. */
    public static final ServerVersion UNKNOWN =
            new ServerVersion(ServerFlavor.MYSQL, 0, 0, 0, "unknown (no FORMAT_DESCRIPTION_EVENT seen yet)");

    public ServerVersion {
        Objects.requireNonNull(flavor, "flavor");
        Objects.requireNonNull(text, "text");
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative: " + major + "." + minor + "."
                    + patch);
        }
    }

    /**
     * Reads a version string; "MariaDB" anywhere in it (case-insensitive) means MariaDB.
     *
     * @throws IllegalArgumentException if it does not start with three numbers
     */
    public static ServerVersion parse(String text) {
        boolean mariaDb = text.toLowerCase(java.util.Locale.ROOT).contains("mariadb");
        String numbers = mariaDb && text.startsWith(MARIADB_COMPAT_PREFIX)
                ? text.substring(MARIADB_COMPAT_PREFIX.length()) : text;
        Matcher m = NUMBERS.matcher(numbers);
        if (!m.find()) {
            throw new IllegalArgumentException("server version '" + text + "' does not start with major.minor.patch");
        }
        return new ServerVersion(mariaDb ? ServerFlavor.MARIADB : ServerFlavor.MYSQL, Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), text);
    }

    /**
     * Reads the version a binlog's FORMAT_DESCRIPTION event states, as the server itself splits it
     * ({@code do_server_version_split}): never fails; parts that are not numbers below 256 make it 0.0.0, and
     * "MariaDB" or "-maria-" in the text means MariaDB.
     */
    public static ServerVersion parseLenient(String text) {
        int[] split = new int[3];
        int pos = 0;
        for (int i = 0; i < 3; i++) {
            int start = pos;
            long number = 0;
            while (pos < text.length() && pos - start < 4 && Character.isDigit(text.charAt(pos))) {
                number = number * 10 + (text.charAt(pos) - '0');
                pos++;
            }
            boolean dot = pos < text.length() && text.charAt(pos) == '.';
            // like strtoul: no digits reads as 0; only the first number must be followed by a dot
            if ((pos == start && i == 0) || number >= 256 || (!dot && i == 0)) {
                split = new int[3];
                break;
            }
            split[i] = (int) number;
            if (!dot) {
                break;
            }
            pos++;
        }
        boolean mariaDb = text.contains("MariaDB") || text.contains("-maria-");
        return new ServerVersion(mariaDb ? ServerFlavor.MARIADB : ServerFlavor.MYSQL, split[0], split[1], split[2],
                text);
    }

    /**
     * Whether this server's FORMAT_DESCRIPTION event ends with a checksum algorithm byte and a 4-byte checksum
     * (or room for one): MySQL 5.6.1 and later, MariaDB 5.3 and later.
     */
    public boolean writesChecksumAlgorithm() {
        return isMariaDb() ? atLeast(5, 3, 0) : atLeast(5, 6, 1);
    }

    public boolean isMariaDb() {
        return flavor == ServerFlavor.MARIADB;
    }

    public boolean isMysql() {
        return flavor == ServerFlavor.MYSQL;
    }

    /** True if this version is at least {@code major.minor.patch} (the flavor is not compared). */
    public boolean atLeast(int major, int minor, int patch) {
        return compareNumbers(major, minor, patch) >= 0;
    }

    @Override
    public int compareTo(ServerVersion o) {
        return compareNumbers(o.major, o.minor, o.patch);
    }

    private int compareNumbers(int otherMajor, int otherMinor, int otherPatch) {
        int c = Integer.compare(major, otherMajor);
        if (c == 0) {
            c = Integer.compare(minor, otherMinor);
        }
        return c != 0 ? c : Integer.compare(patch, otherPatch);
    }

    /** {@code MariaDB 10.11.6} or {@code MySQL 8.0.36}; the text itself when it held no version numbers. */
    @Override
    public String toString() {
        if (major == 0 && minor == 0 && patch == 0) {
            return text;
        }
        return (isMariaDb() ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch;
    }
}
