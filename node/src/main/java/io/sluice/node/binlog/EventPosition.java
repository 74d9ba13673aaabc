package io.sluice.node.binlog;

import java.util.Objects;

import io.sluice.common.position.BinlogPosition;

/**
 * Where an event starts: a binlog (or relay log) file and the byte offset of the event header in it. Events that
 * MySQL packs into a TRANSACTION_PAYLOAD event have no offset of their own; they are addressed by the payload's
 * offset plus their 1-based index inside the payload.
 *
 * <p>Prints as an operator types it: {@code mysql-bin.000003:1234}, or {@code mysql-bin.000003:1234/2} for the
 * second event inside the payload event at 1234.
 *
 * @param file   binlog file name, without directory
 * @param offset byte offset of the event (of the enclosing payload event for inner events)
 * @param inner  0 for an event of the file itself, 1..n for the n-th event inside a TRANSACTION_PAYLOAD
 */
public record EventPosition(String file, long offset, int inner) {
    public EventPosition {
        Objects.requireNonNull(file, "file");
        if (file.isEmpty() || file.indexOf(':') >= 0) {
            throw new IllegalArgumentException("binlog file name must be non-empty and contain no ':', got '" + file + "'");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("event offset must be >= 0, got " + offset + " in " + file);
        }
        if (inner < 0) {
            throw new IllegalArgumentException("inner event index must be >= 0, got " + inner + " at " + file + ":" + offset);
        }
    }

    /** The position of an event of the file itself. */
    public static EventPosition of(String file, long offset) {
        return new EventPosition(file, offset, 0);
    }

    public static EventPosition of(BinlogPosition position) {
        return new EventPosition(position.file(), position.offset(), 0);
    }

    /** The position of the {@code index}-th (1-based) event inside the payload event at this position. */
    public EventPosition inner(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("inner event index is 1-based, got " + index);
        }
        return new EventPosition(file, offset, index);
    }

    public boolean isInner() {
        return inner > 0;
    }

    /** The file position; for an inner event, that of its enclosing payload event. */
    public BinlogPosition binlogPosition() {
        return new BinlogPosition(file, offset);
    }

    @Override
    public String toString() {
        return inner == 0 ? file + ":" + offset : file + ":" + offset + "/" + inner;
    }
}
