package io.sluice.node.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.sluice.node.schema.DdlLexer.Kind;
import io.sluice.node.schema.DdlLexer.Token;

/**
 * A focused recursive-descent reader of the MySQL/MariaDB statements that change table definitions, following the
 * servers' grammar (MySQL 8.4 and MariaDB 11.4 reference manuals) for CREATE/ALTER/DROP/RENAME/TRUNCATE TABLE,
 * CREATE/DROP INDEX and CREATE/ALTER/DROP DATABASE. It reads every clause it meets: a clause it does not know is a
 * {@link DdlParseException}, never a guess, because a skipped clause could be a schema change (docs/design.md,
 * "Schema history: DDL parsing").
 *
 * <p>Statements that cannot change a table definition (transaction control, account management, views, routines,
 * DML...) are recognised by their first words and returned as {@link Ddl.Ignored}; see {@link #IGNORED} and
 * {@link #IGNORED_OBJECTS}.
 *
 * <p>Not thread-safe; {@link #parse(String)} makes one instance per statement.
 */
final class DdlParser {
    /** First words of statements that never change a table definition. */
    static final Set<String> IGNORED = Set.of("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "XA", "START",
            "SET", "GRANT", "REVOKE", "FLUSH", "ANALYZE", "OPTIMIZE", "REPAIR", "CHECK", "CHECKSUM", "INSERT",
            "UPDATE", "DELETE", "REPLACE", "LOAD", "CALL", "DO", "LOCK", "UNLOCK", "SELECT", "WITH", "VALUES",
            "SHOW", "HANDLER", "KILL", "RESET", "PURGE", "CHANGE", "STOP", "INSTALL", "UNINSTALL", "USE", "PREPARE",
            "EXECUTE", "DEALLOCATE", "HELP", "SIGNAL", "RESIGNAL", "BINLOG", "BACKUP", "CACHE", "SHUTDOWN",
            "RESTART", "EXPLAIN", "DESCRIBE", "DESC");

    /**
     * Objects whose CREATE/ALTER/DROP changes no table definition. SEQUENCE is here although MariaDB stores a
     * sequence as a table: its rows events describe the sequence, not a user table.
     */
    static final Set<String> IGNORED_OBJECTS = Set.of("VIEW", "TRIGGER", "FUNCTION", "PROCEDURE", "EVENT", "USER",
            "ROLE", "SERVER", "TABLESPACE", "LOGFILE", "SEQUENCE", "PACKAGE", "SPATIAL", "RESOURCE", "UNDO",
            "AGGREGATE", "DEFINER", "SQL", "ALGORITHM", "INSTANCE", "PREPARE");

    private static final Map<String, String> TYPE_SYNONYMS = Map.ofEntries(
            Map.entry("integer", "int"), Map.entry("int4", "int"), Map.entry("int1", "tinyint"),
            Map.entry("int2", "smallint"), Map.entry("int3", "mediumint"), Map.entry("middleint", "mediumint"),
            Map.entry("int8", "bigint"), Map.entry("dec", "decimal"), Map.entry("numeric", "decimal"),
            Map.entry("fixed", "decimal"), Map.entry("real", "double"), Map.entry("float4", "float"),
            Map.entry("float8", "double"), Map.entry("character", "char"), Map.entry("varcharacter", "varchar"),
            Map.entry("geomcollection", "geometrycollection"));

    private static final Set<String> TYPES = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "decimal",
            "float", "double", "bit", "bool", "boolean", "serial", "char", "varchar", "binary", "varbinary",
            "tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob", "longblob", "enum", "set",
            "date", "time", "datetime", "timestamp", "year", "json", "geometry", "point", "linestring", "polygon",
            "multipoint", "multilinestring", "multipolygon", "geometrycollection", "inet4", "inet6", "uuid",
            "vector", "nchar", "nvarchar", "national", "long");

    /** Table options of CREATE/ALTER TABLE that do not change columns: name [=] value. */
    private static final Set<String> TABLE_OPTIONS = Set.of("ENGINE", "TYPE", "AUTO_INCREMENT", "AVG_ROW_LENGTH",
            "CHECKSUM", "TABLE_CHECKSUM", "COMMENT", "COMPRESSION", "CONNECTION", "DATA", "INDEX",
            "DELAY_KEY_WRITE", "ENCRYPTION", "ENCRYPTED", "ENCRYPTION_KEY_ID", "INSERT_METHOD", "KEY_BLOCK_SIZE",
            "MAX_ROWS", "MIN_ROWS", "PACK_KEYS", "PASSWORD", "ROW_FORMAT", "STATS_AUTO_RECALC", "STATS_PERSISTENT",
            "STATS_SAMPLE_PAGES", "TABLESPACE", "UNION", "PAGE_CHECKSUM", "PAGE_COMPRESSED",
            "PAGE_COMPRESSION_LEVEL", "TRANSACTIONAL", "IETF_QUOTES", "ENGINE_ATTRIBUTE",
            "SECONDARY_ENGINE_ATTRIBUTE", "AUTOEXTEND_SIZE", "STORAGE", "SECONDARY_ENGINE", "START");

    /** ALTER TABLE partition operations: each must be the statement's last clause, so the rest is skipped. */
    private static final Set<String> PARTITION_OPS = Set.of("PARTITION", "REMOVE", "COALESCE", "REORGANIZE",
            "EXCHANGE", "ANALYZE", "CHECK", "OPTIMIZE", "REBUILD", "REPAIR", "TRUNCATE", "DISCARD", "IMPORT",
            "CONVERT");

    private final String sql;
    private final List<Token> tokens;
    private final List<Ddl.Name> targets = new ArrayList<>();
    private int at;

    private DdlParser(String sql) {
        this.sql = sql;
        this.tokens = DdlLexer.tokenize(sql);
    }

    /**
     * Reads one statement.
     *
     * @throws DdlParseException naming where reading stopped and, in {@link DdlParseException#targets()}, the tables
     *                           the statement names as far as they were read
     */
    static Ddl parse(String sql) {
        DdlParser parser = new DdlParser(sql);
        try {
            Ddl ddl = parser.statement();
            parser.acceptSymbol(';');
            if (parser.peek().kind() != Kind.END) {
                throw parser.error("unexpected " + parser.peek() + " after the statement");
            }
            return ddl;
        } catch (DdlParseException e) {
            throw e.withTargets(parser.targets);
        }
    }

    // ---------------------------------------------------------------------------------------------------- statements

    private Ddl statement() {
        Token first = peek();
        if (atEnd()) {
            return new Ddl.Ignored("empty statement");
        }
        if (first.kind() != Kind.WORD) {
            throw error("a statement cannot start with " + first);
        }
        String word = first.text().toUpperCase(Locale.ROOT);
        switch (word) {
            case "CREATE" -> {
                next();
                return create();
            }
            case "ALTER" -> {
                next();
                return alter();
            }
            case "DROP" -> {
                next();
                return drop();
            }
            case "RENAME" -> {
                next();
                return rename();
            }
            case "TRUNCATE" -> {
                next();
                accept("TABLE");
                Ddl.Name name = tableName();
                waitOption();
                return new Ddl.Truncate(name);
            }
            default -> {
                if (IGNORED.contains(word)) {
                    at = tokens.size() - 1;
                    return new Ddl.Ignored(word);
                }
                throw error("unknown statement " + first);
            }
        }
    }

    private Ddl create() {
        boolean orReplace = false;
        if (accept("OR")) {
            expect("REPLACE");
            orReplace = true;
        }
        boolean temporary = accept("TEMPORARY");
        if (accept("TABLE")) {
            return createTable(orReplace, temporary);
        }
        if (!temporary && (accept("DATABASE") || accept("SCHEMA"))) {
            boolean ifNotExists = ifNotExists();
            String name = name();
            String[] charset = databaseOptions();
            return new Ddl.CreateDatabase(name, orReplace, ifNotExists, charset[0], charset[1]);
        }
        if (!temporary && (peek().is("UNIQUE") || peek().is("FULLTEXT") || peek().is("INDEX")
                || (peek().is("SPATIAL") && peek(1).is("INDEX")))) {
            accept("UNIQUE");
            accept("FULLTEXT");
            accept("SPATIAL");
            expect("INDEX");
            ifNotExists();
            String index = name();
            indexType();
            expect("ON");
            Ddl.Name table = tableName();
            keyParts();
            skipToEnd();
            return new Ddl.CreateIndex(index, table);
        }
        if (peek().kind() == Kind.WORD && IGNORED_OBJECTS.contains(peek().text().toUpperCase(Locale.ROOT))) {
            String what = "CREATE " + peek().text().toUpperCase(Locale.ROOT);
            skipToEnd();
            return new Ddl.Ignored(what);
        }
        throw error("unknown CREATE statement: CREATE " + peek());
    }

    private Ddl createTable(boolean orReplace, boolean temporary) {
        boolean ifNotExists = ifNotExists();
        Ddl.Name name = tableName();
        if (accept("LIKE")) {
            Ddl.Name source = tableName();
            return new Ddl.CreateTableLike(name, source, orReplace, ifNotExists, temporary);
        }
        if (peek().isSymbol('(') && peek(1).is("LIKE")) {
            next();
            next();
            Ddl.Name source = tableName();
            expectSymbol(')');
            return new Ddl.CreateTableLike(name, source, orReplace, ifNotExists, temporary);
        }
        List<Ddl.Column> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        if (peek().isSymbol('(') && !(peek(1).is("SELECT") || peek(1).is("WITH") || peek(1).isSymbol('('))) {
            next();
            do {
                tableElement(columns, primaryKey);
            } while (acceptSymbol(','));
            expectSymbol(')');
        }
        String[] charset = tableOptions();
        if (columns.isEmpty()) {
            throw error("CREATE TABLE without column definitions");
        }
        return new Ddl.CreateTable(name, orReplace, ifNotExists, temporary, columns, primaryKey, charset[0],
                charset[1]);
    }

    /** Table options up to the end of the statement: returns {charset, collation} (either may be null). */
    private String[] tableOptions() {
        String[] charset = new String[2];
        while (!atEnd()) {
            if (acceptSymbol(',')) {
                continue;
            }
            if (accept("DEFAULT")) {
                continue;
            }
            if (peek().is("CHARACTER") || peek().is("CHARSET") || peek().is("COLLATE")) {
                charsetClause(charset);
                continue;
            }
            if (peek().is("PARTITION") && peek(1).is("BY")) {
                skipToEnd();
                break;
            }
            if (peek().is("SELECT") || peek().is("AS") || peek().is("IGNORE") || peek().is("REPLACE")
                    || peek().isSymbol('(')) {
                throw error("CREATE TABLE ... SELECT takes its columns from a query, which the statement does "
                        + "not spell out");
            }
            if (peek().is("WITH") && peek(1).is("SYSTEM")) {
                throw error("system-versioned tables (WITH SYSTEM VERSIONING) add hidden columns and are not "
                        + "supported");
            }
            tableOption();
        }
        return charset;
    }

    /** One table option other than charset/collation: {@code NAME [words] [=] value}. */
    private void tableOption() {
        Token t = next();
        if (t.kind() != Kind.WORD || !TABLE_OPTIONS.contains(t.text().toUpperCase(Locale.ROOT))) {
            throw error(t, "unknown table option " + t);
        }
        if (t.is("DATA") || t.is("INDEX")) {
            expect("DIRECTORY");
        } else if (t.is("START")) {
            expect("TRANSACTION");
            return;
        } else if (t.is("STORAGE")) {
            next();
            return;
        }
        acceptSymbol('=');
        value();
    }

    /** CHARACTER SET / CHARSET / COLLATE clause into {charset, collation}. */
    private void charsetClause(String[] into) {
        if (accept("COLLATE")) {
            acceptSymbol('=');
            into[1] = charsetName();
            return;
        }
        if (accept("CHARACTER")) {
            expect("SET");
        } else {
            expect("CHARSET");
        }
        acceptSymbol('=');
        into[0] = charsetName();
    }

    private String charsetName() {
        Token t = next();
        if (!t.isName() && t.kind() != Kind.STRING) {
            throw error(t, "expected a character set or collation name, found " + t);
        }
        return t.text().toLowerCase(Locale.ROOT);
    }

    private String[] databaseOptions() {
        String[] charset = new String[2];
        while (!atEnd()) {
            if (accept("DEFAULT")) {
                continue;
            }
            if (peek().is("CHARACTER") || peek().is("CHARSET") || peek().is("COLLATE")) {
                charsetClause(charset);
            } else if (accept("COMMENT") || accept("ENCRYPTION")) {
                acceptSymbol('=');
                value();
            } else if (accept("READ")) {
                expect("ONLY");
                acceptSymbol('=');
                value();
            } else {
                throw error("unknown database option " + peek());
            }
        }
        return charset;
    }

    private void tableElement(List<Ddl.Column> columns, List<String> primaryKey) {
        Token t = peek();
        if (t.kind() == Kind.WORD) {
            if (t.is("CONSTRAINT")) {
                next();
                if (!(peek().is("PRIMARY") || peek().is("UNIQUE") || peek().is("FOREIGN") || peek().is("CHECK"))) {
                    name();
                }
                t = peek();
            }
            if (t.is("PRIMARY")) {
                next();
                expect("KEY");
                primaryKey.clear();
                primaryKey.addAll(primaryKeyColumns());
                return;
            }
            if (t.is("INDEX") || t.is("KEY") || t.is("UNIQUE") || t.is("FULLTEXT") || t.is("SPATIAL")
                    || t.is("FOREIGN") || (t.is("CHECK") && peek(1).isSymbol('('))
                    || (t.is("PERIOD") && peek(1).is("FOR"))) {
                if (t.is("PERIOD")) {
                    throw error("application-time periods (PERIOD FOR) are not supported");
                }
                skipClause();
                return;
            }
        }
        Ddl.Column column = columnDefinition();
        columns.add(column);
    }

    /** After PRIMARY KEY: [name] [USING x] (key parts) [index options]. */
    private List<String> primaryKeyColumns() {
        if (peek().isName() && !peek().is("USING")) {
            next();
        }
        indexType();
        List<String> parts = keyParts();
        indexOptions();
        return parts;
    }

    private void indexType() {
        if (accept("USING") || accept("TYPE")) {
            next();
        }
    }

    /** Index options after the key parts, up to the end of the clause. */
    private void indexOptions() {
        while (!atClauseEnd() && !peek().is("FIRST") && !peek().is("AFTER")) {
            if (accept("USING") || accept("TYPE")) {
                next();
            } else if (accept("KEY_BLOCK_SIZE") || accept("COMMENT") || accept("ENGINE_ATTRIBUTE")
                    || accept("SECONDARY_ENGINE_ATTRIBUTE")) {
                acceptSymbol('=');
                value();
            } else if (accept("WITH")) {
                expect("PARSER");
                name();
            } else if (accept("VISIBLE") || accept("INVISIBLE") || accept("IGNORED") || accept("CLUSTERING")) {
                acceptSymbol('=');
                if (peek().is("YES") || peek().is("NO")) {
                    next();
                }
            } else if (accept("NOT")) {
                expect("IGNORED");
            } else if (peek().is("ALGORITHM") || peek().is("LOCK")) {
                return;
            } else {
                throw error("unknown index option " + peek());
            }
        }
    }

    /** ( col [(len)] [ASC|DESC], (expr) ... ): the column names (expression parts are left out). */
    private List<String> keyParts() {
        expectSymbol('(');
        List<String> columns = new ArrayList<>();
        do {
            if (peek().isSymbol('(')) {
                skipBalanced();
            } else {
                columns.add(name());
                if (peek().isSymbol('(')) {
                    skipBalanced();
                }
            }
            if (!accept("ASC")) {
                accept("DESC");
            }
        } while (acceptSymbol(','));
        expectSymbol(')');
        return columns;
    }

    private Ddl.Column columnDefinition() {
        String name = name();
        String type = dataType();
        List<String> args = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        String charset = null;
        if (type.startsWith("national:")) {
            type = type.substring("national:".length());
            charset = "utf8mb3";
        }
        if (peek().isSymbol('(')) {
            next();
            do {
                Token t = next();
                if (type.equals("enum") || type.equals("set")) {
                    if (t.kind() != Kind.STRING) {
                        throw error(t, "expected a quoted " + type.toUpperCase(Locale.ROOT) + " member, found " + t);
                    }
                    labels.add(t.text());
                } else {
                    if (t.kind() != Kind.NUMBER) {
                        throw error(t, "expected a number in the type's parentheses, found " + t);
                    }
                    args.add(t.text());
                }
            } while (acceptSymbol(','));
            expectSymbol(')');
        }
        boolean unsigned = false;
        boolean zerofill = false;
        String collation = null;
        boolean binaryAttr = false;
        Boolean nullable = null;
        boolean primaryKey = false;
        boolean generated = false;
        boolean invisible = false;
        if (type.equals("serial")) {
            type = "bigint";
            unsigned = true;
            nullable = Boolean.FALSE;
        } else if (type.equals("bool") || type.equals("boolean")) {
            type = "tinyint";
            args = List.of("1");
        }
        while (!atClauseEnd() && !peek().is("FIRST") && !peek().is("AFTER")) {
            Token t = next();
            if (t.kind() != Kind.WORD) {
                throw error(t, "unexpected " + t + " in the definition of column `" + name + "`");
            }
            switch (t.text().toUpperCase(Locale.ROOT)) {
                case "UNSIGNED" -> unsigned = true;
                case "SIGNED" -> unsigned = false;
                case "ZEROFILL" -> {
                    zerofill = true;
                    unsigned = true;
                }
                case "CHARACTER" -> {
                    expect("SET");
                    charset = charsetName();
                }
                case "CHARSET" -> charset = charsetName();
                case "COLLATE" -> collation = charsetName();
                case "BINARY" -> binaryAttr = true;
                case "ASCII" -> charset = "latin1";
                case "UNICODE" -> charset = "ucs2";
                case "BYTE" -> charset = "binary";
                case "NOT" -> {
                    expect("NULL");
                    nullable = Boolean.FALSE;
                }
                case "NULL" -> nullable = Boolean.TRUE;
                case "DEFAULT" -> value();
                case "ON" -> {
                    expect("UPDATE");
                    value();
                }
                case "AUTO_INCREMENT", "VISIBLE" -> {
                }
                case "UNIQUE" -> {
                    if (!accept("KEY")) {
                        accept("INDEX");
                    }
                }
                case "PRIMARY" -> {
                    expect("KEY");
                    primaryKey = true;
                }
                case "KEY" -> primaryKey = true;
                case "COMMENT" -> value();
                case "COLUMN_FORMAT", "STORAGE" -> next();
                case "GENERATED" -> {
                    expect("ALWAYS");
                    expect("AS");
                    generated = generatedExpression();
                }
                case "AS" -> generated = generatedExpression();
                case "VIRTUAL", "STORED", "PERSISTENT" -> {
                }
                case "INVISIBLE" -> invisible = true;
                case "REFERENCES" -> references();
                case "CONSTRAINT" -> {
                    if (!peek().is("CHECK")) {
                        name();
                    }
                    expect("CHECK");
                    skipBalanced();
                    enforced();
                }
                case "CHECK" -> {
                    skipBalanced();
                    enforced();
                }
                case "SRID", "REF_SYSTEM_ID" -> {
                    acceptSymbol('=');
                    next();
                }
                case "COMPRESSED" -> {
                    if (acceptSymbol('=')) {
                        next();
                    }
                }
                case "ENGINE_ATTRIBUTE", "SECONDARY_ENGINE_ATTRIBUTE" -> {
                    acceptSymbol('=');
                    value();
                }
                case "WITHOUT" -> {
                    expect("SYSTEM");
                    expect("VERSIONING");
                }
                case "WITH" -> throw error(t, "system-versioned columns (WITH SYSTEM VERSIONING) are not supported");
                default -> throw error(t, "unexpected " + t + " in the definition of column `" + name + "`");
            }
        }
        return new Ddl.Column(name, type, List.copyOf(args), List.copyOf(labels), unsigned, zerofill, charset,
                collation, binaryAttr, nullable, primaryKey, generated, invisible);
    }

    private boolean generatedExpression() {
        if (!peek().isSymbol('(')) {
            throw error("expected the generation expression in parentheses, found " + peek());
        }
        skipBalanced();
        return true;
    }

    private void enforced() {
        if (accept("NOT")) {
            expect("ENFORCED");
        } else {
            accept("ENFORCED");
        }
    }

    private void references() {
        tableName();
        if (peek().isSymbol('(')) {
            skipBalanced();
        }
        while (!atClauseEnd()) {
            Token t = peek();
            if (t.is("MATCH")) {
                next();
                next();
            } else if (t.is("ON")) {
                next();
                if (!accept("DELETE")) {
                    expect("UPDATE");
                }
                if (accept("SET")) {
                    if (!accept("NULL")) {
                        expect("DEFAULT");
                    }
                } else if (accept("NO")) {
                    expect("ACTION");
                } else if (!accept("RESTRICT")) {
                    expect("CASCADE");
                }
            } else {
                return;
            }
        }
    }

    /** The data type words, canonical lower case; {@code national:char} for NCHAR and friends. */
    private String dataType() {
        Token t = next();
        if (t.kind() != Kind.WORD) {
            throw error(t, "expected a data type, found " + t);
        }
        String word = t.text().toLowerCase(Locale.ROOT);
        word = TYPE_SYNONYMS.getOrDefault(word, word);
        if (!TYPES.contains(word)) {
            throw error(t, "unknown data type " + t);
        }
        switch (word) {
            case "national" -> {
                String inner = next().text().toLowerCase(Locale.ROOT);
                if (inner.equals("char") || inner.equals("character")) {
                    return accept("VARYING") ? "national:varchar" : "national:char";
                }
                if (inner.equals("varchar")) {
                    return "national:varchar";
                }
                throw error("NATIONAL must be followed by CHAR or VARCHAR");
            }
            case "nchar" -> {
                return accept("VARYING") || accept("VARCHAR") ? "national:varchar" : "national:char";
            }
            case "nvarchar" -> {
                return "national:varchar";
            }
            case "char" -> {
                return accept("VARYING") ? "varchar" : "char";
            }
            case "double" -> {
                accept("PRECISION");
                return "double";
            }
            case "long" -> {
                if (accept("VARBINARY")) {
                    return "mediumblob";
                }
                if (accept("CHAR")) {
                    expect("VARYING");
                } else {
                    accept("VARCHAR");
                }
                return "mediumtext";
            }
            default -> {
                return word;
            }
        }
    }

    private Ddl alter() {
        accept("ONLINE");
        accept("IGNORE");
        if (accept("TABLE")) {
            ifExists();
            Ddl.Name name = tableName();
            waitOption();
            List<Ddl.AlterOp> ops = new ArrayList<>();
            while (!atEnd()) {
                if (acceptSymbol(',')) {
                    continue;
                }
                ops.add(alterSpec());
            }
            return new Ddl.AlterTable(name, ops);
        }
        if (accept("DATABASE") || accept("SCHEMA")) {
            String name = null;
            if (peek().kind() == Kind.QUOTED || (peek().kind() == Kind.WORD && !(peek().is("DEFAULT")
                    || peek().is("CHARACTER") || peek().is("CHARSET") || peek().is("COLLATE")
                    || peek().is("COMMENT") || peek().is("READ") || peek().is("ENCRYPTION")))) {
                name = name();
            }
            if (peek().is("UPGRADE")) {
                skipToEnd();
                return new Ddl.Ignored("ALTER DATABASE UPGRADE");
            }
            String[] charset = databaseOptions();
            return new Ddl.AlterDatabase(name, charset[0], charset[1]);
        }
        if (peek().kind() == Kind.WORD && IGNORED_OBJECTS.contains(peek().text().toUpperCase(Locale.ROOT))) {
            String what = "ALTER " + peek().text().toUpperCase(Locale.ROOT);
            skipToEnd();
            return new Ddl.Ignored(what);
        }
        throw error("unknown ALTER statement: ALTER " + peek());
    }

    private Ddl.AlterOp alterSpec() {
        Token t = peek();
        if (t.kind() != Kind.WORD) {
            throw error("expected an ALTER TABLE clause, found " + t);
        }
        String word = t.text().toUpperCase(Locale.ROOT);
        switch (word) {
            case "ADD" -> {
                next();
                return alterAdd();
            }
            case "DROP" -> {
                next();
                return alterDrop();
            }
            case "MODIFY" -> {
                next();
                accept("COLUMN");
                boolean ifExists = ifExists();
                Ddl.Column column = columnDefinition();
                return new Ddl.ChangeColumn(column.name(), column, ifExists, placement());
            }
            case "CHANGE" -> {
                next();
                accept("COLUMN");
                boolean ifExists = ifExists();
                String old = name();
                Ddl.Column column = columnDefinition();
                return new Ddl.ChangeColumn(old, column, ifExists, placement());
            }
            case "RENAME" -> {
                next();
                if (accept("COLUMN")) {
                    boolean ifExists = ifExists();
                    String old = name();
                    expect("TO");
                    return new Ddl.RenameColumn(old, name(), ifExists);
                }
                if (accept("INDEX") || accept("KEY")) {
                    name();
                    expect("TO");
                    name();
                    return new Ddl.NoOp("RENAME INDEX");
                }
                if (!accept("TO") && !accept("AS")) {
                    acceptSymbol('=');
                }
                Ddl.Name to = tableName();
                return new Ddl.RenameTo(to);
            }
            case "ALTER" -> {
                next();
                if (accept("INDEX") || accept("KEY")) {
                    name();
                    indexOptions();
                    return new Ddl.NoOp("ALTER INDEX");
                }
                if (accept("CHECK") || accept("CONSTRAINT")) {
                    name();
                    enforced();
                    return new Ddl.NoOp("ALTER CHECK");
                }
                accept("COLUMN");
                ifExists();
                String column = name();
                if (accept("SET")) {
                    if (accept("DEFAULT")) {
                        value();
                        return new Ddl.NoOp("SET DEFAULT");
                    }
                    if (accept("VISIBLE")) {
                        return new Ddl.SetColumnVisibility(column, false);
                    }
                    expect("INVISIBLE");
                    return new Ddl.SetColumnVisibility(column, true);
                }
                expect("DROP");
                expect("DEFAULT");
                return new Ddl.NoOp("DROP DEFAULT");
            }
            case "CONVERT" -> {
                if (!peek(1).is("TO")) {
                    break;
                }
                next();
                next();
                String[] charset = new String[2];
                charsetClause(charset);
                if (peek().is("COLLATE")) {
                    charsetClause(charset);
                }
                return new Ddl.ConvertCharset(charset[0], charset[1]);
            }
            case "DEFAULT", "CHARACTER", "CHARSET", "COLLATE" -> {
                String[] charset = new String[2];
                while (peek().is("DEFAULT") || peek().is("CHARACTER") || peek().is("CHARSET")
                        || peek().is("COLLATE")) {
                    if (!accept("DEFAULT")) {
                        charsetClause(charset);
                    }
                    acceptSymbol(',');
                }
                return new Ddl.TableCharset(charset[0], charset[1]);
            }
            case "ALGORITHM", "LOCK" -> {
                next();
                acceptSymbol('=');
                next();
                return new Ddl.NoOp(word);
            }
            case "FORCE" -> {
                next();
                return new Ddl.NoOp(word);
            }
            case "ORDER" -> {
                next();
                expect("BY");
                do {
                    name();
                    if (!accept("ASC")) {
                        accept("DESC");
                    }
                } while (peek().isSymbol(',') && peek(1).isName() && !isAlterKeyword(peek(1)) && acceptSymbol(','));
                return new Ddl.NoOp("ORDER BY");
            }
            case "ENABLE", "DISABLE" -> {
                next();
                expect("KEYS");
                return new Ddl.NoOp(word + " KEYS");
            }
            case "WITH", "WITHOUT" -> {
                next();
                if (accept("SYSTEM")) {
                    throw error("system versioning changes are not supported");
                }
                expect("VALIDATION");
                return new Ddl.NoOp(word + " VALIDATION");
            }
            default -> {
            }
        }
        if (PARTITION_OPS.contains(word) && (word.equals("PARTITION") || peek(1).is("PARTITION")
                || peek(1).is("PARTITIONING") || (word.equals("DISCARD") || word.equals("IMPORT")))) {
            skipToEnd();
            return new Ddl.NoOp("partitioning");
        }
        if (TABLE_OPTIONS.contains(word)) {
            tableOption();
            return new Ddl.NoOp(word);
        }
        throw error("unknown ALTER TABLE clause " + t);
    }

    private static boolean isAlterKeyword(Token t) {
        return t.kind() == Kind.WORD && Set.of("ADD", "DROP", "MODIFY", "CHANGE", "RENAME", "ALTER", "CONVERT",
                "DEFAULT", "CHARACTER", "CHARSET", "COLLATE", "ALGORITHM", "LOCK", "FORCE", "ORDER", "ENABLE",
                "DISABLE", "ENGINE").contains(t.text().toUpperCase(Locale.ROOT));
    }

    private Ddl.AlterOp alterAdd() {
        Token t = peek();
        if (t.kind() == Kind.WORD && !t.is("COLUMN") && !t.is("IF")) {
            if (t.is("CONSTRAINT")) {
                next();
                ifNotExists();
                if (!(peek().is("PRIMARY") || peek().is("UNIQUE") || peek().is("FOREIGN") || peek().is("CHECK"))) {
                    name();
                }
                t = peek();
            }
            if (t.is("PRIMARY")) {
                next();
                expect("KEY");
                ifNotExists();
                return new Ddl.AddPrimaryKey(primaryKeyColumns());
            }
            if (t.is("INDEX") || t.is("KEY") || t.is("UNIQUE") || t.is("FULLTEXT") || t.is("SPATIAL")
                    || t.is("FOREIGN") || t.is("CHECK")) {
                skipClause();
                return new Ddl.AddIndex(t.text().toUpperCase(Locale.ROOT));
            }
            if (t.is("PARTITION")) {
                skipToEnd();
                return new Ddl.NoOp("ADD PARTITION");
            }
            if (t.is("SYSTEM") || (t.is("PERIOD") && peek(1).is("FOR"))) {
                throw error("system versioning and application-time periods are not supported");
            }
        }
        accept("COLUMN");
        boolean ifNotExists = ifNotExists();
        if (peek().isSymbol('(')) {
            next();
            List<Ddl.Column> columns = new ArrayList<>();
            List<String> ignoredKey = new ArrayList<>();
            do {
                tableElement(columns, ignoredKey);
            } while (acceptSymbol(','));
            expectSymbol(')');
            if (!ignoredKey.isEmpty()) {
                throw error("PRIMARY KEY inside ADD COLUMN (...) is not supported; use ADD PRIMARY KEY");
            }
            return new Ddl.AddColumns(columns, ifNotExists, null);
        }
        Ddl.Column column = columnDefinition();
        return new Ddl.AddColumns(List.of(column), ifNotExists, placement());
    }

    private Ddl.AlterOp alterDrop() {
        Token t = peek();
        if (t.kind() == Kind.WORD) {
            if (t.is("PRIMARY")) {
                next();
                expect("KEY");
                return new Ddl.DropPrimaryKey();
            }
            if (t.is("INDEX") || t.is("KEY") || t.is("CONSTRAINT")) {
                next();
                ifExists();
                String name = name();
                return name.equalsIgnoreCase("PRIMARY") ? new Ddl.DropPrimaryKey() : new Ddl.DropKey(name);
            }
            if (t.is("FOREIGN")) {
                next();
                expect("KEY");
                ifExists();
                return new Ddl.DropKey(name());
            }
            if (t.is("CHECK")) {
                next();
                ifExists();
                return new Ddl.DropKey(name());
            }
            if (t.is("PARTITION")) {
                skipToEnd();
                return new Ddl.NoOp("DROP PARTITION");
            }
            if (t.is("SYSTEM") || (t.is("PERIOD") && peek(1).is("FOR"))) {
                throw error("system versioning and application-time periods are not supported");
            }
        }
        accept("COLUMN");
        boolean ifExists = ifExists();
        String column = name();
        if (!accept("RESTRICT")) {
            accept("CASCADE");
        }
        return new Ddl.DropColumn(column, ifExists);
    }

    private Ddl.Placement placement() {
        if (accept("FIRST")) {
            return Ddl.Placement.FIRST;
        }
        if (accept("AFTER")) {
            return new Ddl.Placement(false, name());
        }
        return null;
    }

    private Ddl drop() {
        boolean temporary = accept("TEMPORARY");
        if (accept("TABLE") || accept("TABLES")) {
            boolean ifExists = ifExists();
            List<Ddl.Name> names = new ArrayList<>();
            do {
                names.add(tableName());
            } while (acceptSymbol(','));
            waitOption();
            if (!accept("RESTRICT")) {
                accept("CASCADE");
            }
            return new Ddl.DropTables(names, ifExists, temporary);
        }
        if (!temporary && (accept("DATABASE") || accept("SCHEMA"))) {
            boolean ifExists = ifExists();
            return new Ddl.DropDatabase(name(), ifExists);
        }
        if (!temporary && accept("INDEX")) {
            ifExists();
            String index = name();
            expect("ON");
            Ddl.Name table = tableName();
            waitOption();
            while (accept("ALGORITHM") || accept("LOCK")) {
                acceptSymbol('=');
                next();
            }
            return new Ddl.DropIndex(index, table);
        }
        if (!temporary && peek().kind() == Kind.WORD
                && IGNORED_OBJECTS.contains(peek().text().toUpperCase(Locale.ROOT))) {
            String what = "DROP " + peek().text().toUpperCase(Locale.ROOT);
            skipToEnd();
            return new Ddl.Ignored(what);
        }
        throw error("unknown DROP statement: DROP " + peek());
    }

    private Ddl rename() {
        if (!accept("TABLE") && !accept("TABLES")) {
            if (peek().is("USER")) {
                skipToEnd();
                return new Ddl.Ignored("RENAME USER");
            }
            throw error("unknown RENAME statement: RENAME " + peek());
        }
        ifExists();
        List<Ddl.Rename> renames = new ArrayList<>();
        do {
            Ddl.Name from = tableName();
            waitOption();
            expect("TO");
            renames.add(new Ddl.Rename(from, tableName()));
        } while (acceptSymbol(','));
        return new Ddl.RenameTables(renames);
    }

    // ------------------------------------------------------------------------------------------------------ pieces

    private void waitOption() {
        if (accept("WAIT")) {
            next();
        } else {
            accept("NOWAIT");
        }
    }

    private boolean ifNotExists() {
        if (peek().is("IF") && peek(1).is("NOT")) {
            next();
            next();
            expect("EXISTS");
            return true;
        }
        return false;
    }

    private boolean ifExists() {
        if (peek().is("IF") && peek(1).is("EXISTS")) {
            next();
            next();
            return true;
        }
        return false;
    }

    private Ddl.Name tableName() {
        String first = name();
        Ddl.Name result;
        if (peek().isSymbol('.')) {
            next();
            result = new Ddl.Name(first, name());
        } else {
            result = new Ddl.Name(null, first);
        }
        targets.add(result);
        return result;
    }

    private String name() {
        Token t = next();
        if (!t.isName()) {
            throw error(t, "expected a name, found " + t);
        }
        return t.text();
    }

    /** A literal or expression value: [+|-] token, a function call or a parenthesised expression. */
    private void value() {
        if (peek().isSymbol('-') || peek().isSymbol('+')) {
            next();
        }
        Token t = peek();
        if (t.isSymbol('(')) {
            skipBalanced();
            return;
        }
        if (t.kind() == Kind.END) {
            throw error("expected a value, found the end of the statement");
        }
        next();
        if (t.kind() == Kind.STRING) {
            while (peek().kind() == Kind.STRING) {
                next();
            }
        } else if (t.kind() == Kind.WORD && peek().isSymbol('(')) {
            skipBalanced();
        }
    }

    /** Skips one clause: up to a comma or closing parenthesis at this level, or the end. */
    private void skipClause() {
        while (!atClauseEnd()) {
            if (peek().isSymbol('(')) {
                skipBalanced();
            } else {
                next();
            }
        }
    }

    private void skipBalanced() {
        expectSymbol('(');
        int depth = 1;
        while (depth > 0) {
            Token t = next();
            if (t.kind() == Kind.END) {
                throw error(t, "unbalanced parentheses");
            }
            if (t.isSymbol('(')) {
                depth++;
            } else if (t.isSymbol(')')) {
                depth--;
            }
        }
    }

    private void skipToEnd() {
        while (!atEnd()) {
            next();
        }
    }

    private boolean atEnd() {
        Token t = peek();
        return t.kind() == Kind.END || (t.isSymbol(';') && peek(1).kind() == Kind.END);
    }

    private boolean atClauseEnd() {
        return atEnd() || peek().isSymbol(',') || peek().isSymbol(')');
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(at + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(at);
        if (t.kind() != Kind.END) {
            at++;
        }
        return t;
    }

    private boolean accept(String keyword) {
        if (peek().is(keyword)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String keyword) {
        if (!accept(keyword)) {
            throw error("expected " + keyword + ", found " + peek());
        }
    }

    private boolean acceptSymbol(char c) {
        if (peek().isSymbol(c)) {
            at++;
            return true;
        }
        return false;
    }

    private void expectSymbol(char c) {
        if (!acceptSymbol(c)) {
            throw error("expected '" + c + "', found " + peek());
        }
    }

    private DdlParseException error(String message) {
        return error(peek(), message);
    }

    private DdlParseException error(Token at, String message) {
        return new DdlParseException(sql, at.offset(), message);
    }
}
