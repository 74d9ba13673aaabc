package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Seeded byte flips and truncations of real rows events (and of their TABLE_MAP metadata) must end in a decoded
 * event or a {@link BinlogFormatException}: never another exception, a hang, or an allocation the bytes do not
 * pay for. A failure prints the seed, the sample and the mutated bytes so it can be replayed.
 */
class RowsFuzzTest {
    private static final long SEED = 0x5eed_2024L;

    /** A rows event as found in a file: its header, body (checksum cut) and the TABLE_MAP it used. */
    private record Sample(String origin, EventHeader header, byte[] body, int postHeaderLength, TableMapEvent table) {
    }

    private static final String[] FILES = {"json.binlog.000001", "json-opaque.binlog", "vector.binlog",
            "mysql-enum-string-set.000001", "mysql_type_bit.000001", "minimal_row_metadata.000001",
            "time_issue.000001", "mariadb-bin.000001", "update-partial-row.binlog", "ver_5_1_23.001",
            "ver_trunk_row_v2.001", "binlog-invisible-columns.000001", "binlog_transaction_with_GTID_TAG.000001"};

    private static List<Sample> samples() throws IOException {
        List<Sample> out = new ArrayList<>();
        for (String name : FILES) {
            Path file = TestBinlogs.file(name);
            byte[] d = Files.readAllBytes(file);
            BinlogEventDecoder decoder = new BinlogEventDecoder();
            int pos = BinlogFileReader.MAGIC_LENGTH;
            while (pos + EventHeader.LENGTH <= d.length) {
                EventHeader h = EventHeader.read(new ByteReader(d, pos, EventHeader.LENGTH));
                int size = (int) h.eventSize();
                BinlogEvent event = decoder.decode(d, pos, size, EventPosition.of(name, pos));
                if (event instanceof RowsEvent rows) {
                    int bodyLength = size - EventHeader.LENGTH
                            - (decoder.formatDescription().checksumEnabled() ? 4 : 0);
                    byte[] body = Arrays.copyOfRange(d, pos + EventHeader.LENGTH, pos + EventHeader.LENGTH + bodyLength);
                    out.add(new Sample(name + ":" + pos, h, body,
                            decoder.formatDescription().postHeaderLength(h.typeCode()), rows.table()));
                }
                pos += size;
            }
        }
        // events built for the decoder tests that the files lack: v2 extra data, partial JSON applied, BIT, SET
        TableMapEvent json = RowsTestSupport.table(1, "db", "j", new int[] {3, 245}, new int[] {0, 4}, null);
        out.add(synthetic("partial json", 39, 10, json, "010000000000 0100 0200 02 03 03"
                + "00 01000000 0d000000 00 0100 0c00 0b00 0100 05 0100 61"
                + "01 01 00 01000000 14000000 00 03 242e61 03 050200 01 05 242e223022 03 0c0178"));
        TableMapEvent mixed = RowsTestSupport.table(1, "db", "m", new int[] {16, 254, 246, 18, 19, 17, 15},
                new int[] {1 << 8 | 1, 0xf8 << 8 | 2, 10 << 8 | 2, 6, 3, 2, 30}, null);
        // BIT(9), SET (2 bytes), DECIMAL(10,2), DATETIME(6), TIME(3), TIMESTAMP(2), VARCHAR(30)
        String row = "00 0101 0300 800000010c 8003820000 01e240 80f105 00fe 499602d2 0c 03 616263";
        out.add(synthetic("mixed", 31, 10, mixed, "010000000000 0100 0700 01 0300 0200 07 7f 7f" + row + row));
        return out;
    }

    private static Sample synthetic(String name, int type, int ph, TableMapEvent table, String hex) {
        byte[] body = RowsTestSupport.hex(hex);
        // it must decode as built
        RowsTestSupport.decode(type, body, ph, table);
        return new Sample(name, RowsTestSupport.header(type, body.length), body, ph, table);
    }

    @Test
    void flippedAndTruncatedRowsEventsFailCleanly() throws IOException {
        List<Sample> samples = samples();
        assertTrue(samples.size() > 30, "samples: " + samples.size());
        Random random = new Random(SEED);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int round = 0; round < 1000; round++) {
                for (Sample s : samples) {
                    byte[] body = mutate(s.body, random);
                    TableMapEvent table = random.nextInt(8) == 0 ? mutateTable(s.table, random) : s.table;
                    outcomes[run(s, body, table)]++;
                }
            }
        });
        // both outcomes must occur, or the mutations are not reaching the decoder
        assertTrue(outcomes[0] > 100 && outcomes[1] > 100, Arrays.toString(outcomes));
    }

    @Test
    void everyTruncationOfEverySampleFailsCleanly() throws IOException {
        for (Sample s : samples()) {
            for (int len = 0; len < s.body.length; len++) {
                run(s, Arrays.copyOf(s.body, len), s.table);
            }
        }
    }

    @Test
    void randomJsonDocumentsFailCleanly() {
        Random random = new Random(SEED + 1);
        List<byte[]> docs = List.of(
                JsonBinaryWriter.small(java.util.Map.of("k", List.of(1, "two", 3.5, true, java.util.Map.of()))),
                JsonBinaryWriter.large(List.of(List.of(List.of("deep", -7L, 1e300)), "x".repeat(300))),
                JsonBinaryWriter.small(new JsonBinaryWriter.Opaque(246, new byte[] {5, 2, (byte) 0x81, 0, 1})));
        for (int i = 0; i < 30000; i++) {
            byte[] doc = mutate(docs.get(i % docs.size()), random);
            try {
                JsonBinary.toJson(doc, 0, doc.length);
                JsonBinary.parse(doc, 0, doc.length);
            } catch (BinlogFormatException expected) {
                // fine
            } catch (Throwable t) {
                fail("JSON document " + RowsTestSupport.toHex(doc) + " threw " + t, t);
            }
        }
    }

    /** 0: decoded, 1: BinlogFormatException; anything else fails the test with what to replay. */
    private static int run(Sample s, byte[] body, TableMapEvent table) {
        try {
            RowsEvent e = new RowsEventDecoder().decode(RowsTestSupport.header(s.header.typeCode(), body.length),
                    new ByteReader(body), s.postHeaderLength, id -> table);
            for (RowsEvent.RowChange c : e.rows()) {
                touch(c.before());
                touch(c.after());
            }
            return 0;
        } catch (BinlogFormatException expected) {
            return 1;
        } catch (Throwable t) {
            fail("seed " + SEED + ", sample " + s.origin + " (type " + s.header.typeCode() + "): body "
                    + RowsTestSupport.toHex(body) + " threw " + t, t);
            return -1;
        }
    }

    /** Every accessor of a decoded image must work. */
    private static void touch(RowImage r) {
        if (r == null) {
            return;
        }
        for (int i = 0; i < r.columnCount(); i++) {
            if (r.isPresent(i)) {
                r.text(i);
                r.value(i);
            }
        }
        r.toString();
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && b.length > 0; i++) {
            int p = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[p] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[p] = (byte) random.nextInt(256);
                default -> b[p] = (byte) (random.nextBoolean() ? 0xff : 0x00);
            }
        }
        if (random.nextInt(4) == 0 && b.length > 0) {
            b = Arrays.copyOf(b, random.nextInt(b.length));
        }
        return b;
    }

    private static TableMapEvent mutateTable(TableMapEvent t, Random random) {
        byte[] types = t.columnTypes().clone();
        int[] meta = t.columnMeta().clone();
        int i = random.nextInt(types.length);
        if (random.nextBoolean()) {
            meta[i] = random.nextInt(1 << 16);
        } else {
            types[i] = (byte) random.nextInt(256);
        }
        return new TableMapEvent(t.header(), t.tableId(), t.flags(), t.schema(), t.table(), types, meta, t.nullable(),
                t.metadata());
    }
}
