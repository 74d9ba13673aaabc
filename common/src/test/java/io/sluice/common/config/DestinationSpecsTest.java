package io.sluice.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sluice.common.position.BinlogPosition;

class DestinationSpecsTest {

    private static final String FULL = """
            destinations:
              - name: example
                source: {host: db1, port: 3307, user: repl, password: "${REPL_PASSWORD}",
                         tls: {mode: verify-ca, caFile: /etc/ca.pem}, serverId: 4242, charset: latin1,
                         connectTimeout: 3s}
                start: "mysql-bin.000003:4"
                filter:
                  include: "shop\\\\..*"
                  exclude: "shop\\\\.tmp_.*"
                  includeColumns: "shop.orders:id/amount"
                  drop: [inserts, transactionEntries]
                  dropTypes: [TRUNCATE, ERASE]
                store:
                  segmentBytes: 64MB
                  segmentAge: 1d
                  durability: perCommit
                  retention: {maxBytes: 10GB, maxAge: 3d, hardCapBytes: 20GB}
                entries: {values: canal, timestampZone: Europe/Berlin, charset: latin1}
              - name: other
                source: {host: db2, user: repl}
            """;

    private static List<DestinationSpec> parse(String yaml) {
        return DestinationSpecs.parseDocument(ConfigFiles.parse(yaml, "dest.yaml"));
    }

    private static ConfigException error(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml));
    }

    @Test
    void readsEveryKey() {
        List<DestinationSpec> specs = parse(FULL);
        assertEquals(2, specs.size());
        DestinationSpec spec = specs.get(0);
        assertEquals("example", spec.name());
        SourceSpec source = spec.source();
        assertEquals("db1:3307", source.address());
        assertEquals("${REPL_PASSWORD}", source.password(), "references are kept as written");
        assertEquals(new SourceSpec.Tls("verify-ca", Optional.of("/etc/ca.pem")), source.tls());
        assertEquals(OptionalLong.of(4242), source.serverId());
        assertEquals("latin1", source.charset());
        assertEquals(Duration.ofSeconds(3), source.connectTimeout());
        assertEquals(new StartSpec.FilePosition(new BinlogPosition("mysql-bin.000003", 4)), spec.start());
        assertEquals("shop\\..*", spec.filter().include());
        assertEquals(Set.of(FilterSpec.Drop.INSERTS, FilterSpec.Drop.TRANSACTION_ENTRIES), spec.filter().drops());
        assertEquals(Map.of("canal.instance.filter.regex", "shop\\..*",
                "canal.instance.filter.black.regex", "shop\\.tmp_.*",
                "canal.instance.filter.field", "shop.orders:id/amount",
                "canal.instance.filter.dml.insert", "true",
                "canal.instance.filter.transaction.entry", "true",
                "sluice.filter.drop.types", "ERASE,TRUNCATE"), spec.filter().toCanalProperties());
        assertEquals(64L << 20, spec.store().segmentBytes());
        assertEquals(Duration.ofDays(1), spec.store().segmentAge());
        assertEquals(StoreSpec.Durability.Mode.PER_COMMIT, spec.store().durability().mode());
        assertEquals(OptionalLong.of(20L << 30), spec.store().retention().hardCapBytes());
        assertEquals(new EntriesSpec(EntriesSpec.Values.CANAL, Optional.of("Europe/Berlin"), "ISO-8859-1"),
                spec.entries(), "charset names are kept in Java's canonical spelling");
    }

    @Test
    void appliesDefaults() {
        DestinationSpec spec = parse(FULL).get(1);
        assertEquals(3306, spec.source().port());
        assertEquals("", spec.source().password());
        assertEquals(SourceSpec.Tls.PREFERRED, spec.source().tls());
        assertEquals("utf8mb4", spec.source().charset());
        assertEquals(StartSpec.Latest.INSTANCE, spec.start());
        assertEquals(FilterSpec.NONE, spec.filter());
        assertEquals(StoreSpec.DEFAULTS, spec.store());
        assertEquals(256L << 20, spec.store().segmentBytes());
        assertEquals("interval:100ms", spec.store().durability().toString());
        assertEquals(EntriesSpec.CANAL, spec.entries());
        assertEquals(new EntriesSpec(EntriesSpec.Values.CANAL, Optional.empty(), "UTF-8"), spec.entries());
    }

    @Test
    void readsEntries() {
        String base = "name: a\nsource: {host: h, user: u}\n";
        assertEquals(EntriesSpec.CANAL, parse(base + "entries: {}\n").get(0).entries());
        assertEquals(EntriesSpec.CANAL, parse(base + "entries: {values: canal}\n").get(0).entries());
        assertEquals(new EntriesSpec(EntriesSpec.Values.SLUICE, Optional.empty(), "UTF-8"),
                parse(base + "entries: {values: sluice}\n").get(0).entries());
        assertEquals(new EntriesSpec(EntriesSpec.Values.SLUICE, Optional.of("UTC"), "UTF-8"),
                parse(base + "entries:\n  values: sluice\n  timestampZone: UTC\n").get(0).entries());
        assertEquals(Optional.of("+02:00"),
                parse(base + "entries: {timestampZone: '+02:00'}\n").get(0).entries().timestampZone());
        assertEquals(new EntriesSpec(EntriesSpec.Values.CANAL, Optional.of("Asia/Shanghai"), "GBK"),
                parse(base + "entries: {timestampZone: Asia/Shanghai, charset: gbk}\n").get(0).entries());
    }

    @Test
    void entriesErrorsNameKeyAcceptedAndFound() {
        String base = "name: a\nsource: {host: h, user: u}\n";
        ConfigException e = error(base + "entries: {values: labels}\n");
        assertEquals("dest.yaml: entries.values: expected one of canal, sluice, found \"labels\"", e.getMessage());
        assertEquals("entries.values", e.key());

        e = error(base + "entries: {values: Canal}\n");
        assertEquals("dest.yaml: entries.values: expected one of canal, sluice, found \"Canal\"", e.getMessage());

        e = error(base + "entries: {timestampZone: Mars/Olympus}\n");
        assertEquals("dest.yaml: entries.timestampZone: expected a time zone id such as UTC, Europe/Berlin or"
                + " +02:00, found \"Mars/Olympus\"", e.getMessage());

        e = error(base + "entries: {charset: utf8mb4}\n");
        assertEquals("dest.yaml: entries.charset: expected a Java charset name such as UTF-8, ISO-8859-1 or GBK,"
                + " found \"utf8mb4\"", e.getMessage());

        e = error(base + "entries: {values: sluice, charset: UTF-8}\n");
        assertEquals("dest.yaml: entries.charset: only values canal decodes text with one charset; values sluice"
                + " uses each column's own, so remove this key", e.getMessage());

        e = error(base + "entries: {values: sluice, timestampzone: UTC}\n");
        assertEquals("dest.yaml: entries.timestampzone: unknown key; accepted keys here are values, timestampZone,"
                + " charset", e.getMessage());

        e = error(base + "entries: sluice\n");
        assertEquals("dest.yaml: entries: expected a mapping with keys values, timestampZone, charset, found"
                + " \"sluice\"", e.getMessage());

        e = error(base + "entries: {values: [canal]}\n");
        assertEquals("dest.yaml: entries.values: expected one of canal, sluice, found a list", e.getMessage());
    }

    @Test
    void entriesRecordChecksItsValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new EntriesSpec(EntriesSpec.Values.CANAL, Optional.of("Nowhere/Else"), "UTF-8"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EntriesSpec(EntriesSpec.Values.CANAL, Optional.empty(), "no-such-charset"));
        assertTrue(e.getMessage().startsWith("'no-such-charset' is not a Java charset name"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new EntriesSpec(EntriesSpec.Values.SLUICE, Optional.empty(), "GBK"));
        assertTrue(e.getMessage().startsWith("charset GBK is used only with values canal"), e.getMessage());
        assertEquals("UTF-8", new EntriesSpec(EntriesSpec.Values.CANAL, Optional.empty(), "utf8").charset());
    }

    @Test
    void acceptsAListASingleMappingOrAWrapper() {
        String one = "name: a\nsource: {host: h, user: u}\n";
        assertEquals("a", parse(one).get(0).name());
        assertEquals(List.of("a", "b"), parse("- name: a\n  source: {host: h, user: u}\n- name: b\n  source: {host: h, user: u}\n")
                .stream().map(DestinationSpec::name).toList());
        assertEquals(2, parse(FULL).size());
    }

    @Test
    void readsEachStartForm() {
        assertEquals(StartSpec.Latest.INSTANCE, StartSpec.parse("latest"));
        assertEquals(new StartSpec.Gtid("0-1-100"), StartSpec.parse("gtid:0-1-100"));
        assertEquals(new StartSpec.Gtid("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-100"),
                StartSpec.parse("gtid:3e11fa47-71ca-11e1-9e33-c80aa9429562:1-100"));
        assertEquals(new StartSpec.Timestamp(Instant.parse("2026-11-26T10:00:00Z")),
                StartSpec.parse("timestamp:2026-11-26T10:00:00Z"));
        assertEquals(new StartSpec.Timestamp(Instant.parse("2026-11-26T09:00:00Z")),
                StartSpec.parse("timestamp:2026-11-26T10:00:00+01:00"));
        for (String text : List.of("latest", "mysql-bin.000003:4", "gtid:0-1-100", "timestamp:2026-11-26T10:00:00Z")) {
            assertEquals(text, StartSpec.parse(text).toString());
        }
    }

    @Test
    void errorsNameFileKeyAcceptedAndFound() {
        ConfigException e = error("- name: a\n  source: {host: h, user: u, port: 70000}\n");
        assertEquals("dest.yaml: [0].source.port: expected an integer in 1..65535, found 70000", e.getMessage());
        assertEquals("[0].source.port", e.key());

        e = error("destinations:\n  - name: a\n    source: {host: h, user: u}\n    start: yesterday\n");
        assertTrue(e.getMessage().startsWith("dest.yaml: destinations[0].start: "), e.getMessage());
        assertTrue(e.getMessage().contains("latest, a binlog position FILE:POS"), e.getMessage());

        e = error("name: a\nsource: {host: h, user: u, tls: sometimes}\n");
        assertEquals("dest.yaml: source.tls: expected one of disabled, preferred, required, verify-ca, "
                + "verify-identity, found \"sometimes\"", e.getMessage());

        e = error("name: a\nsource: {host: h, user: u, tls: {mode: required, caFile: /ca.pem}}\n");
        assertTrue(e.getMessage().startsWith("dest.yaml: source.tls: a CA file is used only by"), e.getMessage());

        e = error("name: a\nsource: {host: h, user: u}\nstore: {segmentBytes: 3GB}\n");
        assertTrue(e.getMessage().startsWith("dest.yaml: store.segmentBytes: expected a size such as"), e.getMessage());
        assertTrue(e.getMessage().endsWith("found \"3GB\""), e.getMessage());

        e = error("name: a\nsource: {host: h, user: u}\nstore: {durability: always}\n");
        assertTrue(e.getMessage().contains("perCommit, interval:DURATION"), e.getMessage());

        e = error("name: a\nsource: {host: h, user: u}\nstore: {retention: {maxBytes: 2GB, hardCapBytes: 1GB}}\n");
        assertTrue(e.getMessage().startsWith("dest.yaml: store.retention.hardCapBytes: "), e.getMessage());

        e = error("name: a\nsource: {host: h, user: u}\nfilter: {drop: [everything]}\n");
        assertEquals("dest.yaml: filter.drop[0]: expected one of inserts, updates, deletes, queryEntries, "
                + "dmlStatements, otherStatements, transactionEntries, found \"everything\"", e.getMessage());

        e = error("name: a\nsource: {host: h, user: u}\nfilter: {dropTypes: [truncate]}\n");
        assertTrue(e.getMessage().startsWith("dest.yaml: filter.dropTypes[0]: 'truncate' is not a canal event type"),
                e.getMessage());

        e = error("name: 'bad name'\nsource: {host: h, user: u}\n");
        assertTrue(e.getMessage().startsWith("dest.yaml: name: destination name must be a name of 1 to 128"),
                e.getMessage());

        e = error("name: a\n");
        assertTrue(e.getMessage().startsWith("dest.yaml: source: missing; expected a mapping"), e.getMessage());

        e = error("name: a\nsource: {host: h, user: u, password: yes}\n");
        assertTrue(e.getMessage().contains("put the value in quotes"), e.getMessage());
    }

    @Test
    void unknownKeysAreErrors() {
        ConfigException e = error("name: a\nsource: {host: h, user: u, pasword: x}\n");
        assertEquals("dest.yaml: source.pasword: unknown key; accepted keys here are host, port, user, password, "
                + "tls, serverId, charset, connectTimeout", e.getMessage());
        e = error("destinations: []\nextra: 1\n");
        assertEquals("extra", e.key());
    }

    @Test
    void duplicateNamesAndKeysAreErrors() {
        ConfigException e = error("- {name: a, source: {host: h, user: u}}\n- {name: a, source: {host: h, user: u}}\n");
        assertEquals("dest.yaml: [1].name: destination 'a' is already defined at [0]; names must be unique",
                e.getMessage());
        e = error("name: a\nname: b\nsource: {host: h, user: u}\n");
        assertTrue(e.getMessage().contains("Duplicate field 'name'"), e.getMessage());
    }

    @Test
    void badReferenceSyntaxIsAnErrorButUnsetVariablesAreNotCheckedYet() {
        ConfigException e = error("name: a\nsource: {host: h, user: u, password: 'pa$word'}\n");
        assertTrue(e.getMessage().startsWith("dest.yaml: source.password: '$' at character 3 starts no"),
                e.getMessage());
        SourceSpec source = parse("name: a\nsource: {host: h, user: '${U}', password: '${P}x'}\n").get(0).source();
        assertEquals("secretx", source.resolvedPassword(Map.of("P", "secret")::get, "zk:/a"));
        e = assertThrows(ConfigException.class, () -> source.resolvedUser(name -> null, "zk:/a"));
        assertEquals("zk:/a: source.user: environment variable U is not set; set it before starting, or write the"
                + " value without ${...}", e.getMessage());
        assertTrue(!source.toString().contains("${P}"), "toString hides the password");
    }

    @Test
    void jsonRoundTripKeepsEverything() {
        for (DestinationSpec spec : parse(FULL)) {
            byte[] json = DestinationSpecs.toJson(spec);
            assertTrue(new String(json, StandardCharsets.UTF_8).startsWith("{\"version\":1,\"name\":"));
            assertEquals(spec, DestinationSpecs.fromJson(json, "/zk/node"));
        }
        DestinationSpec gtid = parse("name: g\nsource: {host: h, user: u}\nstart: 'gtid:0-1-100'\n").get(0);
        assertEquals(gtid, DestinationSpecs.fromJson(DestinationSpecs.toJson(gtid), "n"));
        DestinationSpec sluice = parse("name: s\nsource: {host: h, user: u}\n"
                + "entries: {values: sluice, timestampZone: UTC}\n").get(0);
        assertEquals(sluice, DestinationSpecs.fromJson(DestinationSpecs.toJson(sluice), "n"));
    }

    @Test
    void jsonSpellsOutEntries() {
        DestinationSpec spec = parse("name: a\nsource: {host: h, user: u}\n").get(0);
        assertEquals("{\"values\":\"canal\",\"charset\":\"UTF-8\"}",
                DestinationSpecs.toTree(spec).get("entries").toString());
        spec = parse("name: a\nsource: {host: h, user: u}\nentries: {values: sluice, timestampZone: UTC}\n").get(0);
        assertEquals("{\"values\":\"sluice\",\"timestampZone\":\"UTC\"}",
                DestinationSpecs.toTree(spec).get("entries").toString());
    }

    @Test
    void jsonWrittenBeforeEntriesReadsAsCanal() {
        String old = "{\"version\":1,\"name\":\"a\",\"source\":{\"host\":\"h\",\"port\":3306,\"user\":\"u\","
                + "\"password\":\"\",\"tls\":{\"mode\":\"preferred\"},\"charset\":\"utf8mb4\","
                + "\"connectTimeout\":\"10s\"},\"start\":\"latest\",\"filter\":{\"include\":\"\",\"exclude\":\"\","
                + "\"includeColumns\":\"\",\"excludeColumns\":\"\",\"drop\":[],\"dropTypes\":[]},"
                + "\"store\":{\"segmentBytes\":\"256MB\",\"segmentAge\":\"7d\",\"durability\":\"interval:100ms\","
                + "\"retention\":{}}}";
        DestinationSpec spec = DestinationSpecs.fromJson(old.getBytes(StandardCharsets.UTF_8), "/zk/a");
        assertEquals(EntriesSpec.CANAL, spec.entries());
        assertEquals(parse("name: a\nsource: {host: h, user: u}\n").get(0), spec);

        ConfigException e = assertThrows(ConfigException.class, () -> DestinationSpecs.fromJson(
                old.replace("}}}", "}},\"entries\":{\"values\":\"raw\"}}").getBytes(StandardCharsets.UTF_8),
                "/zk/a"));
        assertEquals("/zk/a: entries.values: expected one of canal, sluice, found \"raw\"", e.getMessage());
    }

    @Test
    void jsonOfAnotherVersionIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> DestinationSpecs.fromJson(
                "{\"version\":2,\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8), "/sluice/config/destinations/a"));
        assertEquals("/sluice/config/destinations/a: version: expected format version 1 (written by this sluice"
                + " version), found 2", e.getMessage());
        e = assertThrows(ConfigException.class, () -> DestinationSpecs.fromJson(new byte[] {'{', 'x'}, "n"));
        assertTrue(e.getMessage().startsWith("n: not valid JSON"));
    }
}
