package io.sluice.coordinator.schema;

import java.util.Arrays;
import java.util.Objects;

/**
 * One DDL statement of the schema history.
 *
 * @param sequence  position in the history, assigned by the store; starts at 1 and never repeats for a destination
 * @param position  where the statement is in the source
 * @param schema    the default schema the statement ran in ("" if none)
 * @param statement the DDL text as the source logged it
 * @param extra     opaque bytes the node keeps with the statement (may be empty, never null); the array is not
 *                  copied, so do not change it
 */
public record DdlRecord(long sequence, SourcePoint position, String schema, String statement, byte[] extra) {

    private static final byte[] NONE = new byte[0];

    public DdlRecord {
        if (sequence < 1) {
            throw new IllegalArgumentException("DDL sequence must be >= 1, got " + sequence);
        }
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(statement, "statement");
        if (statement.isBlank()) {
            throw new IllegalArgumentException("DDL statement at " + position.binlog() + " is blank");
        }
        extra = extra == null ? NONE : extra;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DdlRecord r && sequence == r.sequence && position.equals(r.position)
                && schema.equals(r.schema) && statement.equals(r.statement) && Arrays.equals(extra, r.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, position, schema, statement, Arrays.hashCode(extra));
    }

    @Override
    public String toString() {
        String text = statement.length() > 80 ? statement.substring(0, 77) + "..." : statement;
        return "DDL #" + sequence + " at " + position + " in '" + schema + "': " + text
                + (extra.length == 0 ? "" : " (+" + extra.length + " bytes extra)");
    }
}
