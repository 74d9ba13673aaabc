package io.sluice.node.binlog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Damaged input must end in the decoder's own exception: random byte flips and truncations of real events (every
 * event of the shared test binlogs, plus MariaDB compressed events), seeded so failures reproduce. With checksums
 * on, flips are caught by the CRC32; with verification bypassed, the parsers behind it get the damaged bytes.
 * Anything but a BinlogFormatException, a hang, or a large allocation fails the test. Row images are not decoded
 * here ({@link UndecodedRowsEvent}); the rows decoder has its own tests.
 */
class DecoderRobustnessTest {
    /** Override with -Drobustness.seed=N and -Drobustness.rounds=N for a longer hunt. */
    private static final long SEED = Long.getLong("robustness.seed", 0x5eed_b1_0c_0deL);
    private static final int ROUNDS = Integer.getInteger("robustness.rounds", 40_000);
    /** No damaged event of these sizes may make the decoder allocate more than this. */
    private static final long MAX_ALLOCATION = 64L << 20;

    /** An event of a test file and the format description in force for it (null for a format description). */
    private record Sample(String source, long offset, byte[] formatDescription, byte[] event) {
    }

    private enum Damage { FLIP_CHECKED, FLIP_UNCHECKED, TRUNCATE, TRUNCATE_KEEP_SIZE }

    @Test
    void damagedEventsOnlyEverRaiseTheDecodersException() throws Exception {
        List<Sample> samples = samples();
        assertTrue(samples.size() > 1400, "samples: " + samples.size());
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int[] outcomes = new int[3]; // decoded, format errors, checksum errors
        assertTimeoutPreemptively(Duration.ofSeconds(60 + ROUNDS / 1000), () -> {
            SplittableRandom random = new SplittableRandom(SEED);
            long thread = Thread.currentThread().getId();
            for (int round = 0; round < ROUNDS; round++) {
                Sample sample = samples.get(random.nextInt(samples.size()));
                Damage damage = Damage.values()[random.nextInt(Damage.values().length)];
                byte[] event = damage(sample.event(), damage, random);
                long before = threads.getThreadAllocatedBytes(thread);
                try {
                    decode(sample, event, damage != Damage.FLIP_CHECKED);
                    outcomes[0]++;
                } catch (BinlogChecksumException e) {
                    outcomes[2]++;
                } catch (BinlogFormatException e) {
                    outcomes[1]++;
                    assertFalse(e.getMessage() == null || e.getMessage().isBlank());
                } catch (Throwable t) {
                    fail("round " + round + ": " + damage + " of the event at " + sample.source() + ":" + sample.offset()
                            + " raised " + t + "\nevent: " + HexFormat.of().formatHex(event) + "\n" + stackTrace(t));
                }
                long allocated = threads.getThreadAllocatedBytes(thread) - before;
                if (allocated > MAX_ALLOCATION) {
                    fail("round " + round + ": " + damage + " of the event at " + sample.source() + ":"
                            + sample.offset() + " made the decoder allocate " + allocated + " bytes");
                }
            }
        });
        System.out.printf("robustness: %d damaged events from %d samples: %d still decoded, %d format errors,"
                + " %d checksum errors%n", ROUNDS, samples.size(), outcomes[0], outcomes[1], outcomes[2]);
        assertTrue(outcomes[1] > ROUNDS / 10 && outcomes[2] > ROUNDS / 20, Arrays.toString(outcomes));
    }

    private static void decode(Sample sample, byte[] event, boolean bypassChecksums) {
        BinlogEventDecoder decoder = TestBinlogs.decoderWithoutRows();
        if (bypassChecksums) {
            decoder.skipChecksumVerification();
        }
        if (sample.formatDescription() != null) {
            Events.prime(decoder, sample.formatDescription());
        }
        EventPosition at = EventPosition.of(sample.source(), sample.offset());
        BinlogEvent decoded = decoder.decode(event, 0, event.length, at);
        if (decoded instanceof TransactionPayloadEvent payload) {
            try (TransactionPayloadReader inner = decoder.payloadEvents(event, 0, event.length, payload, at)) {
                while (inner.next()) {
                    inner.event();
                }
            }
        }
    }

    private static byte[] damage(byte[] original, Damage damage, SplittableRandom random) {
        byte[] event = original.clone();
        switch (damage) {
            case FLIP_CHECKED, FLIP_UNCHECKED -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    // mostly the body, sometimes the header (never the size: the reader checks that first)
                    int at = random.nextInt(event.length);
                    if (at < 9 || at > 12) {
                        event[at] ^= (byte) (1 + random.nextInt(255));
                    }
                }
            }
            case TRUNCATE, TRUNCATE_KEEP_SIZE -> {
                int length = EventHeader.LENGTH + random.nextInt(Math.max(1, event.length - EventHeader.LENGTH));
                event = Arrays.copyOf(event, length);
                if (damage == Damage.TRUNCATE) {
                    // a consistent header, so the parsers (not the size check) meet the missing bytes
                    for (int i = 0; i < 4; i++) {
                        event[9 + i] = (byte) (length >>> (8 * i));
                    }
                }
            }
        }
        return event;
    }

    /** Every event of every test file, split by the sizes in their headers, and a few MariaDB compressed events. */
    private static List<Sample> samples() throws IOException {
        List<Sample> samples = new ArrayList<>();
        for (Path file : TestBinlogs.allFiles()) {
            byte[] data = Files.readAllBytes(file);
            byte[] fde = null;
            int pos = BinlogFileReader.MAGIC_LENGTH;
            while (pos + EventHeader.LENGTH <= data.length) {
                long size = (data[pos + 9] & 0xffL) | (data[pos + 10] & 0xffL) << 8 | (data[pos + 11] & 0xffL) << 16
                        | (data[pos + 12] & 0xffL) << 24;
                if (size < EventHeader.LENGTH || pos + size > data.length) {
                    break;
                }
                byte[] event = Arrays.copyOfRange(data, pos, pos + (int) size);
                samples.add(new Sample(file.getFileName().toString(), pos, fde, event));
                if (event[4] == EventType.FORMAT_DESCRIPTION.code()) {
                    fde = event;
                }
                pos += (int) size;
            }
        }
        byte[] mariaFde = Events.mariaDb105Fde(true);
        byte[] sql = "INSERT INTO t VALUES (1, 'compressible compressible compressible')".getBytes(StandardCharsets.UTF_8);
        samples.add(new Sample("synthetic", 4, mariaFde, Events.event(EventType.MARIADB_QUERY_COMPRESSED, Bytes.of()
                .u32(1).u32(0).u8(1).u16(0).u16(0).str("d").u8(0).bytes(QueryEventTest.MariaDbCompressed.compress(sql))
                .build(), true)));
        samples.add(new Sample("synthetic", 4, mariaFde, Events.event(EventType.MARIADB_UPDATE_ROWS_COMPRESSED,
                Bytes.of().u48(38).u16(1).u16(2).u8(2).hex("03").hex("03")
                        .bytes(QueryEventTest.MariaDbCompressed.compress(sql)).build(), true)));
        return samples;
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
