package io.sluice.node.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.codahale.metrics.MetricRegistry;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.BinlogChecksumException;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.BinlogFormatException;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.TestBinlogs;

class FileEventSourceTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final SourceMetrics metrics = new SourceMetrics(registry, "sluice.source.test");

    @Test
    void readsEveryEventAndCountsEventsAndRows() throws Exception {
        Path file = TestBinlogs.file("mariadb-bin.000001");
        List<DecodedEvent> events = readAll(List.of(file), null);
        long rows = events.stream().filter(e -> e.event() instanceof RowsEvent)
                .mapToLong(e -> ((RowsEvent) e.event()).rowCount()).sum();

        assertTrue(rows > 0, "the file has row changes");
        assertEquals(events.size(), metrics.events());
        assertEquals(rows, metrics.rows());
        assertEquals(events.size(), registry.meter("sluice.source.test.events").getCount());
        assertEquals(0, metrics.decodeErrors());
    }

    @Test
    void untilStopsBeforeTheEventAtThatPosition() throws Exception {
        Path file = TestBinlogs.file("mariadb-bin.000001");
        List<DecodedEvent> all = readAll(List.of(file), null);
        DecodedEvent cut = all.get(all.size() / 2);

        List<DecodedEvent> head = readAll(List.of(file),
                new BinlogPosition(cut.position().file(), cut.position().offset()));

        assertEquals(all.subList(0, all.size() / 2).stream().map(DecodedEvent::position).toList(),
                head.stream().map(DecodedEvent::position).toList());
    }

    @Test
    void truncatedFileIsADecodeErrorAndCounted() {
        Path file = TestBinlogs.file("binlog_truncated_event.000001");
        BinlogFormatException e = assertThrows(BinlogFormatException.class, () -> readAll(List.of(file), null));

        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(1, metrics.decodeErrors());
        assertEquals(0, metrics.checksumErrors());
    }

    @Test
    void corruptEventIsAChecksumErrorAndTheEventsBeforeItWereHandedOut(@TempDir Path dir) throws Exception {
        Path original = TestBinlogs.file("mariadb-bin.000001");
        List<DecodedEvent> all = readAll(List.of(original), null);
        DecodedEvent victim = all.get(all.size() - 3);
        byte[] bytes = Files.readAllBytes(original);
        bytes[(int) victim.position().offset() + 20] ^= 0x5a; // first body byte after the 19-byte header
        Path corrupt = Files.write(dir.resolve("mariadb-bin.000001"), bytes);
        List<DecodedEvent> before = new ArrayList<>();

        try (FileEventSource source = new FileEventSource(List.of(corrupt), null, new BinlogEventDecoder(), metrics)) {
            BinlogChecksumException e = assertThrows(BinlogChecksumException.class, () -> {
                DecodedEvent next;
                while ((next = source.next()) != null) {
                    before.add(next);
                }
            });
            assertTrue(e.getMessage().contains(":" + victim.position().offset()), e.getMessage());
            assertNull(source.next(), "a source that failed hands out nothing more");
        }
        assertEquals(all.size() - 3, before.size());
        assertEquals(1, metrics.checksumErrors());
        assertEquals(0, metrics.decodeErrors());
    }

    private List<DecodedEvent> readAll(List<Path> files, BinlogPosition until) throws Exception {
        List<DecodedEvent> events = new ArrayList<>();
        try (FileEventSource source = new FileEventSource(files, until, new BinlogEventDecoder(), metrics)) {
            DecodedEvent e;
            while ((e = source.next()) != null) {
                events.add(e);
            }
        }
        return events;
    }
}
