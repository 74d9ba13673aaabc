package io.sluice.node.schema;

import java.util.List;

/**
 * What {@link DdlParser} reads from a statement: only what changes table definitions, in the order the statement
 * says it. Names are as written; a {@link Name} without a schema means the statement's default database.
 */
sealed interface Ddl {

    /** A possibly qualified table name as written. */
    record Name(String schema, String table) {
        @Override
        public String toString() {
            return schema == null ? "`" + table + "`" : "`" + schema + "`.`" + table + "`";
        }
    }

    /** FIRST, AFTER x, or neither (null). */
    record Placement(boolean first, String after) {
        static final Placement FIRST = new Placement(true, null);
    }

    /**
     * One column definition as written, before defaults are applied ({@link ColumnTypes} resolves it).
     *
     * @param type       canonical base type word, lower case ({@code int}, {@code varchar}, {@code text}, ...)
     * @param args       the numbers in the type's parentheses, e.g. {@code ["10", "2"]}, empty when none
     * @param labels     ENUM/SET members
     * @param nullable   TRUE for NULL, FALSE for NOT NULL, null when not said
     * @param binaryAttr the BINARY attribute of a character type ({@code CHAR(3) BINARY}: the _bin collation)
     * @param primaryKey declared {@code PRIMARY KEY} (or column-level {@code KEY})
     */
    record Column(String name, String type, List<String> args, List<String> labels, boolean unsigned,
            boolean zerofill, String charset, String collation, boolean binaryAttr, Boolean nullable,
            boolean primaryKey, boolean generated, boolean invisible) {
    }

    record CreateTable(Name name, boolean orReplace, boolean ifNotExists, boolean temporary, List<Column> columns,
            List<String> primaryKey, String charset, String collation) implements Ddl {
    }

    record CreateTableLike(Name name, Name source, boolean orReplace, boolean ifNotExists, boolean temporary)
            implements Ddl {
    }

    record AlterTable(Name name, List<AlterOp> ops) implements Ddl {
    }

    record Rename(Name from, Name to) {
    }

    record RenameTables(List<Rename> renames) implements Ddl {
    }

    record DropTables(List<Name> names, boolean ifExists, boolean temporary) implements Ddl {
    }

    record Truncate(Name name) implements Ddl {
    }

    record CreateDatabase(String name, boolean orReplace, boolean ifNotExists, String charset, String collation)
            implements Ddl {
    }

    record DropDatabase(String name, boolean ifExists) implements Ddl {
    }

    /** {@code name} null: the default database. */
    record AlterDatabase(String name, String charset, String collation) implements Ddl {
    }

    record CreateIndex(String index, Name table) implements Ddl {
    }

    record DropIndex(String index, Name table) implements Ddl {
    }

    /** A statement that changes no table definition (BEGIN, GRANT, CREATE VIEW, DML, ...). */
    record Ignored(String what) implements Ddl {
    }

    /** One clause of ALTER TABLE. */
    sealed interface AlterOp {
    }

    record AddColumns(List<Column> columns, boolean ifNotExists, Placement placement) implements AlterOp {
    }

    record DropColumn(String column, boolean ifExists) implements AlterOp {
    }

    /** MODIFY (old == new name) or CHANGE. */
    record ChangeColumn(String oldName, Column column, boolean ifExists, Placement placement) implements AlterOp {
    }

    record RenameColumn(String oldName, String newName, boolean ifExists) implements AlterOp {
    }

    record SetColumnVisibility(String column, boolean invisible) implements AlterOp {
    }

    record AddPrimaryKey(List<String> columns) implements AlterOp {
    }

    record DropPrimaryKey() implements AlterOp {
    }

    /** ADD INDEX/UNIQUE/FULLTEXT/SPATIAL/FOREIGN KEY/CHECK: no column change. */
    record AddIndex(String what) implements AlterOp {
    }

    /** DROP INDEX/KEY/FOREIGN KEY/CONSTRAINT/CHECK of a name that is not PRIMARY. */
    record DropKey(String name) implements AlterOp {
    }

    record ConvertCharset(String charset, String collation) implements AlterOp {
    }

    /** [DEFAULT] CHARACTER SET / COLLATE: the default for columns added later. */
    record TableCharset(String charset, String collation) implements AlterOp {
    }

    record RenameTo(Name name) implements AlterOp {
    }

    /** A clause with no effect on columns, keys or charsets (ENGINE=, ALGORITHM=, ORDER BY, partitions, ...). */
    record NoOp(String what) implements AlterOp {
    }
}
