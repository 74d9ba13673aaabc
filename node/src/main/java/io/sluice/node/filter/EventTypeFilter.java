package io.sluice.node.filter;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.EventType;

/**
 * Which kinds of entries a destination drops, by origin and canal event type. Immutable and thread-safe.
 *
 * <p>canal's switches map as follows (all default to false):
 * <ul>
 *   <li>{@code canal.instance.filter.dml.insert}, {@code .dml.update}, {@code .dml.delete}: drop rows events of that
 *       type; {@code canal.instance.filter.rows}: drop all rows events.</li>
 *   <li>{@code canal.instance.filter.query.ddl}: drop every entry made from a query event (DDL, DML statements and
 *       other statements alike: canal checks it after the DDL/DML/DCL split, so it covers all three), but not
 *       {@link ChangeOrigin#STATEMENT_TEXT}. The DDL is still applied to the schema history.</li>
 *   <li>{@code canal.instance.filter.query.dml}: drop DML statements and statement text.</li>
 *   <li>{@code canal.instance.filter.query.dcl}: drop other statements (type QUERY).</li>
 *   <li>{@code canal.instance.filter.transaction.entry}: drop TRANSACTIONBEGIN and TRANSACTIONEND entries. canal
 *       still lets one through now and then so that a client's position moves on an idle table; that pacing is
 *       left to the caller.</li>
 * </ul>
 * On top of these, {@code droppedTypes} drops single canal event types whatever their origin, e.g. only TRUNCATE
 * and ERASE.
 *
 * @param droppedRowTypes           rows-event types dropped (subset of INSERT, UPDATE, DELETE)
 * @param dropQueryEntries          {@code filter.query.ddl}
 * @param dropDmlStatements         {@code filter.query.dml}
 * @param dropOtherStatements       {@code filter.query.dcl}
 * @param droppedTypes              event types dropped from any origin
 * @param dropTransactionEntries    {@code filter.transaction.entry}
 */
public record EventTypeFilter(Set<EventType> droppedRowTypes, boolean dropQueryEntries, boolean dropDmlStatements,
                              boolean dropOtherStatements, Set<EventType> droppedTypes,
                              boolean dropTransactionEntries) {

    private static final Set<EventType> ROW_TYPES = EnumSet.of(EventType.INSERT, EventType.UPDATE, EventType.DELETE);

    /** Drops nothing. */
    public static final EventTypeFilter NONE = new EventTypeFilter(Set.of(), false, false, false, Set.of(), false);

    public EventTypeFilter {
        droppedRowTypes = Set.copyOf(droppedRowTypes);
        droppedTypes = Set.copyOf(droppedTypes);
        for (EventType type : droppedRowTypes) {
            if (!ROW_TYPES.contains(type)) {
                throw new IllegalArgumentException("droppedRowTypes may hold INSERT, UPDATE and DELETE only, got "
                        + type + "; use droppedTypes to drop DDL kinds");
            }
        }
    }

    /**
     * Whether an entry of this origin and type is kept.
     *
     * @param type the canal event type the entry carries (QUERY for {@link ChangeOrigin#OTHER_STATEMENT} and
     *             {@link ChangeOrigin#STATEMENT_TEXT})
     */
    public boolean accepts(ChangeOrigin origin, EventType type) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(type, "type");
        if (droppedTypes.contains(type)) {
            return false;
        }
        return switch (origin) {
            case ROWS -> !droppedRowTypes.contains(type);
            case DDL -> !dropQueryEntries;
            case DML_STATEMENT -> !dropQueryEntries && !dropDmlStatements;
            case OTHER_STATEMENT -> !dropQueryEntries && !dropOtherStatements;
            case STATEMENT_TEXT -> !dropDmlStatements;
        };
    }

    /** Whether entries of this kind are kept; only the transaction begin and end entries can be dropped. */
    public boolean accepts(EntryType entryType) {
        Objects.requireNonNull(entryType, "entryType");
        boolean boundary = entryType == EntryType.TRANSACTIONBEGIN || entryType == EntryType.TRANSACTIONEND;
        return !(boundary && dropTransactionEntries);
    }

    /** True when nothing is dropped, so a caller can skip the checks. */
    public boolean dropsNothing() {
        return equals(NONE);
    }
}
