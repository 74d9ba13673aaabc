package io.sluice.common.config;

import java.util.Objects;

/**
 * A configuration value that cannot be used. The message always names where the value came from (a file, or a
 * ZooKeeper node), the key path inside it ({@code destinations[0].source.port}), what is accepted and what was found,
 * so that the operator can fix it without reading code.
 */
public final class ConfigException extends RuntimeException {

    private final String source;
    private final String key;

    /**
     * @param source  the file or node the value came from
     * @param key     the key path, e.g. {@code destinations[0].source.port}; empty for the whole document
     * @param problem what is wrong and what is accepted
     */
    public ConfigException(String source, String key, String problem) {
        super(format(source, key, problem));
        this.source = Objects.requireNonNull(source, "source");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** "expected {@code accepted}, found {@code found}". */
    public static ConfigException invalid(String source, String key, String accepted, String found) {
        return new ConfigException(source, key, "expected " + accepted + ", found " + found);
    }

    public String source() {
        return source;
    }

    public String key() {
        return key;
    }

    private static String format(String source, String key, String problem) {
        return key.isEmpty() ? source + ": " + problem : source + ": " + key + ": " + problem;
    }
}
