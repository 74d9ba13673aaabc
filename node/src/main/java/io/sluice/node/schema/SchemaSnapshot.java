package io.sluice.node.schema;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tracked definitions at one moment of the binlog: the server's defaults, databases and tables. Immutable, so a
 * snapshot (and every definition in it) handed out never changes; {@link SchemaHistory} makes a new one per DDL.
 * Names are looked up as the server compares them ({@link ServerDefaults#lowerCaseTableNames}).
 */
public final class SchemaSnapshot {
    private final ServerDefaults server;
    private final Map<String, DatabaseDefinition> databases;
    private final Map<TableName, TableDefinition> tables;

    private SchemaSnapshot(ServerDefaults server, Map<String, DatabaseDefinition> databases,
            Map<TableName, TableDefinition> tables) {
        this.server = server;
        this.databases = databases;
        this.tables = tables;
    }

    public static SchemaSnapshot of(ServerDefaults server, Collection<DatabaseDefinition> databases,
            Collection<TableDefinition> tables) {
        Objects.requireNonNull(server, "server");
        Map<String, DatabaseDefinition> dbs = new LinkedHashMap<>();
        for (DatabaseDefinition d : databases) {
            dbs.put(server.nameKey(d.name()), d);
        }
        Map<TableName, TableDefinition> ts = new LinkedHashMap<>();
        for (TableDefinition t : tables) {
            ts.put(key(server, t.schema(), t.name()), t);
        }
        return new SchemaSnapshot(server, Map.copyOf(dbs), Map.copyOf(ts));
    }

    static TableName key(ServerDefaults server, String schema, String name) {
        return new TableName(server.nameKey(schema), server.nameKey(name));
    }

    public ServerDefaults server() {
        return server;
    }

    public Optional<TableDefinition> table(String schema, String name) {
        return Optional.ofNullable(tables.get(key(server, schema, name)));
    }

    public Optional<DatabaseDefinition> database(String name) {
        return Optional.ofNullable(databases.get(server.nameKey(name)));
    }

    /** All tables, sorted by schema and name. */
    public List<TableDefinition> tables() {
        return tables.values().stream()
                .sorted(Comparator.comparing(TableDefinition::schema).thenComparing(TableDefinition::name)).toList();
    }

    /** All databases, sorted by name. */
    public List<DatabaseDefinition> databases() {
        return databases.values().stream().sorted(Comparator.comparing(DatabaseDefinition::name)).toList();
    }

    Map<String, DatabaseDefinition> databaseMap() {
        return databases;
    }

    Map<TableName, TableDefinition> tableMap() {
        return tables;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchemaSnapshot s && server.equals(s.server) && databases.equals(s.databases)
                && tables.equals(s.tables);
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, databases, tables);
    }

    @Override
    public String toString() {
        return "SchemaSnapshot[" + databases.size() + " databases, " + tables.size() + " tables]";
    }
}
