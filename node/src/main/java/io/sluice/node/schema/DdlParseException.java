package io.sluice.node.schema;

import java.util.List;

/**
 * A statement {@link DdlParser} cannot read, with where it stopped. Thrown inside the parser; {@link SchemaHistory}
 * turns it into a {@link SchemaHistoryException} that names the fix.
 */
final class DdlParseException extends RuntimeException {
    private final String statement;
    private final int offset;
    private final List<Ddl.Name> targets;

    DdlParseException(String statement, int offset, String message) {
        this(statement, offset, message, List.of());
    }

    private DdlParseException(String statement, int offset, String message, List<Ddl.Name> targets) {
        super(message);
        this.statement = statement;
        this.offset = offset;
        this.targets = List.copyOf(targets);
    }

    /** The same failure, knowing which tables the statement names (read before it failed). */
    DdlParseException withTargets(List<Ddl.Name> names) {
        return new DdlParseException(statement, offset, getMessage(), names);
    }

    /** Tables the statement names, as far as the parser got; empty if it failed before any. */
    List<Ddl.Name> targets() {
        return targets;
    }

    String statement() {
        return statement;
    }

    /** Character offset in the statement where reading stopped. */
    int offset() {
        return offset;
    }

    /** {@code message at offset 42 near 'FOO BAR'}. */
    String describe() {
        int end = Math.min(statement.length(), offset + 40);
        return getMessage() + " at offset " + offset + " near '" + statement.substring(Math.min(offset, end), end)
                + "'";
    }
}
