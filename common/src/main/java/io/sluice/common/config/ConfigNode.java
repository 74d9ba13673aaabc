package io.sluice.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One value of a parsed configuration document (YAML or JSON, read by Jackson) together with where it is: the source
 * (file or ZooKeeper node) and its key path. Every accessor checks the type and turns a mismatch into a
 * {@link ConfigException} naming source, key, what is accepted and what was found. Immutable.
 *
 * <p>Mappings are read with {@link #keys(String...)} first, which rejects keys the reader does not know: a misspelt
 * key would otherwise be silently ignored and its default used.
 */
public final class ConfigNode {

    private final JsonNode node;
    private final String source;
    private final String path;

    private ConfigNode(JsonNode node, String source, String path) {
        this.node = node;
        this.source = source;
        this.path = path;
    }

    /** The root of a document read from {@code source}. */
    public static ConfigNode root(JsonNode node, String source) {
        return new ConfigNode(Objects.requireNonNull(node, "node"), Objects.requireNonNull(source, "source"), "");
    }

    public String source() {
        return source;
    }

    /** The key path, e.g. {@code destinations[0].source.port}; empty for the root. */
    public String path() {
        return path;
    }

    public JsonNode json() {
        return node;
    }

    /** An error at this key. */
    public ConfigException error(String problem) {
        return new ConfigException(source, path, problem);
    }

    /** "expected {@code accepted}, found (this value)". */
    public ConfigException invalid(String accepted) {
        return ConfigException.invalid(source, path, accepted, describe(node));
    }

    // ---------------------------------------------------------------- mappings

    public boolean isMapping() {
        return node.isObject();
    }

    /**
     * Requires a mapping whose keys are all among {@code accepted}.
     *
     * @return this node, for chaining
     */
    public ConfigNode keys(String... accepted) {
        if (!node.isObject()) {
            throw invalid("a mapping with keys " + String.join(", ", accepted));
        }
        Set<String> allowed = new LinkedHashSet<>(List.of(accepted));
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ConfigException(source, child(name), "unknown key; accepted keys here are "
                        + String.join(", ", accepted));
            }
        }
        return this;
    }

    /** The value under {@code key}, empty if absent or null. */
    public Optional<ConfigNode> get(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? Optional.empty()
                : Optional.of(new ConfigNode(value, source, child(key)));
    }

    /**
     * The value under {@code key}.
     *
     * @param accepted what a value there may be, for the error if it is missing
     */
    public ConfigNode require(String key, String accepted) {
        return get(key).orElseThrow(() -> new ConfigException(source, child(key), "missing; expected " + accepted));
    }

    // ---------------------------------------------------------------- lists

    public boolean isList() {
        return node.isArray();
    }

    /** The elements of a list. */
    public List<ConfigNode> list(String accepted) {
        if (!node.isArray()) {
            throw invalid("a list of " + accepted);
        }
        List<ConfigNode> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new ConfigNode(node.get(i), source, path + "[" + i + "]"));
        }
        return items;
    }

    // ---------------------------------------------------------------- scalars

    /**
     * A string. Numbers are taken as written ({@code password: 1234}); booleans are refused, because YAML reads
     * {@code yes}, {@code no}, {@code on} and {@code off} as booleans and the original text is lost.
     */
    public String string(String accepted) {
        if (node.isTextual() || node.isNumber()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            throw error("expected " + accepted + ", found a boolean (" + node.asText() + "); YAML reads yes/no/on/off"
                    + " as booleans, so put the value in quotes");
        }
        throw invalid(accepted);
    }

    /** A string, then {@link EnvReferences#resolve resolved} through {@code env}. */
    public String resolvedString(String accepted, Function<String, String> env) {
        return EnvReferences.resolve(string(accepted), env, source, path);
    }

    /** An integer in {@code [min, max]}; a string of digits is accepted too. */
    public long integer(long min, long max) {
        String accepted = "an integer in " + min + ".." + max;
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isTextual() && node.asText().strip().matches("-?\\d{1,19}")) {
            try {
                value = Long.parseLong(node.asText().strip());
            } catch (NumberFormatException e) {
                throw invalid(accepted);
            }
        } else {
            throw invalid(accepted);
        }
        if (value < min || value > max) {
            throw invalid(accepted);
        }
        return value;
    }

    public boolean bool() {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isTextual()) {
            switch (node.asText().strip().toLowerCase(Locale.ROOT)) {
                case "true":
                    return true;
                case "false":
                    return false;
                default:
                    break;
            }
        }
        throw invalid("true or false");
    }

    /** A size such as {@code 256MB} (a plain integer is a number of bytes), in {@code [min, max]} bytes. */
    public long size(long min, long max) {
        String accepted = ConfigUnits.SIZE_ACCEPTED + ", from " + ConfigUnits.formatSize(min) + " to "
                + ConfigUnits.formatSize(max);
        long value;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.asLong();
        } else if (node.isTextual()) {
            try {
                value = ConfigUnits.parseSize(node.asText());
            } catch (IllegalArgumentException e) {
                throw invalid(accepted);
            }
        } else {
            throw invalid(accepted);
        }
        if (value < min || value > max) {
            throw invalid(accepted);
        }
        return value;
    }

    /** A duration such as {@code 7d}, in {@code [min, max]}. */
    public Duration duration(Duration min, Duration max) {
        String accepted = ConfigUnits.DURATION_ACCEPTED + ", from " + ConfigUnits.formatDuration(min) + " to "
                + ConfigUnits.formatDuration(max);
        if (!node.isTextual()) {
            throw invalid(accepted);
        }
        Duration value;
        try {
            value = ConfigUnits.parseDuration(node.asText());
        } catch (IllegalArgumentException e) {
            throw invalid(accepted);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw invalid(accepted);
        }
        return value;
    }

    @Override
    public String toString() {
        return source + ":" + path;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** How a found value is shown in an error: scalars as written, containers by kind. */
    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isBoolean()) {
            return "a boolean (" + node.asText() + ")";
        }
        return node.asText();
    }
}
