package io.sluice.common.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes ({@code 256MB}) and durations ({@code 7d}) as written in configuration files, and back. Units are binary
 * for sizes (1 KB = 1024 bytes, as in MySQL's own settings; {@code KiB} is accepted as a synonym) and required for
 * durations, because a bare number would be ambiguous between milliseconds and seconds.
 */
public final class ConfigUnits {

    public static final String SIZE_ACCEPTED = "a size such as 1048576, 512KB, 256MB or 2GB (units B, KB, MB, GB, TB;"
            + " 1 KB = 1024 B)";
    public static final String DURATION_ACCEPTED = "a duration such as 100ms, 30s, 15m, 12h or 7d";

    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*([KMGT]i?B|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,19})\\s*(ms|s|m|h|d)");

    private ConfigUnits() {
    }

    /**
     * @throws IllegalArgumentException naming the text if it is not a size or overflows a long
     */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size");
        }
        long shift = switch (m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT).replace("I", "")) {
            case "B" -> 0;
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> throw new IllegalArgumentException("'" + text + "' has an unknown unit");
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large", e);
        }
    }

    /** The shortest exact spelling: {@code 268435456} becomes {@code 256MB}. */
    public static String formatSize(long bytes) {
        String[] units = {"TB", "GB", "MB", "KB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return bytes + "B";
    }

    /**
     * @throws IllegalArgumentException naming the text if it is not a duration or overflows
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long", e);
        }
    }

    /** The shortest exact spelling: 7 days become {@code 7d}, 1500 ms stay {@code 1500ms}. */
    public static String formatDuration(Duration duration) {
        long ms = duration.toMillis();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms != 0 && ms % sizes[i] == 0) {
                return ms / sizes[i] + units[i];
            }
        }
        return ms + "ms";
    }
}
