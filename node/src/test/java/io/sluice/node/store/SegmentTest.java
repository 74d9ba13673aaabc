package io.sluice.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sluice.common.position.BinlogPosition;

class SegmentTest {
    private static final long BASE = 1000;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** What was appended, and where. */
    private record Written(long sequence, int flags, long commitTime, BinlogPosition position, String gtid,
            byte[] payload, long filePosition) {
    }

    private static SegmentConfig config(int indexIntervalBytes) {
        return new SegmentConfig(indexIntervalBytes, 1 << 20, CLOCK);
    }

    /** Appends {@code count} records of random sizes; every third transaction has several records. */
    private static List<Written> appendRandom(Segment segment, int count, Random random) throws IOException {
        List<Written> written = new ArrayList<>();
        boolean inTransaction = false;
        for (int i = 0; i < count; i++) {
            long sequence = segment.nextSequence();
            int flags = inTransaction ? 0 : StoreRecord.TX_BEGIN;
            if (random.nextInt(3) != 0 || i == count - 1) {
                flags |= StoreRecord.TX_END;
            }
            inTransaction = (flags & StoreRecord.TX_END) == 0;
            byte[] payload = new byte[random.nextInt(300)];
            random.nextBytes(payload);
            String gtid = random.nextBoolean() ? "" : "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-" + sequence;
            BinlogPosition position = new BinlogPosition("mysql-bin.00000" + (1 + i / 100), 4 + 97L * i);
            long commitTime = 1_600_000_000_000L + i;
            // payload in a larger direct buffer at an offset: the append must use exactly the remaining bytes
            ByteBuffer buffer = ByteBuffer.allocateDirect(payload.length + 10);
            buffer.position(5).put(payload).position(5).limit(5 + payload.length);
            long filePosition = segment.append(sequence, flags, commitTime, position, gtid, buffer);
            assertEquals(5, buffer.position(), "append must not consume the payload buffer");
            written.add(new Written(sequence, flags, commitTime, position, gtid, payload, filePosition));
        }
        return written;
    }

    private static void assertRecord(Written expected, StoreRecord actual) {
        assertEquals(expected.sequence(), actual.sequence());
        assertEquals(expected.flags(), actual.flags());
        assertEquals(expected.commitTime(), actual.commitTimeMillis());
        assertEquals(expected.position(), actual.binlogPosition());
        assertEquals(expected.gtid(), actual.gtidSet());
        assertArrayEquals(expected.payload(), actual.payloadBytes());
        assertEquals(expected.filePosition(), actual.filePosition());
    }

    private static void assertReadsExactly(Segment segment, List<Written> written) throws IOException {
        for (Written w : written) {
            assertRecord(w, segment.read(w.sequence()).orElseThrow());
        }
        assertEquals(Optional.empty(), segment.read(BASE + written.size()));
        assertEquals(BASE + written.size(), segment.nextSequence());
        // stepping by position sees the same records
        long position = 0;
        for (Written w : written) {
            StoreRecord record = segment.readAt(position).orElseThrow();
            assertRecord(w, record);
            position += record.sizeInBytes();
        }
        assertEquals(Optional.empty(), segment.readAt(position));
        assertEquals(position, segment.sizeInBytes());
    }

    private static void writeAt(Path file, long position, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    private static byte[] readAll(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Test
    void roundTripReadsEverySequenceAndPosition() throws Exception {
        try (Segment segment = Segment.create(dir, BASE, config(512))) {
            assertEquals(Optional.empty(), segment.read(BASE));
            List<Written> written = appendRandom(segment, 400, new Random(1));
            assertTrue(segment.indexEntryCount() > 10, "index entries: " + segment.indexEntryCount());
            assertReadsExactly(segment, written);
            assertThrows(IllegalArgumentException.class, () -> segment.read(BASE - 1));
            assertEquals(CLOCK.millis(), segment.createdAtMillis());
        }
    }

    @Test
    void reopenedSegmentReadsTheSameAndKeepsAppending() throws Exception {
        List<Written> written;
        try (Segment segment = Segment.create(dir, BASE, config(256))) {
            written = appendRandom(segment, 300, new Random(2));
            segment.flush();
        }
        byte[] index = readAll(SegmentFiles.indexFile(dir, BASE));
        try (Segment segment = Segment.open(dir, BASE, config(256))) {
            assertFalse(segment.isDamaged());
            assertReadsExactly(segment, written);
            written = new ArrayList<>(written);
            List<Written> more = appendRandom(segment, 100, new Random(3));
            written.addAll(more);
            assertReadsExactly(segment, written);
        }
        // the index after reopening and appending equals one built in a single pass
        byte[] extended = readAll(SegmentFiles.indexFile(dir, BASE));
        assertArrayEquals(index, java.util.Arrays.copyOf(extended, index.length));
        Files.delete(SegmentFiles.indexFile(dir, BASE));
        try (Segment segment = Segment.open(dir, BASE, config(256))) {
            assertReadsExactly(segment, written);
        }
        assertArrayEquals(extended, readAll(SegmentFiles.indexFile(dir, BASE)));
    }

    @Test
    void missingOrDamagedIndexIsRebuiltFromTheLog() throws Exception {
        List<Written> written;
        try (Segment segment = Segment.create(dir, BASE, config(200))) {
            written = appendRandom(segment, 300, new Random(4));
            segment.flush();
        }
        Path indexFile = SegmentFiles.indexFile(dir, BASE);
        byte[] good = readAll(indexFile);
        assertTrue(good.length >= 8 * 20);

        List<byte[]> damaged = new ArrayList<>();
        damaged.add(java.util.Arrays.copyOf(good, good.length - 3)); // partial entry
        byte[] swapped = good.clone(); // entries out of order
        System.arraycopy(good, 0, swapped, 8, 8);
        System.arraycopy(good, 8, swapped, 0, 8);
        damaged.add(swapped);
        byte[] offByOne = good.clone(); // last entry names the wrong sequence
        offByOne[good.length - 5]++;
        damaged.add(offByOne);
        byte[] pastEnd = good.clone(); // last entry points past the data
        ByteBuffer.wrap(pastEnd).putInt(good.length - 4, Integer.MAX_VALUE - 1);
        damaged.add(pastEnd);
        damaged.add(new byte[0]); // emptied: plausible, so kept; reads scan from the start
        damaged.add(null); // missing

        for (byte[] bytes : damaged) {
            if (bytes == null) {
                Files.delete(indexFile);
            } else {
                Files.write(indexFile, bytes);
            }
            try (Segment segment = Segment.open(dir, BASE, config(200))) {
                assertFalse(segment.isDamaged());
                assertReadsExactly(segment, written);
            }
            if (bytes == null || bytes.length > 0) {
                assertArrayEquals(good, readAll(indexFile));
            }
        }
    }

    /**
     * Junk written at a random offset inside one of the last records (or past the end): reopening marks the
     * segment damaged, and recovery keeps exactly the records before the damaged one.
     */
    @Test
    void recoveryWithCorruptRecordKeepsExactlyTheGoodPrefix() throws Exception {
        Random random = new Random(5);
        int[] seenByOpen = new int[2];
        for (int round = 0; round < 25; round++) {
            Path roundDir = Files.createDirectory(dir.resolve("round" + round));
            List<Written> written;
            long size;
            try (Segment segment = Segment.create(roundDir, BASE, config(400))) {
                written = appendRandom(segment, 50 + random.nextInt(50), random);
                size = segment.sizeInBytes();
            }
            // damage one of the last records; open() notices only damage from the last index entry on
            int bad = written.size() - 1 - random.nextInt(10);
            byte[] index = readAll(SegmentFiles.indexFile(roundDir, BASE));
            long lastIndexed = index.length == 0 ? BASE : BASE + ByteBuffer.wrap(index).getInt(index.length - 8);
            boolean inTail = BASE + bad >= lastIndexed;
            seenByOpen[inTail ? 1 : 0]++;
            long start = written.get(bad).filePosition();
            long recordEnd = bad + 1 < written.size() ? written.get(bad + 1).filePosition() : size;
            long offset = start + random.nextInt((int) (recordEnd - start));
            byte[] junk = new byte[1 + random.nextInt(20)];
            byte[] original = new byte[junk.length];
            try (FileChannel channel = FileChannel.open(SegmentFiles.logFile(roundDir, BASE), StandardOpenOption.READ)) {
                channel.read(ByteBuffer.wrap(original), offset);
            }
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) (original[i] ^ (1 + random.nextInt(255))); // every byte changes
            }
            writeAt(SegmentFiles.logFile(roundDir, BASE), offset, junk);
            long damagedSize = Files.size(SegmentFiles.logFile(roundDir, BASE));

            try (Segment segment = Segment.open(roundDir, BASE, config(400))) {
                assertEquals(inTail, segment.isDamaged(), "round " + round);
                if (inTail) {
                    assertThrows(IllegalStateException.class, () -> segment.append(segment.nextSequence(), 3, 0,
                            new BinlogPosition("mysql-bin.000001", 4), "", ByteBuffer.allocate(1)));
                }
                CorruptRecordException e = assertThrows(CorruptRecordException.class,
                        () -> segment.read(BASE + bad));
                assertEquals(start, e.position());

                RecoveryReport report = segment.recover();
                assertEquals(bad, report.recordsKept(), "round " + round + ": " + report);
                assertEquals(start, report.bytesKept());
                assertEquals(start, report.firstBadPosition());
                assertEquals(damagedSize - start, report.bytesCut());
                assertTrue(report.recordsCut() >= 1, report.toString());
                assertTrue(report.problem().contains(roundDir.toString()), report.problem());
                assertEquals(start, Files.size(SegmentFiles.logFile(roundDir, BASE)));
                assertFalse(segment.isDamaged());
                assertReadsExactly(segment, written.subList(0, bad));

                List<Written> appended = appendRandom(segment, 5, random);
                assertEquals(BASE + bad, appended.get(0).sequence());
            }
        }
        assertTrue(seenByOpen[0] > 0 && seenByOpen[1] > 0, "both cases must occur: " + seenByOpen[0] + ", " + seenByOpen[1]);
    }

    /** A torn tail: the file cut at a random offset. Recovery keeps every whole record and counts the cut. */
    @Test
    void recoveryOfTornTailKeepsEveryWholeRecord() throws Exception {
        Random random = new Random(6);
        for (int round = 0; round < 25; round++) {
            Path roundDir = Files.createDirectory(dir.resolve("round" + round));
            List<Written> written;
            long size;
            try (Segment segment = Segment.create(roundDir, BASE, config(300))) {
                written = appendRandom(segment, 30 + random.nextInt(30), random);
                size = segment.sizeInBytes();
            }
            long cut = written.get(written.size() - 5).filePosition() + 1
                    + random.nextInt((int) (size - written.get(written.size() - 5).filePosition()) - 1);
            try (FileChannel channel = FileChannel.open(SegmentFiles.logFile(roundDir, BASE), StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            int whole = 0;
            while (whole < written.size() && (whole + 1 < written.size()
                    ? written.get(whole + 1).filePosition() : size) <= cut) {
                whole++;
            }
            long keptBytes = whole < written.size() ? written.get(whole).filePosition() : size;

            try (Segment segment = Segment.open(roundDir, BASE, config(300))) {
                RecoveryReport report = segment.recover();
                assertEquals(whole, report.recordsKept(), report.toString());
                assertEquals(keptBytes, report.bytesKept());
                assertEquals(cut - keptBytes, report.bytesCut());
                assertEquals(keptBytes == cut ? 0 : 1, report.recordsCut(), report.toString());
                assertEquals(keptBytes == cut ? -1 : keptBytes, report.firstBadPosition());
                assertReadsExactly(segment, written.subList(0, whole));
            }
        }
    }

    @Test
    void recoveryOfCleanSegmentCutsNothing() throws Exception {
        List<Written> written;
        try (Segment segment = Segment.create(dir, BASE, config(100))) {
            written = appendRandom(segment, 100, new Random(7));
        }
        byte[] index = readAll(SegmentFiles.indexFile(dir, BASE));
        try (Segment segment = Segment.open(dir, BASE, config(100))) {
            RecoveryReport report = segment.recover();
            assertFalse(report.truncated());
            assertEquals(new RecoveryReport(SegmentFiles.logFile(dir, BASE), 100, segment.sizeInBytes(), 0, 0, -1, ""),
                    report);
            assertReadsExactly(segment, written);
        }
        assertArrayEquals(index, readAll(SegmentFiles.indexFile(dir, BASE)));
    }

    /** A bad checksum before the last index entry of a sealed segment is reported on read, never served. */
    @Test
    void crcMismatchInSealedSegmentIsReportedWithFileAndPosition() throws Exception {
        List<Written> written;
        try (Segment segment = Segment.create(dir, BASE, config(200))) {
            written = appendRandom(segment, 200, new Random(8));
        }
        Written victim = written.get(60);
        int flipAt = victim.payload().length > 0 ? 40 + victim.gtid().length() + 17 : 9; // payload or flags byte
        Path file = SegmentFiles.logFile(dir, BASE);
        byte[] bytes = readAll(file);
        bytes[(int) victim.filePosition() + flipAt] ^= 0x40;
        Files.write(file, bytes);

        try (Segment segment = Segment.open(dir, BASE, config(200))) {
            assertFalse(segment.isDamaged(), "the tail is intact");
            assertRecord(written.get(59), segment.read(BASE + 59).orElseThrow());
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> segment.read(BASE + 60));
            assertEquals(victim.filePosition(), e.position());
            assertEquals(file, e.file());
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(
                    "position " + victim.filePosition()) && e.getMessage().contains("CRC32C mismatch"), e.getMessage());
            assertThrows(CorruptRecordException.class, () -> segment.readAt(victim.filePosition()));
            // records after it are still readable: stepping over a header does not need its checksum
            assertRecord(written.get(61), segment.read(BASE + 61).orElseThrow());
        }
    }

    @Test
    void damagedLengthInSealedSegmentFailsReadsThatStepOverIt() throws Exception {
        List<Written> written;
        try (Segment segment = Segment.create(dir, BASE, config(100_000))) { // no index entries at all
            written = appendRandom(segment, 50, new Random(9));
        }
        Path file = SegmentFiles.logFile(dir, BASE);
        writeAt(file, written.get(10).filePosition(), new byte[] {0x7f, 0, 0, 0});
        try (Segment segment = Segment.open(dir, BASE, config(100_000))) {
            // the whole segment is the tail here, so open() finds it
            assertTrue(segment.isDamaged());
            assertEquals(BASE + 10, segment.nextSequence());
            assertRecord(written.get(9), segment.read(BASE + 9).orElseThrow());
            CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> segment.read(BASE + 20));
            assertEquals(written.get(10).filePosition(), e.position());
            assertTrue(e.getMessage().contains("exceeds the maximum"), e.getMessage());
        }
    }

    @Test
    void appendsOutOfSequenceOrTooLargeAreRefusedWithTheNumbers() throws Exception {
        try (Segment segment = Segment.create(dir, BASE, new SegmentConfig(100, 200, CLOCK))) {
            BinlogPosition position = new BinlogPosition("mysql-bin.000001", 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> segment.append(BASE + 1, 0, 0, position, "", ByteBuffer.allocate(1)));
            assertTrue(e.getMessage().contains("sequence " + (BASE + 1)) && e.getMessage().contains(BASE + " is next"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> segment.append(BASE, 0, 0, position, "", ByteBuffer.allocate(200)));
            assertTrue(e.getMessage().contains("maxRecordBytes 200"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> segment.append(BASE, 4, 0, position, "", ByteBuffer.allocate(1)));
            assertEquals(0, segment.sizeInBytes());
            segment.append(BASE, StoreRecord.TX_BEGIN | StoreRecord.TX_END, 0, position, "", ByteBuffer.allocate(0));
            StoreRecord record = segment.read(BASE).orElseThrow();
            assertTrue(record.beginsTransaction() && record.endsTransaction());
            assertEquals(RecordFormat.MIN_RECORD_SIZE + "mysql-bin.000001".length() - 1, record.sizeInBytes());
        }
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Segment.create(dir, BASE, config(100)));
    }

    @Test
    void configIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new SegmentConfig(-1, 1000, CLOCK));
        assertThrows(IllegalArgumentException.class, () -> new SegmentConfig(0, 10, CLOCK));
    }

    /** Readers running alongside the writer see only whole, verified records. */
    @Test
    void concurrentReadersSeeOnlyAppendedRecords() throws Exception {
        try (Segment segment = Segment.create(dir, BASE, config(256))) {
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> readers = new ArrayList<>();
            int total = 3000;
            for (int r = 0; r < 4; r++) {
                Thread reader = new Thread(() -> {
                    try {
                        long next = BASE;
                        while (next < BASE + total) {
                            Optional<StoreRecord> record = segment.read(next);
                            if (record.isPresent()) {
                                assertEquals(next, record.get().sequence());
                                assertEquals(next % 97, record.get().payload().remaining());
                                next++;
                            } else {
                                Thread.onSpinWait();
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                });
                reader.start();
                readers.add(reader);
            }
            BinlogPosition position = new BinlogPosition("mysql-bin.000001", 4);
            for (long s = BASE; s < BASE + total; s++) {
                segment.append(s, StoreRecord.TX_BEGIN | StoreRecord.TX_END, s, position, "",
                        ByteBuffer.allocate((int) (s % 97)));
            }
            for (Thread reader : readers) {
                reader.join(10_000);
                assertFalse(reader.isAlive());
            }
            assertEquals(List.of(), failures);
        }
    }

    @Test
    void truncateFromCutsTheRecordAndEverythingAfterAndAppendsContinue() throws Exception {
        Random random = new Random(11);
        List<Written> written;
        try (Segment segment = Segment.create(dir, BASE, config(256))) {
            written = new ArrayList<>(appendRandom(segment, 300, random));
            int entriesBefore = segment.indexEntryCount();
            int keep = 1 + random.nextInt(200);
            segment.truncateFrom(BASE + keep);
            written = new ArrayList<>(written.subList(0, keep));
            assertTrue(segment.indexEntryCount() < entriesBefore);
            assertReadsExactly(segment, written);
            assertEquals(written.get(keep - 1).filePosition() + segment.read(BASE + keep - 1).orElseThrow()
                    .sizeInBytes(), Files.size(segment.file()));

            segment.truncateFrom(segment.nextSequence()); // nothing to cut
            assertThrows(IllegalArgumentException.class, () -> segment.truncateFrom(BASE - 1));
            assertThrows(IllegalArgumentException.class, () -> segment.truncateFrom(segment.nextSequence() + 1));

            written.addAll(appendRandom(segment, 100, random));
            assertReadsExactly(segment, written);
            segment.flush();
        }
        try (Segment segment = Segment.open(dir, BASE, config(256))) {
            assertFalse(segment.isDamaged());
            assertReadsExactly(segment, written);
            segment.truncateFrom(BASE);
            assertEquals(0, segment.sizeInBytes());
            assertEquals(0, segment.indexEntryCount());
            assertEquals(Optional.empty(), segment.read(BASE));
        }
    }
}
