package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFilesTest {
    @TempDir
    Path dir;

    @Test
    void namesAreZeroPaddedTo20Digits() {
        assertEquals("00000000000000000000.log", SegmentFiles.logFile(dir, 0).getFileName().toString());
        assertEquals("00000000000000001234.index", SegmentFiles.indexFile(dir, 1234).getFileName().toString());
        assertEquals("09223372036854775807", SegmentFiles.baseName(Long.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> SegmentFiles.baseName(-1));
    }

    @Test
    void namesParseBack() {
        for (long sequence : new long[] {0, 1, 1234, 1L << 40, Long.MAX_VALUE}) {
            assertEquals(sequence, SegmentFiles.firstSequence(SegmentFiles.logFile(dir, sequence)));
            assertEquals(sequence, SegmentFiles.firstSequence(SegmentFiles.indexFile(dir, sequence)));
        }
    }

    @Test
    void otherNamesAreRejected() {
        for (String name : new String[] {"1234.log", "0000000000000000123x.log", "00000000000000001234.idx",
                "000000000000000001234.log", "99999999999999999999.log", "00000000000000001234.log.swap"}) {
            Path file = dir.resolve(name);
            assertFalse(SegmentFiles.isLogFile(file), name);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SegmentFiles.firstSequence(file));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertTrue(SegmentFiles.isIndexFile(dir.resolve("00000000000000001234.index")));
    }

    @Test
    void listingSortsBySequenceAndIgnoresOtherFiles() throws Exception {
        for (long sequence : new long[] {500, 7, 100_000}) {
            Files.createFile(SegmentFiles.logFile(dir, sequence));
            Files.createFile(SegmentFiles.indexFile(dir, sequence));
        }
        Files.createFile(dir.resolve("notes.log"));
        assertEquals(List.of(7L, 500L, 100_000L), SegmentFiles.listSegments(dir));
    }
}
