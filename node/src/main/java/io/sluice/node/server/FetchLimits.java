package io.sluice.node.server;

/**
 * Bounds of one batch.
 *
 * @param maxEntries   the most entries a batch holds, whatever the client asks for
 * @param maxBytes     a batch stops growing once its entries reach this many bytes (one larger entry is still sent
 *                     alone)
 * @param maxScan      the most stored records one get reads, kept or filtered out, so that a narrow filter over a
 *                     long stretch of other tables cannot hold a reply back for long
 */
record FetchLimits(int maxEntries, long maxBytes, int maxScan) {
    FetchLimits {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        if (maxScan < maxEntries) {
            throw new IllegalArgumentException("maxScan (" + maxScan + ") must be at least maxEntries ("
                    + maxEntries + ")");
        }
    }
}
