package io.sluice.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads {@link DestinationSpec}s from configuration trees and writes them back, in the same key layout: the JSON
 * kept in ZooKeeper is the configuration form with every default filled in plus a {@code version} key, so one reader
 * serves files, ZooKeeper and {@code sluicectl}. Thread-safe.
 */
public final class DestinationSpecs {

    /**
     * Format of the JSON kept in ZooKeeper; a reader refuses versions it does not know. Keys added within a version
     * are optional when read ({@code entries} came later), so JSON written before them still reads, as the default.
     */
    public static final int FORMAT_VERSION = 1;

    static final String[] DESTINATION_KEYS = {"name", "source", "start", "filter", "store", "entries"};
    static final String[] SOURCE_KEYS = {"host", "port", "user", "password", "tls", "serverId", "charset",
            "connectTimeout"};
    static final String[] TLS_KEYS = {"mode", "caFile"};
    static final String[] FILTER_KEYS = {"include", "exclude", "includeColumns", "excludeColumns", "drop",
            "dropTypes"};
    static final String[] STORE_KEYS = {"segmentBytes", "segmentAge", "durability", "retention"};
    static final String[] RETENTION_KEYS = {"maxBytes", "maxAge", "hardCapBytes"};
    static final String[] ENTRIES_KEYS = {"values", "timestampZone", "charset"};

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MAX_AGE = Duration.ofDays(100 * 365);

    private DestinationSpecs() {
    }

    // ---------------------------------------------------------------- reading

    /**
     * The destinations in a file, as {@code sluicectl destination apply -f} takes it: a list of destinations, a
     * mapping {@code {destinations: [...]}}, or one destination mapping.
     *
     * @throws ConfigException naming the file and key of the first problem
     */
    public static List<DestinationSpec> read(Path file) {
        return parseDocument(ConfigFiles.read(file));
    }

    /** As {@link #read(Path)}, for a document already parsed. */
    public static List<DestinationSpec> parseDocument(ConfigNode root) {
        if (root.isList()) {
            return parseList(root);
        }
        if (root.isMapping() && root.json().has("destinations")) {
            root.keys("destinations");
            return parseList(root.require("destinations", "a list of destinations"));
        }
        if (root.isMapping()) {
            return List.of(parse(root));
        }
        throw root.invalid("a destination mapping, a list of them, or a mapping {destinations: [...]}");
    }

    /**
     * A list of destinations, whose names must differ.
     *
     * @throws ConfigException naming the source and key of the first problem
     */
    public static List<DestinationSpec> parseList(ConfigNode list) {
        List<DestinationSpec> specs = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ConfigNode item : list.list("destination mappings")) {
            DestinationSpec spec = parse(item);
            String earlier = seen.putIfAbsent(spec.name(), item.path());
            if (earlier != null) {
                throw new ConfigException(item.source(), item.path() + ".name", "destination '" + spec.name()
                        + "' is already defined at " + earlier + "; names must be unique");
            }
            specs.add(spec);
        }
        return List.copyOf(specs);
    }

    /**
     * One destination mapping. References in {@code source.user} and {@code source.password} are checked for syntax
     * but not resolved.
     *
     * @throws ConfigException naming the source and key of the first problem
     */
    public static DestinationSpec parse(ConfigNode node) {
        node.keys(DESTINATION_KEYS);
        ConfigNode nameNode = node.require("name", DestinationSpec.NAME_ACCEPTED);
        String name = nameNode.string(DestinationSpec.NAME_ACCEPTED);
        check(nameNode, DestinationSpec.NAME_ACCEPTED, () -> DestinationSpec.checkName(name));
        SourceSpec source = parseSource(node.require("source", "a mapping with host, port, user and password"));
        StartSpec start = node.get("start").map(DestinationSpecs::parseStart).orElse(StartSpec.Latest.INSTANCE);
        FilterSpec filter = node.get("filter").map(DestinationSpecs::parseFilter).orElse(FilterSpec.NONE);
        StoreSpec store = node.get("store").map(DestinationSpecs::parseStore).orElse(StoreSpec.DEFAULTS);
        EntriesSpec entries = node.get("entries").map(DestinationSpecs::parseEntries).orElse(EntriesSpec.CANAL);
        return new DestinationSpec(name, source, start, filter, store, entries);
    }

    private static SourceSpec parseSource(ConfigNode node) {
        node.keys(SOURCE_KEYS);
        String host = node.require("host", "a host name or IP address").string("a host name or IP address");
        if (host.isBlank()) {
            throw node.require("host", "").invalid("a host name or IP address");
        }
        int port = node.get("port").map(p -> (int) p.integer(1, 65535)).orElse(SourceSpec.DEFAULT_PORT);
        ConfigNode userNode = node.require("user", "the replication user's name");
        String user = userNode.string("a user name or ${NAME}");
        if (user.isEmpty()) {
            throw userNode.invalid("a user name or ${NAME}");
        }
        EnvReferences.check(user, userNode.source(), userNode.path());
        String password = "";
        Optional<ConfigNode> passwordNode = node.get("password");
        if (passwordNode.isPresent()) {
            password = passwordNode.get().string("a password or ${NAME}");
            EnvReferences.check(password, passwordNode.get().source(), passwordNode.get().path());
        }
        SourceSpec.Tls tls = node.get("tls").map(DestinationSpecs::parseTls).orElse(SourceSpec.Tls.PREFERRED);
        OptionalLong serverId = node.get("serverId").map(s -> OptionalLong.of(s.integer(1, SourceSpec.MAX_SERVER_ID)))
                .orElse(OptionalLong.empty());
        String charset = SourceSpec.DEFAULT_CHARSET;
        Optional<ConfigNode> charsetNode = node.get("charset");
        if (charsetNode.isPresent()) {
            String accepted = "a MySQL character set name such as utf8mb4 (letters, digits, '_')";
            charset = charsetNode.get().string(accepted);
            if (!charset.matches("[A-Za-z0-9_]{1,64}")) {
                throw charsetNode.get().invalid(accepted);
            }
        }
        Duration connectTimeout = node.get("connectTimeout")
                .map(t -> t.duration(Duration.ofMillis(1), MAX_CONNECT_TIMEOUT))
                .orElse(SourceSpec.DEFAULT_CONNECT_TIMEOUT);
        String finalCharset = charset;
        String finalPassword = password;
        return check(node, "a valid source", () -> new SourceSpec(host, port, user, finalPassword, tls, serverId,
                finalCharset, connectTimeout));
    }

    private static SourceSpec.Tls parseTls(ConfigNode node) {
        String modes = String.join(", ", SourceSpec.Tls.MODES);
        if (!node.isMapping()) {
            String mode = node.string("a TLS mode (" + modes + ") or a mapping {mode, caFile}");
            if (!SourceSpec.Tls.MODES.contains(mode)) {
                throw node.invalid("one of " + modes);
            }
            return new SourceSpec.Tls(mode, Optional.empty());
        }
        node.keys(TLS_KEYS);
        ConfigNode modeNode = node.require("mode", "one of " + modes);
        String mode = modeNode.string("one of " + modes);
        if (!SourceSpec.Tls.MODES.contains(mode)) {
            throw modeNode.invalid("one of " + modes);
        }
        Optional<String> caFile = node.get("caFile").map(f -> f.string("the path of a PEM file of CA certificates"));
        return check(node, "TLS settings", () -> new SourceSpec.Tls(mode, caFile));
    }

    private static StartSpec parseStart(ConfigNode node) {
        String text = node.string(StartSpec.ACCEPTED);
        return check(node, StartSpec.ACCEPTED, () -> StartSpec.parse(text));
    }

    private static FilterSpec parseFilter(ConfigNode node) {
        node.keys(FILTER_KEYS);
        String include = optionalString(node, "include", "table patterns (regular expressions, comma-separated)");
        String exclude = optionalString(node, "exclude", "table patterns (regular expressions, comma-separated)");
        String includeColumns = optionalString(node, "includeColumns", "column lists such as shop.orders:id/amount");
        String excludeColumns = optionalString(node, "excludeColumns", "column lists such as shop.orders:id/amount");
        Set<FilterSpec.Drop> drops = EnumSet.noneOf(FilterSpec.Drop.class);
        Optional<ConfigNode> dropNode = node.get("drop");
        if (dropNode.isPresent()) {
            for (ConfigNode item : dropNode.get().list(FilterSpec.Drop.accepted())) {
                String name = item.string("one of " + FilterSpec.Drop.accepted());
                drops.add(FilterSpec.Drop.byConfigName(name)
                        .orElseThrow(() -> item.invalid("one of " + FilterSpec.Drop.accepted())));
            }
        }
        Set<String> dropTypes = new TreeSet<>();
        Optional<ConfigNode> typesNode = node.get("dropTypes");
        if (typesNode.isPresent()) {
            String accepted = "a canal event type: " + FilterSpec.eventTypeNames();
            for (ConfigNode item : typesNode.get().list("canal event types")) {
                String type = item.string(accepted);
                check(item, accepted, () -> new FilterSpec("", "", "", "", Set.of(), Set.of(type)));
                dropTypes.add(type);
            }
        }
        return new FilterSpec(include, exclude, includeColumns, excludeColumns, drops, dropTypes);
    }

    private static StoreSpec parseStore(ConfigNode node) {
        node.keys(STORE_KEYS);
        long segmentBytes = node.get("segmentBytes").map(n -> n.size(1, StoreSpec.MAX_SEGMENT_BYTES))
                .orElse(StoreSpec.DEFAULT_SEGMENT_BYTES);
        Duration segmentAge = node.get("segmentAge").map(n -> n.duration(Duration.ofMillis(1), MAX_AGE))
                .orElse(StoreSpec.DEFAULT_SEGMENT_AGE);
        StoreSpec.Durability durability = node.get("durability").map(n -> {
            String text = n.string(StoreSpec.Durability.ACCEPTED);
            return check(n, StoreSpec.Durability.ACCEPTED, () -> StoreSpec.Durability.parse(text));
        }).orElse(StoreSpec.Durability.DEFAULT);
        StoreSpec.Retention retention = node.get("retention").map(DestinationSpecs::parseRetention)
                .orElse(StoreSpec.Retention.NONE);
        return new StoreSpec(segmentBytes, segmentAge, durability, retention);
    }

    private static StoreSpec.Retention parseRetention(ConfigNode node) {
        node.keys(RETENTION_KEYS);
        OptionalLong maxBytes = node.get("maxBytes").map(n -> OptionalLong.of(n.size(1, Long.MAX_VALUE)))
                .orElse(OptionalLong.empty());
        Optional<Duration> maxAge = node.get("maxAge").map(n -> n.duration(Duration.ofMillis(1), MAX_AGE));
        Optional<ConfigNode> capNode = node.get("hardCapBytes");
        OptionalLong hardCap = capNode.map(n -> OptionalLong.of(n.size(1, Long.MAX_VALUE)))
                .orElse(OptionalLong.empty());
        return check(capNode.orElse(node), "hardCapBytes at least maxBytes",
                () -> new StoreSpec.Retention(maxBytes, maxAge, hardCap));
    }

    private static EntriesSpec parseEntries(ConfigNode node) {
        node.keys(ENTRIES_KEYS);
        String valuesAccepted = "one of " + EntriesSpec.Values.accepted();
        EntriesSpec.Values values = node.get("values")
                .map(n -> EntriesSpec.Values.byConfigName(n.string(valuesAccepted))
                        .orElseThrow(() -> n.invalid(valuesAccepted)))
                .orElse(EntriesSpec.Values.CANAL);
        Optional<String> zone = node.get("timestampZone").map(n -> {
            String id = n.string(EntriesSpec.ZONE_ACCEPTED);
            valid(n, EntriesSpec.ZONE_ACCEPTED, () -> EntriesSpec.zone(id));
            return id;
        });
        String charset = EntriesSpec.DEFAULT_CHARSET;
        Optional<ConfigNode> charsetNode = node.get("charset");
        if (charsetNode.isPresent()) {
            ConfigNode n = charsetNode.get();
            if (values != EntriesSpec.Values.CANAL) {
                throw n.error("only values " + EntriesSpec.Values.CANAL.configName() + " decodes text with one charset;"
                        + " values " + values.configName() + " uses each column's own, so remove this key");
            }
            charset = n.string(EntriesSpec.CHARSET_ACCEPTED);
            String name = charset;
            valid(n, EntriesSpec.CHARSET_ACCEPTED, () -> EntriesSpec.charset(name));
        }
        String finalCharset = charset;
        return check(node, "valid entries settings", () -> new EntriesSpec(values, zone, finalCharset));
    }

    private static String optionalString(ConfigNode node, String key, String accepted) {
        return node.get(key).map(n -> n.string(accepted)).orElse("");
    }

    /** Runs a check, turning its IllegalArgumentException into "expected {@code accepted}, found (the value)". */
    private static void valid(ConfigNode node, String accepted, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw node.invalid(accepted);
        }
    }

    /** Runs a record constructor, turning its IllegalArgumentException into an error at {@code node}. */
    private static <T> T check(ConfigNode node, String accepted, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage() + "; expected " + accepted);
        }
    }

    // ---------------------------------------------------------------- ZooKeeper form

    /** The canonical JSON kept in ZooKeeper: {@link #toTree} plus {@code "version": }{@value #FORMAT_VERSION}. */
    public static byte[] toJson(DestinationSpec spec) {
        ObjectNode tree = NODES.objectNode();
        tree.put("version", FORMAT_VERSION);
        tree.setAll(toTree(spec));
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write destination " + spec.name() + " as JSON", e);
        }
    }

    /**
     * Reads what {@link #toJson} wrote.
     *
     * @param source names the data in errors, e.g. the ZooKeeper path
     * @throws ConfigException if the data is not such JSON, or of another format version
     */
    public static DestinationSpec fromJson(byte[] data, String source) {
        JsonNode tree;
        try {
            tree = JSON.readTree(data);
        } catch (IOException e) {
            throw new ConfigException(source, "", "not valid JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source, "", "expected a JSON object holding a destination");
        }
        ObjectNode copy = ((ObjectNode) tree).deepCopy();
        JsonNode version = copy.remove("version");
        if (version == null || !version.isInt() || version.asInt() != FORMAT_VERSION) {
            throw ConfigException.invalid(source, "version", "format version " + FORMAT_VERSION
                    + " (written by this sluice version)", ConfigNode.describe(version));
        }
        return parse(ConfigNode.root(copy, source));
    }

    /** The configuration form of {@code spec} with every default spelt out; {@link #parse} reads it back. */
    public static ObjectNode toTree(DestinationSpec spec) {
        ObjectNode tree = NODES.objectNode();
        tree.put("name", spec.name());
        tree.set("source", sourceTree(spec.source()));
        tree.put("start", spec.start().toString());
        tree.set("filter", filterTree(spec.filter()));
        tree.set("store", storeTree(spec.store()));
        tree.set("entries", entriesTree(spec.entries()));
        return tree;
    }

    private static ObjectNode sourceTree(SourceSpec source) {
        ObjectNode tree = NODES.objectNode();
        tree.put("host", source.host());
        tree.put("port", source.port());
        tree.put("user", source.user());
        tree.put("password", source.password());
        ObjectNode tls = tree.putObject("tls");
        tls.put("mode", source.tls().mode());
        source.tls().caFile().ifPresent(f -> tls.put("caFile", f));
        source.serverId().ifPresent(id -> tree.put("serverId", id));
        tree.put("charset", source.charset());
        tree.put("connectTimeout", ConfigUnits.formatDuration(source.connectTimeout()));
        return tree;
    }

    private static ObjectNode filterTree(FilterSpec filter) {
        ObjectNode tree = NODES.objectNode();
        tree.put("include", filter.include());
        tree.put("exclude", filter.exclude());
        tree.put("includeColumns", filter.includeColumns());
        tree.put("excludeColumns", filter.excludeColumns());
        ArrayNode drop = tree.putArray("drop");
        for (FilterSpec.Drop d : FilterSpec.Drop.values()) {
            if (filter.drops().contains(d)) {
                drop.add(d.configName());
            }
        }
        ArrayNode types = tree.putArray("dropTypes");
        new TreeSet<>(filter.dropTypes()).forEach(types::add);
        return tree;
    }

    private static ObjectNode storeTree(StoreSpec store) {
        ObjectNode tree = NODES.objectNode();
        tree.put("segmentBytes", ConfigUnits.formatSize(store.segmentBytes()));
        tree.put("segmentAge", ConfigUnits.formatDuration(store.segmentAge()));
        tree.put("durability", store.durability().toString());
        ObjectNode retention = tree.putObject("retention");
        store.retention().maxBytes().ifPresent(b -> retention.put("maxBytes", ConfigUnits.formatSize(b)));
        store.retention().maxAge().ifPresent(a -> retention.put("maxAge", ConfigUnits.formatDuration(a)));
        store.retention().hardCapBytes().ifPresent(b -> retention.put("hardCapBytes", ConfigUnits.formatSize(b)));
        return tree;
    }

    private static ObjectNode entriesTree(EntriesSpec entries) {
        ObjectNode tree = NODES.objectNode();
        tree.put("values", entries.values().configName());
        entries.timestampZone().ifPresent(z -> tree.put("timestampZone", z));
        if (entries.values() == EntriesSpec.Values.CANAL) {
            tree.put("charset", entries.charset());
        }
        return tree;
    }

    /** Pretty-printed {@link #toTree}, for people. */
    public static String toPrettyJson(DestinationSpec spec) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toTree(spec));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write destination " + spec.name() + " as JSON", e);
        }
    }

    /** The bytes as UTF-8 text, for messages about a node's content. */
    static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }
}
