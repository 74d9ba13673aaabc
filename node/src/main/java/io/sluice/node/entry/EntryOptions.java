package io.sluice.node.entry;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The per-destination switches between sluice's value text and canal's where canal is wrong (see docs/entries.md,
 * "Differences from canal"). Every other convention is canal's in both settings.
 *
 * @param enumAsLabels          ENUM and SET values as their labels ({@code b}, {@code a,c}); false: canal's index and
 *                              bitmask ({@code 2}, {@code 5})
 * @param perColumnCharset      text decoded in each column's own character set; false: canal's one charset for the
 *                              whole destination ({@link #instanceCharset})
 * @param timestampZone         the zone TIMESTAMP values are rendered in; canal uses the JVM's default zone
 * @param jsonPartialAsDocument a partial JSON update delivered as the full resulting document; false: canal's
 *                              {@code JSON_REPLACE(col, '$.path', value)} expression
 * @param instanceCharset       canal's {@code canal.instance.connectionCharset}: what text is decoded with when
 *                              {@code perColumnCharset} is false (unused otherwise)
 * @param decimalFullScale      DECIMAL with every digit of its scale ({@code 1.00}); false: canal's text, which leaves
 *                              out the last {@code scale % 9} fraction digits when they are all zero ({@code 1.0} for
 *                              DECIMAL(10,2), {@code 0.0} when no fraction digit is left)
 */
public record EntryOptions(
        boolean enumAsLabels,
        boolean perColumnCharset,
        ZoneId timestampZone,
        boolean jsonPartialAsDocument,
        Charset instanceCharset,
        boolean decimalFullScale) {

    public EntryOptions {
        Objects.requireNonNull(timestampZone, "timestampZone (use ZoneId.systemDefault() for canal's behaviour)");
        Objects.requireNonNull(instanceCharset, "instanceCharset (canal's default is UTF-8)");
    }

    /**
     * Sluice's defaults: labels, per-column charsets, full JSON documents, every DECIMAL scale digit, TIMESTAMP in
     * {@code zone}.
     */
    public static EntryOptions sluice(ZoneId zone) {
        return new EntryOptions(true, true, zone, true, StandardCharsets.UTF_8, true);
    }

    /** Sluice's defaults with TIMESTAMP in the system's zone, as canal renders it. */
    public static EntryOptions defaults() {
        return sluice(ZoneId.systemDefault());
    }

    /** Everything as canal does it: indexes and bitmasks, one charset, JSON diff expressions, DECIMAL text. */
    public static EntryOptions canal(ZoneId zone, Charset instanceCharset) {
        return new EntryOptions(false, false, zone, false, instanceCharset, false);
    }
}
