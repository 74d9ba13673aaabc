package io.sluice.node.binlog;

/**
 * What a column's values are, after the wire type, its metadata and the column's charset are taken together. This
 * decides the Java type of {@link RowImage#value} and the shape of {@link RowImage#text}:
 *
 * <table>
 *   <caption>Kinds, Java values and canonical text</caption>
 *   <tr><th>kind</th><th>wire types</th><th>value(i)</th><th>text(i)</th></tr>
 *   <tr><td>INTEGER</td><td>TINY SHORT INT24 LONG LONGLONG</td><td>Long; BigInteger for unsigned LONGLONG</td>
 *       <td>decimal, unsigned when known unsigned</td></tr>
 *   <tr><td>DECIMAL</td><td>NEWDECIMAL, DECIMAL</td><td>BigDecimal</td><td>{@code -12.340}: every scale digit</td></tr>
 *   <tr><td>FLOAT</td><td>FLOAT</td><td>Float</td><td>{@link Float#toString(float)}</td></tr>
 *   <tr><td>DOUBLE</td><td>DOUBLE</td><td>Double</td><td>{@link Double#toString(double)}</td></tr>
 *   <tr><td>BIT</td><td>BIT</td><td>Long</td><td>exactly n binary digits, most significant first</td></tr>
 *   <tr><td>YEAR</td><td>YEAR</td><td>Integer</td><td>{@code YYYY} ({@code 0000} for the zero year)</td></tr>
 *   <tr><td>DATE</td><td>DATE, NEWDATE</td><td>LocalDate, or the text for zero dates</td><td>{@code YYYY-MM-DD}</td></tr>
 *   <tr><td>TIME</td><td>TIME, TIME2</td><td>Duration</td><td>{@code [-]HH:MM:SS[.f]}, hours may exceed 24</td></tr>
 *   <tr><td>DATETIME</td><td>DATETIME, DATETIME2</td><td>LocalDateTime, or the text for zero dates</td>
 *       <td>{@code YYYY-MM-DD HH:MM:SS[.f]}, exactly fsp fraction digits</td></tr>
 *   <tr><td>TIMESTAMP</td><td>TIMESTAMP, TIMESTAMP2</td><td>Instant, or the text for the zero timestamp</td>
 *       <td>as DATETIME, in UTC</td></tr>
 *   <tr><td>TEXT</td><td>STRING VARCHAR VAR_STRING BLOBs with a character set</td><td>String</td>
 *       <td>the string</td></tr>
 *   <tr><td>BYTES</td><td>the same with the binary character set; BLOBs of unknown charset</td><td>byte[]</td>
 *       <td>{@code 0x} + lower-case hex</td></tr>
 *   <tr><td>ENUM</td><td>ENUM (also inside STRING)</td><td>label String, or Long index without labels</td>
 *       <td>the label, or the index</td></tr>
 *   <tr><td>SET</td><td>SET (also inside STRING)</td><td>labels comma-joined, or Long bitmask</td>
 *       <td>the labels, or the bitmask</td></tr>
 *   <tr><td>JSON</td><td>JSON (MySQL binary JSON)</td><td>String (compact JSON)</td><td>compact JSON</td></tr>
 *   <tr><td>GEOMETRY</td><td>GEOMETRY</td><td>byte[] (4-byte SRID + WKB)</td><td>{@code 0x} + hex</td></tr>
 *   <tr><td>VECTOR</td><td>VECTOR</td><td>byte[] (float32 little-endian)</td><td>{@code 0x} + hex</td></tr>
 *   <tr><td>NULL</td><td>NULL</td><td>null</td><td>null</td></tr>
 *   <tr><td>UNSUPPORTED</td><td>anything else, or invalid metadata</td><td colspan="2">a value present in a
 *       row is an error</td></tr>
 * </table>
 */
public enum ColumnKind {
    INTEGER, DECIMAL, FLOAT, DOUBLE, BIT, YEAR, DATE, TIME, DATETIME, TIMESTAMP, TEXT, BYTES, ENUM, SET, JSON,
    GEOMETRY, VECTOR, NULL, UNSUPPORTED
}
