package io.sluice.node.binlog;

import java.util.HexFormat;

/**
 * An XA transaction id: format id, global transaction id and branch qualifier (each at most 64 bytes).
 *
 * @param formatId -1 for a null XID
 * @param gtrid    global transaction id; do not modify
 * @param bqual    branch qualifier; do not modify
 */
public record XaId(long formatId, byte[] gtrid, byte[] bqual) {
    /** MySQL's MAXGTRIDSIZE and MAXBQUALSIZE. */
    static final int MAX_PART = 64;

    /** Reads format id, the two lengths (as {@code lengthBytes}-byte integers) and the data. */
    static XaId read(ByteReader r, int lengthBytes, String what) {
        long formatId = r.s32();
        int gtridLength = (int) r.uintLE(lengthBytes);
        int bqualLength = (int) r.uintLE(lengthBytes);
        if (gtridLength < 0 || gtridLength > MAX_PART || bqualLength < 0 || bqualLength > MAX_PART) {
            throw new BinlogFormatException(what + " has an XID with gtrid length " + gtridLength + " and bqual length "
                    + bqualLength + " (at most " + MAX_PART + " each)");
        }
        return new XaId(formatId, r.bytes(gtridLength), r.bytes(bqualLength));
    }

    /** As {@code XA RECOVER ... CONVERT XID} prints it: {@code X'gtrid',X'bqual',formatId}. */
    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "X'" + hex.formatHex(gtrid) + "',X'" + hex.formatHex(bqual) + "'," + formatId;
    }
}
