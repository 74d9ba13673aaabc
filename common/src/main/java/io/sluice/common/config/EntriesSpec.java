package io.sluice.common.config;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a destination renders the values in its canal entries; the node turns it into its {@code EntryOptions} (see
 * docs/entries.md, "Differences from canal"). The default, {@link #CANAL}, gives exactly canal 1.1.8's strings, so
 * existing canal consumers see no difference.
 *
 * @param values        {@link Values#CANAL} or {@link Values#SLUICE}
 * @param timestampZone the zone TIMESTAMP columns are rendered in, a {@link ZoneId} id such as {@code UTC} or
 *                      {@code Europe/Berlin}; empty: the node's system zone, as canal does it
 * @param charset       canal's instance charset ({@code canal.instance.connectionCharset}), a Java charset name kept
 *                      in its canonical spelling; every text column is decoded with it. Only {@link Values#CANAL}
 *                      uses it, so with {@link Values#SLUICE} it must be {@value #DEFAULT_CHARSET}
 */
public record EntriesSpec(Values values, Optional<String> timestampZone, String charset) {

    public static final String DEFAULT_CHARSET = "UTF-8";
    public static final String ZONE_ACCEPTED = "a time zone id such as UTC, Europe/Berlin or +02:00";
    public static final String CHARSET_ACCEPTED = "a Java charset name such as UTF-8, ISO-8859-1 or GBK";

    /** canal 1.1.8's values, TIMESTAMP in the node's system zone, text in UTF-8. */
    public static final EntriesSpec CANAL = new EntriesSpec(Values.CANAL, Optional.empty(), DEFAULT_CHARSET);

    /** Which value text entries carry, each with its name in configuration. */
    public enum Values {
        /** canal's: ENUM as 1-based index, SET as bitmask, one charset, partial JSON updates as diff expressions. */
        CANAL("canal"),
        /** sluice's: ENUM and SET as labels, each column in its own charset, partial JSON updates as documents. */
        SLUICE("sluice");

        private final String configName;

        Values(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<Values> byConfigName(String name) {
            return Arrays.stream(values()).filter(v -> v.configName.equals(name)).findFirst();
        }

        /** The names accepted in configuration, for error messages. */
        public static String accepted() {
            return Arrays.stream(values()).map(Values::configName).collect(Collectors.joining(", "));
        }
    }

    public EntriesSpec {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(timestampZone, "timestampZone");
        Objects.requireNonNull(charset, "charset");
        timestampZone = timestampZone.map(zone -> zone(zone).getId());
        charset = charset(charset).name();
        if (values != Values.CANAL && !charset.equals(DEFAULT_CHARSET)) {
            throw new IllegalArgumentException("charset " + charset + " is used only with values "
                    + Values.CANAL.configName() + "; values " + values.configName()
                    + " decodes each column in its own character set");
        }
    }

    /**
     * @throws IllegalArgumentException naming {@code id} if it is not a zone id {@link ZoneId#of} knows
     */
    public static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + id + "' is not " + ZONE_ACCEPTED, e);
        }
    }

    /**
     * @throws IllegalArgumentException naming {@code name} if this JVM has no such charset
     */
    public static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("'" + name + "' is not " + CHARSET_ACCEPTED + " known to this JVM",
                    e);
        }
    }
}
