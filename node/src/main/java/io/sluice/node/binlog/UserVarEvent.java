package io.sluice.node.binlog;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * USER_VAR: the value of a user variable ({@code @name}) used by the statement-based QUERY event that follows.
 *
 * @param name      the variable's name, without {@code @}
 * @param isNull    whether the value is SQL NULL (then type is STRING, charset 63 and value empty)
 * @param valueType {@link #STRING}, {@link #REAL}, {@link #INT} or {@link #DECIMAL}
 * @param charset   collation id of a string value
 * @param value     the value's bytes: a string in its charset, an 8-byte little-endian double or integer, or a
 *                  DECIMAL as precision, scale and MySQL's binary decimal; do not modify
 * @param flags     {@link #UNSIGNED_F} for unsigned integers; 0 also when an old server did not write flags
 */
public record UserVarEvent(EventHeader header, String name, boolean isNull, int valueType, long charset, byte[] value,
        int flags) implements BinlogEvent {

    public static final int STRING = 0;
    public static final int REAL = 1;
    public static final int INT = 2;
    public static final int DECIMAL = 4;
    public static final int UNSIGNED_F = 1;

    public boolean unsigned() {
        return (flags & UNSIGNED_F) != 0;
    }

    /** An INT value; unsigned values above Long.MAX_VALUE come back negative (see {@link #unsigned()}). */
    public long longValue() {
        requireType(INT, 8);
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A REAL value. */
    public double doubleValue() {
        requireType(REAL, 8);
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getDouble();
    }

    /** Precision of a DECIMAL value. */
    public int decimalPrecision() {
        requireType(DECIMAL, 2);
        return value[0] & 0xff;
    }

    /** Scale of a DECIMAL value. */
    public int decimalScale() {
        requireType(DECIMAL, 2);
        return value[1] & 0xff;
    }

    private void requireType(int type, int minLength) {
        if (isNull || valueType != type || value.length < minLength) {
            throw new IllegalStateException("user variable @" + name + " is " + (isNull ? "NULL" : "of type "
                    + valueType + " with " + value.length + " bytes") + ", not of type " + type);
        }
    }
}
