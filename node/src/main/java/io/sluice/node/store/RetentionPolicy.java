package io.sluice.node.store;

/**
 * How much of an {@link EventLog} to keep, checked once here. Applied by {@link EventLog#applyRetention}, which only
 * ever deletes whole sealed segments, oldest first, and never the active one. A limit of 0 means unlimited.
 *
 * <p>The soft limits ({@code maxBytes}, {@code maxAgeMillis}) never remove a record a registered client still needs;
 * the hard cap does, to keep the disk from filling up behind a client that stopped acknowledging.
 *
 * @param maxBytes     delete old segments while the log holds more than this many bytes, 0 for no limit
 * @param maxAgeMillis delete segments whose data file was last written longer ago than this, 0 for no limit
 * @param hardCapBytes delete old segments while the log holds more than this, even records not yet acknowledged;
 *                     0 for no cap. When set with {@code maxBytes} it must be at least {@code maxBytes}
 */
public record RetentionPolicy(long maxBytes, long maxAgeMillis, long hardCapBytes) {

    /** Keeps everything. */
    public static final RetentionPolicy UNLIMITED = new RetentionPolicy(0, 0, 0);

    public RetentionPolicy {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("retention maxBytes must be >= 0 (0 = unlimited), got " + maxBytes);
        }
        if (maxAgeMillis < 0) {
            throw new IllegalArgumentException("retention maxAgeMillis must be >= 0 (0 = unlimited), got "
                    + maxAgeMillis);
        }
        if (hardCapBytes < 0) {
            throw new IllegalArgumentException("retention hardCapBytes must be >= 0 (0 = no cap), got "
                    + hardCapBytes);
        }
        if (hardCapBytes > 0 && maxBytes > 0 && hardCapBytes < maxBytes) {
            throw new IllegalArgumentException("retention hardCapBytes (" + hardCapBytes + ") must be >= maxBytes ("
                    + maxBytes + "): the cap overrides client acknowledgements, so it must not bite before the "
                    + "soft size limit; raise hardCapBytes or set it to 0");
        }
    }

    /** Whether any limit is set. */
    public boolean limited() {
        return maxBytes > 0 || maxAgeMillis > 0 || hardCapBytes > 0;
    }

    @Override
    public String toString() {
        if (!limited()) {
            return "unlimited";
        }
        return "maxBytes=" + (maxBytes == 0 ? "unlimited" : maxBytes)
                + ", maxAgeMillis=" + (maxAgeMillis == 0 ? "unlimited" : maxAgeMillis)
                + ", hardCapBytes=" + (hardCapBytes == 0 ? "none" : hardCapBytes);
    }
}
