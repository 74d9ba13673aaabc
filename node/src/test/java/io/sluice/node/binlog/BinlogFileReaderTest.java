package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files: magic, sizes, truncation, starting mid-file, buffers smaller than events. */
class BinlogFileReaderTest {
    private static final byte[] MAGIC = {(byte) 0xfe, 'b', 'i', 'n'};

    @TempDir
    Path dir;

    private Path write(String name, byte[]... parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] xid(long id) {
        return Events.event(EventType.XID, Bytes.of().u64(id).build(), true);
    }

    private static byte[] bigQuery(int size) {
        String sql = "INSERT INTO t VALUES ('" + "x".repeat(size) + "')";
        return Events.event(EventType.QUERY, Bytes.of().u32(1).u32(0).u8(0).u16(0).u16(0).u8(0).str(sql).build(), true);
    }

    @Test
    void notABinlogIsRefusedNamingWhatItStartsWith() throws Exception {
        Path text = write("notes.txt", "hello, world".getBytes(StandardCharsets.US_ASCII));
        BinlogFormatException e = assertThrows(BinlogFormatException.class,
                () -> BinlogFileReader.open(text, TestBinlogs.decoderWithoutRows()));
        assertTrue(e.getMessage().contains("notes.txt is not a binlog") && e.getMessage().contains("[68 65 6c 6c]")
                && e.getMessage().contains("fe 62 69 6e"), e.getMessage());
        Path tiny = write("tiny", new byte[] {(byte) 0xfe, 'b'});
        assertThrows(BinlogFormatException.class, () -> BinlogFileReader.open(tiny, TestBinlogs.decoderWithoutRows()));
    }

    @Test
    void magicAloneIsAnEmptyBinlog() throws Exception {
        try (BinlogFileReader reader = BinlogFileReader.open(write("mysql-bin.000001", MAGIC),
                TestBinlogs.decoderWithoutRows())) {
            assertFalse(reader.next());
            assertThrows(IllegalStateException.class, reader::event);
        }
    }

    @Test
    void truncatedLastEventNamesOffsetAndMissingBytes() throws Exception {
        byte[] fde = Events.mysql80Fde(true);
        byte[] xid = xid(1);
        Path file = write("mysql-bin.000002", MAGIC, fde, xid, java.util.Arrays.copyOf(xid(2), 20));
        List<EventPosition> read = new ArrayList<>();
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> {
            try (BinlogFileReader reader = BinlogFileReader.open(file, TestBinlogs.decoderWithoutRows())) {
                while (reader.next()) {
                    read.add(reader.position());
                }
            }
        });
        long offset = 4 + fde.length + xid.length;
        assertTrue(e.getMessage().contains("mysql-bin.000002:" + offset) && e.getMessage().contains("needs 31 bytes")
                && e.getMessage().contains("has 20 (11 missing)"), e.getMessage());
        assertEquals(2, read.size(), "the events before it are read");
    }

    @Test
    void impossibleEventSizesAreErrorsNotAllocations() throws Exception {
        byte[] fde = Events.mysql80Fde(true);
        byte[] huge = xid(1);
        huge[12] = (byte) 0xff; // size 0xff00001f: far beyond the file and any event
        Path file = write("mysql-bin.000003", MAGIC, fde, huge);
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> readAll(file));
        assertTrue(e.getMessage().contains("declares a size of 4278190111"), e.getMessage());

        byte[] small = xid(1);
        small[9] = 5; // size 5: shorter than a header
        BinlogFormatException tooSmall = assertThrows(BinlogFormatException.class,
                () -> readAll(write("mysql-bin.000004", MAGIC, fde, small)));
        assertTrue(tooSmall.getMessage().contains("size of 5 bytes"), tooSmall.getMessage());

        byte[] beyondFile = xid(1);
        beyondFile[11] = 0x10; // 1 MiB and a bit: fits the limit, not the file
        BinlogFormatException truncated = assertThrows(BinlogFormatException.class,
                () -> readAll(write("mysql-bin.000005", MAGIC, fde, beyondFile)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    }

    private static List<BinlogEvent> readAll(Path file) throws Exception {
        List<BinlogEvent> events = new ArrayList<>();
        try (BinlogFileReader reader = BinlogFileReader.open(file, TestBinlogs.decoderWithoutRows())) {
            while (reader.next()) {
                events.add(reader.event());
            }
        }
        return events;
    }

    @Test
    void startingMidFileReadsTheFormatDescriptionFirst() throws Exception {
        byte[] fde = Events.mysql80Fde(true);
        Path file = write("mysql-bin.000006", MAGIC, fde, xid(1), xid(2), xid(3));
        long third = 4 + fde.length + 2L * xid(1).length;
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        try (BinlogFileReader reader = BinlogFileReader.open(file, decoder, third)) {
            assertTrue(decoder.formatDescription().checksumEnabled());
            assertTrue(reader.next());
            assertEquals(EventPosition.of("mysql-bin.000006", third), reader.position());
            assertEquals(3, assertInstanceOf(XidEvent.class, reader.event()).xid());
            assertFalse(reader.next());
        }
        assertThrows(IllegalArgumentException.class,
                () -> BinlogFileReader.open(file, TestBinlogs.decoderWithoutRows(), Files.size(file) + 1));
    }

    @Test
    void eventsLargerThanTheBufferGrowIt() throws Exception {
        byte[] fde = Events.mysql80Fde(true);
        Path file = write("mysql-bin.000007", MAGIC, fde, bigQuery(5000), xid(1), bigQuery(100_000), xid(2));
        List<BinlogEvent> events = new ArrayList<>();
        try (BinlogFileReader reader = BinlogFileReader.open(file, TestBinlogs.decoderWithoutRows(), 4, 64, 1 << 20)) {
            while (reader.next()) {
                events.add(reader.event());
            }
        }
        assertEquals(5, events.size());
        assertEquals(100_000 + 25, ((QueryEvent) events.get(3)).sqlBytes().length);

        byte[] tooLarge = bigQuery(2000);
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> {
            try (BinlogFileReader reader = BinlogFileReader.open(write("mysql-bin.000008", MAGIC, fde, tooLarge),
                    TestBinlogs.decoderWithoutRows(), 4, 64, 1000)) {
                while (reader.next()) {
                    reader.event();
                }
            }
        });
        assertTrue(e.getMessage().contains("outside 19..1000"), e.getMessage());
    }

    @Test
    void tinyBuffersReadRealFilesExactlyLikeTheDefault() throws Exception {
        for (String name : List.of("bug27213339-bin.000001", "ver_5_1_23.001", "transaction_compression.000001")) {
            Path file = TestBinlogs.file(name);
            List<String> expected = positionsAndTypes(file, 1 << 20);
            assertEquals(expected, positionsAndTypes(file, 19), name);
            assertEquals(expected, positionsAndTypes(file, 100), name);
        }
    }

    private static List<String> positionsAndTypes(Path file, int bufferSize) throws Exception {
        List<String> seen = new ArrayList<>();
        try (BinlogFileReader reader = BinlogFileReader.open(file, TestBinlogs.decoderWithoutRows(), 4, bufferSize,
                BinlogEventDecoder.MAX_EVENT_SIZE)) {
            while (reader.next()) {
                seen.add(reader.position() + " " + reader.event().header().typeCode());
            }
        }
        return seen;
    }

    /**
     * Junk written at a random offset of a checksummed binlog: every event before the damaged one is read as
     * before, and reading stops with an error naming the damaged event's offset.
     */
    @Test
    void junkInAChecksummedFileKeepsTheExactGoodPrefix() throws Exception {
        Path original = TestBinlogs.file("bug27213339-bin.000001");
        byte[] data = Files.readAllBytes(original);
        List<String> good = positionsAndTypes(original, 1 << 16);
        List<Long> starts = new ArrayList<>();
        for (String line : good) {
            starts.add(Long.parseLong(line.substring(line.indexOf(':') + 1, line.indexOf(' '))));
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(20240611);
        for (int trial = 0; trial < 200; trial++) {
            byte[] damaged = data.clone();
            int at = 4 + random.nextInt(data.length - 4);
            int length = 1 + random.nextInt(8);
            for (int i = at; i < Math.min(data.length, at + length); i++) {
                damaged[i] ^= (byte) (1 + random.nextInt(255));
            }
            long hit = 4;
            for (long start : starts) {
                if (start <= at) {
                    hit = start;
                }
            }
            Path file = write("bug27213339-bin.000001", damaged);
            List<String> read = new ArrayList<>();
            Exception error = null;
            try (BinlogFileReader reader = BinlogFileReader.open(file, TestBinlogs.decoderWithoutRows())) {
                while (reader.next()) {
                    read.add(reader.position() + " " + reader.event().header().typeCode());
                }
            } catch (BinlogFormatException e) {
                error = e;
            }
            int before = starts.indexOf(hit);
            String context = "trial " + trial + ": " + length + " bytes of junk at " + at + " in the event at " + hit;
            assertTrue(error != null, context + " went unnoticed");
            assertEquals(good.subList(0, before), read, context);
            assertTrue(error.getMessage().contains("bug27213339-bin.000001:" + hit), context + ": " + error.getMessage());
        }
    }
}
