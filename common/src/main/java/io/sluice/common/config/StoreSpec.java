package io.sluice.common.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a destination's local event store is kept. Defaults are the store's own ({@code EventLogConfig.defaults()}):
 * 256 MB segments rolled after 7 days, a flush every 100 ms, no retention limit.
 *
 * @param segmentBytes roll to a new segment once the active one holds this many bytes, 1 B..2 GB - 1
 * @param segmentAge   roll once the active segment is this old
 * @param durability   when appended records are forced to the device
 * @param retention    what the store deletes
 */
public record StoreSpec(long segmentBytes, Duration segmentAge, Durability durability, Retention retention) {

    public static final long DEFAULT_SEGMENT_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_SEGMENT_AGE = Duration.ofDays(7);
    public static final long MAX_SEGMENT_BYTES = Integer.MAX_VALUE;
    public static final StoreSpec DEFAULTS = new StoreSpec(DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_AGE,
            Durability.DEFAULT, Retention.NONE);

    public StoreSpec {
        if (segmentBytes < 1 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be in 1.." + MAX_SEGMENT_BYTES + ", got "
                    + segmentBytes);
        }
        Objects.requireNonNull(segmentAge, "segmentAge");
        if (segmentAge.toMillis() < 1) {
            throw new IllegalArgumentException("segmentAge must be at least 1 ms, got " + segmentAge);
        }
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(retention, "retention");
    }

    /**
     * When records are forced to the device, as the store's {@code DurabilityPolicy}. Written {@code perCommit},
     * {@code interval:100ms} or {@code os}.
     *
     * @param mode     see {@link Mode}
     * @param interval for {@link Mode#INTERVAL}, 1 ms..1 h; zero otherwise
     */
    public record Durability(Mode mode, Duration interval) {
        public static final String ACCEPTED = "perCommit, interval:DURATION (e.g. interval:100ms, from 1ms to 1h)"
                + " or os";
        public static final Duration MAX_INTERVAL = Duration.ofHours(1);
        public static final Durability DEFAULT = new Durability(Mode.INTERVAL, Duration.ofMillis(100));

        public enum Mode { PER_COMMIT, INTERVAL, OS }

        public Durability {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(interval, "interval");
            if (mode == Mode.INTERVAL) {
                if (interval.toMillis() < 1 || interval.compareTo(MAX_INTERVAL) > 0) {
                    throw new IllegalArgumentException("durability interval must be from 1ms to 1h, got "
                            + ConfigUnits.formatDuration(interval));
                }
            } else if (!interval.isZero()) {
                throw new IllegalArgumentException("only durability mode interval takes an interval");
            }
        }

        /**
         * @throws IllegalArgumentException if {@code text} is not one of {@link #ACCEPTED}
         */
        public static Durability parse(String text) {
            String t = text.strip();
            if (t.equals("perCommit")) {
                return new Durability(Mode.PER_COMMIT, Duration.ZERO);
            }
            if (t.equals("os")) {
                return new Durability(Mode.OS, Duration.ZERO);
            }
            if (t.startsWith("interval:")) {
                return new Durability(Mode.INTERVAL, ConfigUnits.parseDuration(t.substring("interval:".length())));
            }
            throw new IllegalArgumentException("'" + text + "' is not a durability setting");
        }

        @Override
        public String toString() {
            return switch (mode) {
                case PER_COMMIT -> "perCommit";
                case OS -> "os";
                case INTERVAL -> "interval:" + ConfigUnits.formatDuration(interval);
            };
        }
    }

    /**
     * What the store deletes. Records still needed by a client cursor are kept past {@code maxBytes} and
     * {@code maxAge}, but never past {@code hardCapBytes}.
     *
     * @param maxBytes     keep the store below this size; empty: no size limit
     * @param maxAge       delete segments whose newest record is older; empty: no age limit
     * @param hardCapBytes delete even records a client has not acknowledged beyond this size; empty: none. At least
     *                     {@code maxBytes} when both are set
     */
    public record Retention(OptionalLong maxBytes, Optional<Duration> maxAge, OptionalLong hardCapBytes) {
        public static final Retention NONE = new Retention(OptionalLong.empty(), Optional.empty(),
                OptionalLong.empty());

        public Retention {
            Objects.requireNonNull(maxBytes, "maxBytes");
            Objects.requireNonNull(maxAge, "maxAge");
            Objects.requireNonNull(hardCapBytes, "hardCapBytes");
            if (maxBytes.isPresent() && maxBytes.getAsLong() < 1) {
                throw new IllegalArgumentException("retention maxBytes must be positive");
            }
            if (hardCapBytes.isPresent() && hardCapBytes.getAsLong() < 1) {
                throw new IllegalArgumentException("retention hardCapBytes must be positive");
            }
            if (maxAge.isPresent() && maxAge.get().toMillis() < 1) {
                throw new IllegalArgumentException("retention maxAge must be at least 1ms");
            }
            if (maxBytes.isPresent() && hardCapBytes.isPresent() && hardCapBytes.getAsLong() < maxBytes.getAsLong()) {
                throw new IllegalArgumentException("retention hardCapBytes (" + ConfigUnits.formatSize(
                        hardCapBytes.getAsLong()) + ") must be at least maxBytes (" + ConfigUnits.formatSize(
                        maxBytes.getAsLong()) + ")");
            }
        }
    }
}
