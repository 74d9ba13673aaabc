package io.sluice.node.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.time.ZoneId;
import java.util.function.Function;

import io.sluice.common.config.DestinationSpec;
import io.sluice.common.config.EntriesSpec;
import io.sluice.common.config.FilterSpec;
import io.sluice.common.config.SourceSpec;
import io.sluice.common.config.StartSpec;
import io.sluice.common.config.StoreSpec;
import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.common.position.MysqlGtidSet;
import io.sluice.node.entry.EntryOptions;
import io.sluice.node.filter.DestinationFilter;
import io.sluice.node.mysql.MysqlConnectionConfig;
import io.sluice.node.mysql.ReplicaSettings;
import io.sluice.node.mysql.ResumePoint;
import io.sluice.node.mysql.StartPosition;
import io.sluice.node.mysql.TlsConfig;
import io.sluice.node.mysql.TlsMode;
import io.sluice.node.store.DurabilityPolicy;
import io.sluice.node.store.EventLogConfig;
import io.sluice.node.store.RetentionPolicy;
import io.sluice.node.store.SegmentConfig;

/**
 * Turns a destination's specification (as kept in ZooKeeper) into the settings of the node's parts: the source
 * connection, the replica identity, the start position, the filter, the store and how entry values are rendered.
 * Environment references in the source's user and password are resolved here, on the node that connects, so secrets
 * never travel through ZooKeeper.
 */
final class DestinationSettings {
    /** Replica server ids the node picks lie in [BASE, BASE + RANGE): far from the small ids people give servers. */
    private static final long PICKED_SERVER_ID_BASE = 1_000_000_000L;
    private static final long PICKED_SERVER_ID_RANGE = 1_000_000_000L;

    private DestinationSettings() {
    }

    static MysqlConnectionConfig connection(DestinationSpec spec, Function<String, String> env) {
        SourceSpec source = spec.source();
        String where = "destination " + spec.name();
        return MysqlConnectionConfig.builder(source.host(), source.port())
                .user(source.resolvedUser(env, where))
                .password(source.resolvedPassword(env, where))
                .tls(tls(source.tls()))
                .connectTimeout(source.connectTimeout())
                .readTimeout(Duration.ofSeconds(30))
                .build();
    }

    static TlsConfig tls(SourceSpec.Tls tls) {
        TlsMode mode = TlsMode.valueOf(tls.mode().toUpperCase(Locale.ROOT).replace('-', '_'));
        if (tls.caFile().isPresent()) {
            return TlsConfig.verifyWithCa(mode, Path.of(tls.caFile().get()));
        }
        // Without a CA file, verifying modes check against the JDK's trust store.
        return new TlsConfig(mode, null, null, null, null);
    }

    /**
     * The replica identity: the configured server id, else one derived from the destination name, stable across
     * restarts and nodes so that the source sees one replica per destination, never two at once.
     */
    static ReplicaSettings replica(DestinationSpec spec) {
        long serverId = spec.source().serverId().orElse(
                PICKED_SERVER_ID_BASE + Math.floorMod(spec.name().hashCode(), PICKED_SERVER_ID_RANGE));
        return ReplicaSettings.defaults(serverId).withHeartbeat(Duration.ofSeconds(5), Duration.ofSeconds(20));
    }

    static StartPosition start(StartSpec start) {
        if (start instanceof StartSpec.FilePosition f) {
            return ResumePoint.file(f.position());
        }
        if (start instanceof StartSpec.Timestamp t) {
            return StartPosition.at(t.time());
        }
        if (start instanceof StartSpec.Gtid g) {
            if (g.set().contains(":")) {
                return ResumePoint.mysqlGtids(MysqlGtidSet.parse(g.set()));
            }
            return ResumePoint.mariaDbGtids(MariaDbGtidPosition.parse(g.set()));
        }
        return StartPosition.latest();
    }

    static DestinationFilter filter(FilterSpec filter) {
        return DestinationFilter.parse(filter.toCanalProperties());
    }

    /** The entry builder's options; without a configured zone TIMESTAMP is rendered in the system's, as canal does. */
    static EntryOptions entries(EntriesSpec entries) {
        ZoneId zone = entries.timestampZone().map(EntriesSpec::zone).orElseGet(ZoneId::systemDefault);
        return switch (entries.values()) {
            case CANAL -> EntryOptions.canal(zone, EntriesSpec.charset(entries.charset()));
            case SLUICE -> EntryOptions.sluice(zone);
        };
    }

    static EventLogConfig store(StoreSpec store) {
        StoreSpec.Durability d = store.durability();
        DurabilityPolicy durability = switch (d.mode()) {
            case PER_COMMIT -> DurabilityPolicy.perCommit();
            case INTERVAL -> DurabilityPolicy.interval(d.interval().toMillis());
            case OS -> DurabilityPolicy.os();
        };
        StoreSpec.Retention r = store.retention();
        RetentionPolicy retention = new RetentionPolicy(r.maxBytes().orElse(0),
                r.maxAge().map(Duration::toMillis).orElse(0L), r.hardCapBytes().orElse(0));
        return new EventLogConfig(store.segmentBytes(), store.segmentAge().toMillis(), SegmentConfig.defaults(),
                durability, retention);
    }
}
