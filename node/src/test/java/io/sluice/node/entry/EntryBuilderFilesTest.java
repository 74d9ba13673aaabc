package io.sluice.node.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.BinlogFormatException;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.TestBinlogs;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.FileEventSource;

/** Real binlog files through the builder: structure, headers and props checked against the decoded events. */
class EntryBuilderFilesTest {

    /** Every entry of a file; statements go through ddl() as QUERY (no schema history here). */
    static List<Entry> convert(Path file, EntryOptions options) throws IOException {
        List<Entry> out = new ArrayList<>();
        EntryBuilder builder = new EntryBuilder(options, TableDefinitionLookup.NONE);
        try (FileEventSource source = new FileEventSource(List.of(file), null, new BinlogEventDecoder())) {
            DecodedEvent e;
            while ((e = source.next()) != null) {
                if (EntryBuilder.needsDdlKind(e.event())) {
                    out.add(builder.ddl(e, io.sluice.common.protocol.EventType.QUERY, List.of()));
                    continue;
                }
                List<Entry> entries = builder.entries(e);
                if (e.event() instanceof RowsEvent r) {
                    checkRows(e, r, entries.get(0));
                }
                out.addAll(entries);
            }
        }
        return out;
    }

    private static void checkRows(DecodedEvent e, RowsEvent r, Entry entry) {
        try {
            assertEquals(e.position().file(), entry.getHeader().getLogfileName());
            assertEquals(e.position().offset(), entry.getHeader().getLogfileOffset());
            assertEquals(r.header().eventSize(), entry.getHeader().getEventLength());
            assertEquals(r.table().schema(), entry.getHeader().getSchemaName());
            assertEquals(String.valueOf(r.rowCount()), entry.getHeader().getPropsList().stream()
                    .filter(p -> p.getKey().equals("rowsCount")).findFirst().orElseThrow().getValue());
            RowChange rc = RowChange.parseFrom(entry.getStoreValue());
            assertEquals(r.rowCount(), rc.getRowDatasCount());
            for (int i = 0; i < r.rowCount(); i++) {
                RowData d = rc.getRowDatas(i);
                RowsEvent.RowChange row = r.rows().get(i);
                assertEquals(row.before() == null ? 0 : r.columns().cardinality(), d.getBeforeColumnsCount());
                int afterCount = row.after() == null ? 0
                        : (r.columnsAfter() != null ? r.columnsAfter() : r.columns()).cardinality();
                assertEquals(afterCount, d.getAfterColumnsCount());
                for (Column c : d.getAfterColumnsList()) {
                    assertEquals(c.getIsNull(), !c.hasValue(), "NULL columns carry no value");
                }
            }
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
    }

    private static long count(List<Entry> entries, EntryType type) {
        return entries.stream().filter(x -> x.getEntryType() == type).count();
    }

    @Test
    void mariaDbFile() throws Exception {
        List<Entry> entries = convert(TestBinlogs.file("mariadb-bin.000001"), EntryOptions.defaults());
        assertFalse(entries.isEmpty());
        assertEquals(count(entries, EntryType.TRANSACTIONBEGIN), count(entries, EntryType.TRANSACTIONEND),
                "every transaction opened is closed");
        assertTrue(count(entries, EntryType.ROWDATA) > 0);
        for (Entry e : entries) {
            assertTrue(e.getHeader().getGtid().isEmpty() || e.getHeader().getGtid().matches("\\d+-\\d+-\\d+(,.*)?"),
                    e.getHeader().getGtid());
        }
    }

    @Test
    void jsonFileInCanalSpacing() throws Exception {
        List<Entry> entries = convert(TestBinlogs.file("json.binlog.000001"), EntryOptions.canal(ZoneOffset.UTC,
                java.nio.charset.StandardCharsets.UTF_8));
        List<String> json = new ArrayList<>();
        for (Entry e : entries) {
            if (e.getEntryType() != EntryType.ROWDATA) {
                continue;
            }
            RowChange rc = RowChange.parseFrom(e.getStoreValue());
            for (RowData d : rc.getRowDatasList()) {
                for (Column c : d.getAfterColumnsList()) {
                    if (c.getSqlType() == java.sql.Types.VARCHAR && c.getMysqlType().equals("json")) {
                        json.add(c.getValue());
                    }
                }
            }
        }
        assertFalse(json.isEmpty());
        for (String j : json) {
            assertFalse(j.matches(".*[\\]}\"0-9el],[^ ].*") && (j.startsWith("{") || j.startsWith("[")),
                    "canal puts a blank after each comma: " + j);
        }
    }

    @Test
    void everyTestFileConvertsOrFailsOnlyInTheDecoder() throws Exception {
        int files = 0;
        for (Path file : TestBinlogs.allFiles()) {
            try {
                convert(file, EntryOptions.defaults());
                files++;
            } catch (BinlogFormatException | SourceIncidentException expected) {
                // corrupt and truncated files end in the decoder's own error; incidents stop the stream by design
            }
        }
        assertTrue(files > 20, "converted " + files + " files");
    }
}
