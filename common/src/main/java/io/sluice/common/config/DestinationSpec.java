package io.sluice.common.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One destination as configured: a source database stream served to canal clients under {@code name}. Cluster-wide:
 * kept in ZooKeeper and read by every node. Immutable.
 *
 * @param name    {@value #NAME_PATTERN}; canal clients subscribe with it
 * @param source  the source database
 * @param start   where to start when the destination has no position yet
 * @param filter  what to keep
 * @param store   how the local store is kept
 * @param entries how values are rendered in the entries clients receive
 */
public record DestinationSpec(String name, SourceSpec source, StartSpec start, FilterSpec filter, StoreSpec store,
                              EntriesSpec entries) {

    public static final String NAME_PATTERN = "[A-Za-z0-9_-]{1,128}";
    public static final String NAME_ACCEPTED = "a name of 1 to 128 letters, digits, '_' or '-'";
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    public DestinationSpec {
        checkName(name);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(entries, "entries");
    }

    /**
     * @throws IllegalArgumentException if {@code name} is not a valid destination name
     */
    public static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("destination name must be " + NAME_ACCEPTED + ", got '" + name + "'");
        }
        return name;
    }
}
