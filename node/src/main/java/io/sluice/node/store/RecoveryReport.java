package io.sluice.node.store;

import java.nio.file.Path;

/**
 * What {@link Segment#recover()} kept and cut.
 *
 * @param file             the segment data file
 * @param recordsKept      records verified and kept
 * @param bytesKept        the data file's size after recovery
 * @param recordsCut       record frames in the cut tail, found by following their length fields; a torn record or
 *                         a run of bytes whose length field is implausible counts as one. Exact for a torn
 *                         tail, a best effort when lengths themselves are damaged; 0 when nothing was cut
 * @param bytesCut         bytes removed from the end of the data file
 * @param firstBadPosition byte position of the first record that failed verification, -1 if none
 * @param problem          why that record failed, empty if none
 */
public record RecoveryReport(Path file, long recordsKept, long bytesKept, long recordsCut, long bytesCut,
        long firstBadPosition, String problem) {

    /** Whether anything was cut. */
    public boolean truncated() {
        return bytesCut > 0;
    }

    @Override
    public String toString() {
        if (!truncated()) {
            return file + ": " + recordsKept + " records (" + bytesKept + " bytes) verified, nothing cut";
        }
        return file + ": kept " + recordsKept + " records (" + bytesKept + " bytes), cut " + recordsCut
                + " records (" + bytesCut + " bytes) from position " + firstBadPosition + ": " + problem;
    }
}
