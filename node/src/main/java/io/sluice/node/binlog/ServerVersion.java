package io.sluice.node.binlog;

import java.util.Objects;

/**
 * The version of the server that wrote a binlog, as its FORMAT_DESCRIPTION event states it (e.g.
 * {@code 8.0.32}, {@code 5.6.4-m7-debug-log}, {@code 10.5.15-MariaDB-1:10.5.15+maria~focal-log}). Only the first
 * three numbers matter for the format; MySQL splits them the same way ({@code do_server_version_split}).
 *
 * @param text    the version string as written, without its NUL padding
 * @param major   first number, 0 when the text does not start with a number
 * @param minor   second number
 * @param patch   third number
 * @param mariaDb written by MariaDB (the text contains "MariaDB" or "-maria-"), whose formats differ in places
 */
public record ServerVersion(String text, int major, int minor, int patch, boolean mariaDb) {
    /** Used in messages before any FORMAT_DESCRIPTION event has been seen. */
    public static final ServerVersion UNKNOWN = new ServerVersion("unknown (no FORMAT_DESCRIPTION_EVENT seen yet)",
            0, 0, 0, false);

    public ServerVersion {
        Objects.requireNonNull(text, "text");
    }

    /** Splits {@code text} into three numbers; parts that are not numbers below 256 make the version 0.0.0, as in MySQL. */
    public static ServerVersion parse(String text) {
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
        return new ServerVersion(text, split[0], split[1], split[2], mariaDb);
    }

    public boolean atLeast(int major, int minor, int patch) {
        if (this.major != major) {
            return this.major > major;
        }
        if (this.minor != minor) {
            return this.minor > minor;
        }
        return this.patch >= patch;
    }

    /**
     * Whether the FORMAT_DESCRIPTION event of this server ends with a checksum algorithm byte and a 4-byte checksum
     * (or room for one): MySQL 5.6.1 and later, MariaDB 5.3 and later.
     */
    public boolean writesChecksumAlgorithm() {
        return mariaDb ? atLeast(5, 3, 0) : atLeast(5, 6, 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
