package io.sluice.common.position;

/**
 * One MariaDB GTID, {@code domain-server-sequence} as in {@code 0-1-17}: the replication domain, the id of the server
 * that wrote the transaction, and the transaction's sequence number in its domain.
 *
 * @param domainId replication domain, 0..2^32-1
 * @param serverId originating server id, 0..2^32-1
 * @param sequence sequence number, an unsigned 64-bit value (compare with {@link Long#compareUnsigned})
 */
public record MariaDbGtid(long domainId, long serverId, long sequence) {

    static final long MAX_UINT32 = 0xFFFF_FFFFL;

    public MariaDbGtid {
        if (domainId < 0 || domainId > MAX_UINT32) {
            throw new IllegalArgumentException("MariaDB GTID domain id must be in 0.." + MAX_UINT32 + ", got " + domainId);
        }
        if (serverId < 0 || serverId > MAX_UINT32) {
            throw new IllegalArgumentException("MariaDB GTID server id must be in 0.." + MAX_UINT32 + ", got " + serverId);
        }
    }

    /**
     * Parses {@code domain-server-sequence}.
     *
     * @throws IllegalArgumentException naming the text and the part that is wrong
     */
    public static MariaDbGtid parse(String text) {
        String trimmed = text.strip();
        String[] parts = trimmed.split("-", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "MariaDB GTID must look like domain-server-sequence (e.g. 0-1-17), got '" + text + "'");
        }
        try {
            return new MariaDbGtid(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseUnsignedLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "MariaDB GTID must be three unsigned numbers like 0-1-17, got '" + text + "'", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in '" + text + "'", e);
        }
    }

    /** {@code 0-1-17}; the sequence printed unsigned. */
    @Override
    public String toString() {
        return domainId + "-" + serverId + "-" + Long.toUnsignedString(sequence);
    }
}
