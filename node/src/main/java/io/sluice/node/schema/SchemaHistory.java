package io.sluice.node.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import io.sluice.node.binlog.QueryEvent;

/**
 * One destination's table definitions, kept current by applying the DDL of QUERY events in binlog order.
 *
 * <p><b>What is tracked.</b> Every table the destination's filter selects, as loaded at the start position
 * ({@link SourceSchemaLoader}), plus every table created later whatever the filter says: online schema change
 * tools (gh-ost, pt-online-schema-change) build a shadow table outside the selection, ALTER it and RENAME it into
 * place, and the history must know it then. A DDL the parser cannot read is an error
 * ({@link SchemaHistoryException}) unless every table it names is outside the selection; such a table is then
 * forgotten, so renaming it into the selection later is an error too, never a guess.
 *
 * <p><b>Names.</b> Database and table names compare exactly, as on Linux with {@code lower_case_table_names=0}
 * (the default); with 1 they are stored and compared in lower case, with 2 compared in lower case
 * ({@link ServerDefaults#lowerCaseTableNames}). Column and index names compare case-insensitively, as in the
 * server.
 *
 * <p><b>Ignored statements</b> (a {@link SchemaChange} of kind QUERY without tables): transaction control (BEGIN,
 * COMMIT, ROLLBACK, SAVEPOINT, RELEASE, XA), SET, account management (GRANT, REVOKE, CREATE/ALTER/DROP/RENAME
 * USER, roles), FLUSH/ANALYZE/OPTIMIZE/REPAIR/CHECK, statement-based DML, and CREATE/ALTER/DROP of views,
 * triggers, routines, events, sequences, servers and tablespaces; the full lists are
 * {@link DdlParser#IGNORED} and {@link DdlParser#IGNORED_OBJECTS}. Temporary tables are not tracked: in row-based
 * binlogs their rows are never logged.
 *
 * <p>Thread-safety: {@link #apply} and the other mutators must be called by one thread (the destination's
 * pipeline); {@link #snapshot()} and {@link #table} may be called from any thread and see a consistent state,
 * because every change publishes a new immutable {@link SchemaSnapshot}.
 */
public final class SchemaHistory {
    private final Predicate<TableName> selected;
    private volatile SchemaSnapshot current;

    /**
     * @param initial  definitions at the start position
     * @param selected the destination's table filter
     */
    public SchemaHistory(SchemaSnapshot initial, Predicate<TableName> selected) {
        this.current = Objects.requireNonNull(initial, "initial");
        this.selected = Objects.requireNonNull(selected, "selected");
    }

    /** The definitions now; never changes once returned. Thread-safe. */
    public SchemaSnapshot snapshot() {
        return current;
    }

    /** The current definition of a table, if tracked. Thread-safe. */
    public Optional<TableDefinition> table(String schema, String name) {
        return current.table(schema, name);
    }

    /** Whether the destination's filter selects the table. */
    public boolean isSelected(TableName name) {
        return selected.test(name);
    }

    /** Replaces or adds one table's definition, e.g. refreshed from the source at the head of the binlog. */
    public void refresh(TableDefinition table) {
        Working w = new Working(current);
        w.put(table);
        current = w.build();
    }

    /** Applies the statement of a QUERY event. */
    public SchemaChange apply(QueryEvent event) throws SchemaHistoryException {
        return apply(event.sql(), event.defaultDatabase());
    }

    /**
     * Applies one statement.
     *
     * @param defaultDatabase the session's current database (the QUERY event's), empty for none
     * @return what changed; a statement that changes no table gives kind QUERY and no tables
     * @throws SchemaHistoryException when the statement cannot be read and names a selected table (or names no
     *                                table at all), or refers to a selected table the history does not know
     */
    public SchemaChange apply(String sql, String defaultDatabase) throws SchemaHistoryException {
        Objects.requireNonNull(sql, "sql");
        String db = defaultDatabase == null ? "" : defaultDatabase;
        Ddl ddl;
        try {
            ddl = DdlParser.parse(sql);
        } catch (DdlParseException e) {
            return unreadable(e, sql, db);
        }
        Working w = new Working(current);
        SchemaChange change;
        try {
            change = w.apply(ddl, sql, db);
        } catch (IllegalArgumentException e) {
            throw new SchemaHistoryException("cannot apply DDL: " + e.getMessage() + "; statement: " + sql);
        }
        current = w.build();
        return change;
    }

    private SchemaChange unreadable(DdlParseException e, String sql, String db) throws SchemaHistoryException {
        List<TableName> names = new ArrayList<>();
        for (Ddl.Name n : e.targets()) {
            if (n.schema() != null || !db.isEmpty()) {
                names.add(new TableName(n.schema() != null ? n.schema() : db, n.table()));
            }
        }
        List<TableName> selectedNames = names.stream().filter(selected).toList();
        if (names.isEmpty() || !selectedNames.isEmpty()) {
            String which = names.isEmpty() ? "a statement that names no table it could read"
                    : "selected table" + (selectedNames.size() > 1 ? "s " : " ") + selectedNames;
            throw new SchemaHistoryException("cannot read DDL for " + which + ": " + e.describe()
                    + "; statement: " + sql + ". The schema history would drift from the source, so rows would be "
                    + "decoded with a wrong definition. Fix: exclude the table from the destination's filter, or "
                    + "restart the destination from a position after this statement so that definitions are read "
                    + "from the source again (and report the statement as a parser gap)");
        }
        Working w = new Working(current);
        List<SchemaChange.TableChange> changes = new ArrayList<>();
        for (TableName n : names) {
            TableDefinition before = w.remove(n);
            changes.add(new SchemaChange.TableChange(DdlKind.QUERY, n, null, false, before, null));
        }
        current = w.build();
        return new SchemaChange(DdlKind.QUERY, names.get(0).schema(), changes, sql, false);
    }

    /** Mutable copy of a snapshot for one statement; published only when the statement applied completely. */
    private final class Working {
        private final ServerDefaults server;
        private final Map<String, DatabaseDefinition> databases;
        private final Map<TableName, TableDefinition> tables;

        Working(SchemaSnapshot from) {
            this.server = from.server();
            this.databases = new LinkedHashMap<>(from.databaseMap());
            this.tables = new LinkedHashMap<>(from.tableMap());
        }

        SchemaSnapshot build() {
            return SchemaSnapshot.of(server, databases.values(), tables.values());
        }

        TableDefinition get(TableName n) {
            return tables.get(SchemaSnapshot.key(server, n.schema(), n.name()));
        }

        void put(TableDefinition t) {
            tables.put(SchemaSnapshot.key(server, t.schema(), t.name()), t);
        }

        TableDefinition remove(TableName n) {
            return tables.remove(SchemaSnapshot.key(server, n.schema(), n.name()));
        }

        DatabaseDefinition database(String name) {
            DatabaseDefinition d = databases.get(server.nameKey(name));
            return d != null ? d : new DatabaseDefinition(name, server.charset(), server.collation());
        }

        TableName resolve(Ddl.Name n, String db) {
            String schema = n.schema() != null ? n.schema() : db;
            if (schema.isEmpty()) {
                throw new IllegalArgumentException("table " + n + " is not qualified and the statement has no "
                        + "default database");
            }
            return stored(schema, n.table());
        }

        TableName stored(String schema, String name) {
            return server.lowerCaseTableNames() == 1
                    ? new TableName(schema.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                    : new TableName(schema, name);
        }

        SchemaChange apply(Ddl ddl, String sql, String db) throws SchemaHistoryException {
            if (ddl instanceof Ddl.Ignored) {
                return new SchemaChange(DdlKind.QUERY, db, List.of(), sql, true);
            }
            if (ddl instanceof Ddl.CreateTable c) {
                return createTable(c, sql, db);
            }
            if (ddl instanceof Ddl.CreateTableLike c) {
                return createTableLike(c, sql, db);
            }
            if (ddl instanceof Ddl.AlterTable a) {
                return alterTable(a, sql, db);
            }
            if (ddl instanceof Ddl.RenameTables r) {
                return renameTables(r, sql, db);
            }
            if (ddl instanceof Ddl.DropTables d) {
                List<SchemaChange.TableChange> changes = new ArrayList<>();
                for (Ddl.Name n : d.names()) {
                    TableName name = resolve(n, db);
                    TableDefinition before = d.temporary() ? null : remove(name);
                    changes.add(new SchemaChange.TableChange(DdlKind.ERASE, name, null, selected.test(name), before,
                            null));
                }
                return new SchemaChange(DdlKind.ERASE, changes.get(0).name().schema(), changes, sql, true);
            }
            if (ddl instanceof Ddl.Truncate t) {
                TableName name = resolve(t.name(), db);
                TableDefinition def = get(name);
                return single(DdlKind.TRUNCATE, name, null, def, def, sql);
            }
            if (ddl instanceof Ddl.CreateDatabase c) {
                DatabaseDefinition existing = databases.get(server.nameKey(c.name()));
                List<SchemaChange.TableChange> dropped = new ArrayList<>();
                if (c.orReplace()) {
                    dropped = dropDatabaseTables(c.name());
                } else if (existing != null && c.ifNotExists()) {
                    return new SchemaChange(DdlKind.QUERY, c.name(), List.of(), sql, true);
                }
                String[] cs = charset(c.charset(), c.collation(), server.charset(), server.collation(), c.name());
                String name = server.lowerCaseTableNames() == 1 ? c.name().toLowerCase(Locale.ROOT) : c.name();
                databases.put(server.nameKey(name), new DatabaseDefinition(name, cs[0], cs[1]));
                return new SchemaChange(DdlKind.QUERY, c.name(), dropped, sql, true);
            }
            if (ddl instanceof Ddl.DropDatabase d) {
                databases.remove(server.nameKey(d.name()));
                return new SchemaChange(DdlKind.QUERY, d.name(), dropDatabaseTables(d.name()), sql, true);
            }
            if (ddl instanceof Ddl.AlterDatabase a) {
                String name = a.name() != null ? a.name() : db;
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("ALTER DATABASE without a name and without a default "
                            + "database");
                }
                DatabaseDefinition d = database(name);
                String[] cs = charset(a.charset(), a.collation(), d.charset(), d.collation(), name);
                databases.put(server.nameKey(name), new DatabaseDefinition(d.name(), cs[0], cs[1]));
                return new SchemaChange(DdlKind.QUERY, name, List.of(), sql, true);
            }
            if (ddl instanceof Ddl.CreateIndex c) {
                TableName name = resolve(c.table(), db);
                TableDefinition def = get(name);
                return single(DdlKind.CINDEX, name, null, def, def, sql);
            }
            if (ddl instanceof Ddl.DropIndex d) {
                TableName name = resolve(d.table(), db);
                TableDefinition def = get(name);
                TableDefinition after = def;
                if (d.index().equalsIgnoreCase("PRIMARY")) {
                    requireTracked(name, def, sql);
                    if (def != null) {
                        after = new TableDefinition(def.schema(), def.name(), def.columns(), List.of(),
                                def.charset(), def.collation());
                        put(after);
                    }
                }
                return single(DdlKind.DINDEX, name, null, def, after, sql);
            }
            throw new IllegalStateException("unhandled statement " + ddl);
        }

        private SchemaChange single(DdlKind kind, TableName name, TableName previous, TableDefinition before,
                TableDefinition after, String sql) {
            return new SchemaChange(kind, name.schema(), List.of(new SchemaChange.TableChange(kind, name, previous,
                    selected.test(name), before, after)), sql, true);
        }

        private List<SchemaChange.TableChange> dropDatabaseTables(String database) {
            List<SchemaChange.TableChange> dropped = new ArrayList<>();
            String key = server.nameKey(database);
            for (TableDefinition t : List.copyOf(tables.values())) {
                if (server.nameKey(t.schema()).equals(key)) {
                    TableName name = new TableName(t.schema(), t.name());
                    remove(name);
                    dropped.add(new SchemaChange.TableChange(DdlKind.ERASE, name, null, selected.test(name), t,
                            null));
                }
            }
            return dropped;
        }

        /** {charset, collation} from a CHARACTER SET / COLLATE pair, either of which may be missing. */
        private String[] charset(String charset, String collation, String currentCharset, String currentCollation,
                String database) {
            String cs = Charsets.canonical(charset);
            String co = Charsets.canonical(collation);
            if (cs != null && cs.equals("default")) {
                DatabaseDefinition d = database(database);
                cs = d.charset();
                co = co == null ? d.collation() : co;
            }
            if (cs == null && co == null) {
                return new String[] {currentCharset, currentCollation};
            }
            if (co == null) {
                co = server.defaultCollation(cs);
                if (co == null) {
                    throw new IllegalArgumentException("unknown character set '" + cs + "'");
                }
            } else if (cs == null) {
                cs = Charsets.ofCollation(co);
                if (cs == null) {
                    throw new IllegalArgumentException("unknown collation '" + co + "'");
                }
            }
            return new String[] {cs, co};
        }

        private void requireTracked(TableName name, TableDefinition def, String sql) throws SchemaHistoryException {
            if (def == null && selected.test(name)) {
                throw new SchemaHistoryException("DDL on selected table " + name + " which the schema history does "
                        + "not know (it was not loaded at the start position and no CREATE TABLE was seen); "
                        + "statement: " + sql + ". Fix: restart the destination from a position after this statement "
                        + "so that its definition is read from the source");
            }
        }

        private SchemaChange createTable(Ddl.CreateTable c, String sql, String db) {
            TableName name = resolve(c.name(), db);
            if (c.temporary()) {
                return new SchemaChange(DdlKind.QUERY, name.schema(), List.of(), sql, true);
            }
            TableDefinition existing = get(name);
            if (existing != null && c.ifNotExists() && !c.orReplace()) {
                return single(DdlKind.CREATE, name, null, existing, existing, sql);
            }
            DatabaseDefinition database = database(name.schema());
            String[] cs = charset(c.charset(), c.collation(), database.charset(), database.collation(),
                    name.schema());
            List<ColumnDefinition> columns = new ArrayList<>();
            List<String> primaryKey = new ArrayList<>();
            for (Ddl.Column col : c.columns()) {
                columns.add(ColumnTypes.resolve(col, cs[0], cs[1], server));
                if (col.primaryKey()) {
                    primaryKey = new ArrayList<>(List.of(col.name()));
                }
            }
            if (!c.primaryKey().isEmpty()) {
                primaryKey = new ArrayList<>(c.primaryKey());
            }
            TableDefinition def = finish(new TableDefinition(name.schema(), name.name(), columns,
                    canonicalKey(columns, primaryKey), cs[0], cs[1]));
            put(def);
            return single(DdlKind.CREATE, name, null, existing, def, sql);
        }

        private SchemaChange createTableLike(Ddl.CreateTableLike c, String sql, String db)
                throws SchemaHistoryException {
            TableName name = resolve(c.name(), db);
            if (c.temporary()) {
                return new SchemaChange(DdlKind.QUERY, name.schema(), List.of(), sql, true);
            }
            TableName sourceName = resolve(c.source(), db);
            TableDefinition existing = get(name);
            if (existing != null && c.ifNotExists() && !c.orReplace()) {
                return single(DdlKind.CREATE, name, null, existing, existing, sql);
            }
            TableDefinition source = get(sourceName);
            if (source == null) {
                if (selected.test(name)) {
                    throw new SchemaHistoryException("CREATE TABLE " + name + " LIKE " + sourceName + ": the schema "
                            + "history does not know " + sourceName + " (it is outside the destination's filter and "
                            + "was not created since the start); statement: " + sql + ". Fix: add " + sourceName
                            + " to the filter, or restart the destination from a position after this statement");
                }
                remove(name);
                return single(DdlKind.CREATE, name, null, existing, null, sql);
            }
            TableDefinition def = new TableDefinition(name.schema(), name.name(), source.columns(),
                    source.primaryKey(), source.charset(), source.collation());
            put(def);
            return single(DdlKind.CREATE, name, null, existing, def, sql);
        }

        private SchemaChange renameTables(Ddl.RenameTables r, String sql, String db) throws SchemaHistoryException {
            List<SchemaChange.TableChange> changes = new ArrayList<>();
            for (Ddl.Rename rename : r.renames()) {
                TableName from = resolve(rename.from(), db);
                TableName to = resolve(rename.to(), db);
                TableDefinition before = get(from);
                TableDefinition after = null;
                if (before == null) {
                    requireTracked(from, null, sql);
                    if (selected.test(to)) {
                        throw renamedIntoSelection(from, to, sql);
                    }
                } else {
                    remove(from);
                    after = new TableDefinition(to.schema(), to.name(), before.columns(), before.primaryKey(),
                            before.charset(), before.collation());
                    put(after);
                }
                changes.add(new SchemaChange.TableChange(DdlKind.RENAME, to, from, selected.test(to), before, after));
            }
            return new SchemaChange(DdlKind.RENAME, changes.get(0).name().schema(), changes, sql, true);
        }

        private SchemaHistoryException renamedIntoSelection(TableName from, TableName to, String sql) {
            return new SchemaHistoryException("table " + from + " is renamed to selected table " + to + ", but the "
                    + "schema history does not know " + from + " (outside the filter and not created since the "
                    + "start, or its last DDL could not be read); statement: " + sql + ". Fix: add " + from
                    + " to the filter, or restart the destination from a position after this statement");
        }

        private SchemaChange alterTable(Ddl.AlterTable a, String sql, String db) throws SchemaHistoryException {
            TableName name = resolve(a.name(), db);
            DdlKind kind = a.ops().isEmpty() ? DdlKind.ALTER : kindOf(a.ops().get(0));
            TableDefinition before = get(name);
            requireTracked(name, before, sql);
            TableName newName = name;
            for (Ddl.AlterOp op : a.ops()) {
                if (op instanceof Ddl.RenameTo r) {
                    newName = resolve(r.name(), db);
                }
            }
            if (before == null) {
                if (!newName.equals(name) && selected.test(newName)) {
                    throw renamedIntoSelection(name, newName, sql);
                }
                return single(kind, newName, newName.equals(name) ? null : name, null, null, sql);
            }
            Table t = new Table(before);
            for (Ddl.AlterOp op : a.ops()) {
                t.apply(op, db);
            }
            TableDefinition after = finish(new TableDefinition(newName.schema(), newName.name(), t.columns,
                    canonicalKey(t.columns, t.primaryKey), t.charset, t.collation));
            remove(name);
            put(after);
            return single(kind, newName, newName.equals(name) ? null : name, before, after, sql);
        }

        private DdlKind kindOf(Ddl.AlterOp op) {
            if (op instanceof Ddl.RenameTo) {
                return DdlKind.RENAME;
            }
            if (op instanceof Ddl.AddIndex || op instanceof Ddl.AddPrimaryKey) {
                return DdlKind.CINDEX;
            }
            if (op instanceof Ddl.DropKey || op instanceof Ddl.DropPrimaryKey) {
                return DdlKind.DINDEX;
            }
            return DdlKind.ALTER;
        }

        /** One table being altered. */
        private final class Table {
            final List<ColumnDefinition> columns;
            List<String> primaryKey;
            String charset;
            String collation;
            final String schema;

            Table(TableDefinition def) {
                this.columns = new ArrayList<>(def.columns());
                this.primaryKey = new ArrayList<>(def.primaryKey());
                this.charset = def.charset();
                this.collation = def.collation();
                this.schema = def.schema();
            }

            void apply(Ddl.AlterOp op, String db) {
                if (op instanceof Ddl.AddColumns add) {
                    int at = add.placement() == null ? columns.size() : position(add.placement());
                    for (Ddl.Column c : add.columns()) {
                        if (indexOf(c.name()) >= 0) {
                            if (add.ifNotExists()) {
                                continue;
                            }
                            throw new IllegalArgumentException("column `" + c.name() + "` already exists");
                        }
                        columns.add(at++, ColumnTypes.resolve(c, charset, collation, server));
                        if (c.primaryKey()) {
                            primaryKey = new ArrayList<>(List.of(c.name()));
                        }
                    }
                } else if (op instanceof Ddl.DropColumn d) {
                    int i = indexOf(d.column());
                    if (i < 0) {
                        if (d.ifExists()) {
                            return;
                        }
                        throw new IllegalArgumentException("no column `" + d.column() + "` to drop");
                    }
                    columns.remove(i);
                    primaryKey.removeIf(k -> k.equalsIgnoreCase(d.column()));
                } else if (op instanceof Ddl.ChangeColumn ch) {
                    int i = indexOf(ch.oldName());
                    if (i < 0) {
                        if (ch.ifExists()) {
                            return;
                        }
                        throw new IllegalArgumentException("no column `" + ch.oldName() + "` to change");
                    }
                    ColumnDefinition col = ColumnTypes.resolve(ch.column(), charset, collation, server);
                    columns.remove(i);
                    int at = ch.placement() == null ? i : position(ch.placement());
                    columns.add(at, col);
                    renameKey(ch.oldName(), col.name());
                    if (ch.column().primaryKey()) {
                        primaryKey = new ArrayList<>(List.of(col.name()));
                    }
                } else if (op instanceof Ddl.RenameColumn r) {
                    int i = indexOf(r.oldName());
                    if (i < 0) {
                        if (r.ifExists()) {
                            return;
                        }
                        throw new IllegalArgumentException("no column `" + r.oldName() + "` to rename");
                    }
                    ColumnDefinition c = columns.get(i);
                    columns.set(i, new ColumnDefinition(r.newName(), c.dataType(), c.columnType(), c.nullable(),
                            c.unsigned(), c.charset(), c.collation(), c.labels(), c.generated(), c.invisible()));
                    renameKey(r.oldName(), r.newName());
                } else if (op instanceof Ddl.SetColumnVisibility v) {
                    int i = indexOf(v.column());
                    if (i < 0) {
                        throw new IllegalArgumentException("no column `" + v.column() + "`");
                    }
                    ColumnDefinition c = columns.get(i);
                    columns.set(i, new ColumnDefinition(c.name(), c.dataType(), c.columnType(), c.nullable(),
                            c.unsigned(), c.charset(), c.collation(), c.labels(), c.generated(), v.invisible()));
                } else if (op instanceof Ddl.AddPrimaryKey pk) {
                    primaryKey = new ArrayList<>(pk.columns());
                } else if (op instanceof Ddl.DropPrimaryKey) {
                    primaryKey = new ArrayList<>();
                } else if (op instanceof Ddl.ConvertCharset cv) {
                    String[] cs = charset(cv.charset(), cv.collation(), charset, collation, schema);
                    if (cs[0].equals("binary")) {
                        throw new IllegalArgumentException("CONVERT TO CHARACTER SET binary is not supported");
                    }
                    columns.replaceAll(c -> ColumnTypes.convert(c, cs[0], cs[1]));
                    charset = cs[0];
                    collation = cs[1];
                } else if (op instanceof Ddl.TableCharset tc) {
                    String[] cs = charset(tc.charset(), tc.collation(), charset, collation, schema);
                    charset = cs[0];
                    collation = cs[1];
                }
                // AddIndex, DropKey, RenameTo (handled by the caller), NoOp: no column change
            }

            private int position(Ddl.Placement p) {
                if (p.first()) {
                    return 0;
                }
                int i = indexOf(p.after());
                if (i < 0) {
                    throw new IllegalArgumentException("no column `" + p.after() + "` for AFTER");
                }
                return i + 1;
            }

            private int indexOf(String column) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).name().equalsIgnoreCase(column)) {
                        return i;
                    }
                }
                return -1;
            }

            private void renameKey(String from, String to) {
                primaryKey.replaceAll(k -> k.equalsIgnoreCase(from) ? to : k);
            }
        }
    }

    /** Key column names spelled as the columns are. */
    private static List<String> canonicalKey(List<ColumnDefinition> columns, List<String> key) {
        List<String> out = new ArrayList<>();
        for (String k : key) {
            ColumnDefinition c = columns.stream().filter(col -> col.name().equalsIgnoreCase(k)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("PRIMARY KEY names column `" + k
                            + "`, which the table does not have"));
            out.add(c.name());
        }
        return out;
    }

    /** Key columns are NOT NULL. */
    private static TableDefinition finish(TableDefinition t) {
        if (t.primaryKey().isEmpty()) {
            return t;
        }
        List<ColumnDefinition> columns = new ArrayList<>();
        for (ColumnDefinition c : t.columns()) {
            columns.add(c.nullable() && t.isKey(c) ? new ColumnDefinition(c.name(), c.dataType(), c.columnType(),
                    false, c.unsigned(), c.charset(), c.collation(), c.labels(), c.generated(), c.invisible()) : c);
        }
        return new TableDefinition(t.schema(), t.name(), columns, t.primaryKey(), t.charset(), t.collation());
    }
}
