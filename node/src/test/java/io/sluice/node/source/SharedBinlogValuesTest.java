package io.sluice.node.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.BinlogFileReader;
import io.sluice.node.binlog.ColumnKind;
import io.sluice.node.binlog.RowImage;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.TestBinlogs;
import io.sluice.node.source.MariaDbBinlogRows.PrintedRow;

/**
 * Every value of every row of the shared test binlogs (MySQL 5.0 to 9.x, a few MariaDB; see the testdata README)
 * agrees with what MariaDB's own {@code mariadb-binlog -vvv} prints for it, wherever the tool reads the file: the
 * decoder's {@link io.sluice.node.binlog.RowImage#text} against the printed value as {@link MariaDbBinlogRows}
 * translates it, row by row, column by column (including which columns each image carries).
 *
 * <p>Files the tool cannot read to the end are listed in {@link #EXCLUDED} with the evidence; the test checks that
 * the tool indeed fails on each of them (so the list cannot go stale) and reads every other file without error.
 * The rows of the JSON, VECTOR and compressed files have value tests of their own in {@code io.sluice.node.binlog}
 * (BinlogFilesRowsTest, SharedExpectationsTest); the other excluded files hold no rows events the tool could print.
 *
 * <p>No normalisation beyond {@link MariaDbBinlogRows#canonical} is needed for the files compared: the column types
 * they hold (integers, CHAR/VARCHAR/TEXT/BLOB, ENUM, SET, BIT, TIMESTAMP, TIME) print the same way whether MySQL or
 * MariaDB wrote them; the MySQL-only forms (binary JSON, VECTOR) are in files the tool cannot read.
 */
class SharedBinlogValuesTest {

    /**
     * Files {@code mariadb-binlog -vvv --base64-output=decode-rows} does not read to the end (MariaDB 10.11/11.x), and
     * what it does instead.
     */
    private static final Map<String, String> EXCLUDED = excluded();

    /** Lower bounds, so that the test cannot pass by comparing nothing (actual: see the printed totals). */
    private static final int MIN_FILES = 28;
    private static final int MIN_FILES_WITH_ROWS = 14;
    private static final int MIN_ROWS = 50;
    private static final int MIN_VALUES = 170;

    private int files;
    private int filesWithRows;
    private int rows;
    private int values;
    /** Values compared per column kind, for the summary. */
    private final Map<ColumnKind, Integer> kinds = new TreeMap<>();

    private static Map<String, String> excluded() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("binlog_transaction_with_GTID_TAG.000001", "MySQL 8.4 tagged GTID (event type 42): 'Found invalid"
                + " event in binary log' at offset 245; the file has no rows events");
        m.put("binlog_truncated_event.000001", "broken on purpose (14 bytes): 'Could not read entry at offset 4'");
        m.put("binlog_truncated_prev_gtid_event.000001", "broken on purpose, PREVIOUS_GTIDS cut short: 'Event"
                + " truncated' (exit code 0, but an ERROR line)");
        m.put("bug40482-bin.000001", "pre-GA 5.1 INCIDENT event (type 26) the tool rejects: 'Found invalid event'"
                + " at offset 106");
        m.put("corrupt-relay-bin.000624", "damaged on purpose: 'Found invalid event' (a QUERY) at offset 91204");
        m.put("json.binlog.000001", "MySQL binary JSON column (type 245): the tool exits 1 without a message at"
                + " the first rows event of the table (and cannot map collation 255 either)");
        m.put("json-opaque.binlog", "MySQL binary JSON column (type 245): the tool exits 1 without a message at the"
                + " first rows event of the table");
        m.put("vector.binlog", "MySQL 9 VECTOR column (type 242): the tool exits 1 without a message at the first"
                + " rows event of the table");
        m.put("transaction_compression.000001", "MySQL 8.0 TRANSACTION_PAYLOAD (type 40): 'Found incompatible MySQL"
                + " 8.0 TRANSACTION_PAYLOAD_EVENT' at offset 274, the rows are inside it");
        m.put("ver_5_1-wl2325_r.001", "experimental 5.1 tree with renumbered event types: 'Found invalid event'"
                + " (type 18) at offset 549");
        m.put("ver_5_1-wl2325_s.001", "experimental 5.1 tree with renumbered event types: 'Found invalid event'"
                + " (type 20) at offset 411");
        return m;
    }

    @TestFactory
    Stream<DynamicTest> everyValueAgreesWithMariaDbBinlog() {
        List<Path> all = TestBinlogs.allFiles();
        assumeTrue(MariaDbBinlogRows.installed(), "mariadb-binlog is not installed (not on the PATH): skipping the"
                + " comparison of decoded values with MariaDB's own decoder");
        List<String> names = all.stream().map(f -> f.getFileName().toString()).toList();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("every excluded file is in the testdata",
                () -> assertTrue(names.containsAll(EXCLUDED.keySet()), () -> "missing: " + EXCLUDED.keySet())));
        for (Path file : all) {
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> checkFile(file)));
        }
        tests.add(DynamicTest.dynamicTest("totals", this::checkTotals));
        return tests.stream();
    }

    private void checkFile(Path file) throws Exception {
        String name = file.getFileName().toString();
        MariaDbBinlogRows.Output output = MariaDbBinlogRows.run(file);
        String exclusion = EXCLUDED.get(name);
        if (exclusion != null) {
            assertFalse(output.readable(), () -> name + " is excluded (" + exclusion + "), but mariadb-binlog now"
                    + " reads it: compare its values instead");
            return;
        }
        assertTrue(output.readable(), () -> "mariadb-binlog cannot read " + name + " (exit " + output.exitCode()
                + "): exclude it with the reason, or find out why: " + output.tail());
        List<PrintedRow> theirs = MariaDbBinlogRows.parse(output.text());

        List<RowsEvent> events = new ArrayList<>();
        List<RowsEvent.RowChange> ours = new ArrayList<>();
        try (BinlogFileReader reader = BinlogFileReader.open(file, new BinlogEventDecoder())) {
            while (reader.next()) {
                if (reader.event() instanceof RowsEvent e) {
                    for (RowsEvent.RowChange change : e.rows()) {
                        events.add(e);
                        ours.add(change);
                    }
                }
            }
        }
        assertEquals(theirs.stream().map(r -> r.type() + " " + r.schema() + "." + r.table()).toList(),
                events.stream().map(e -> e.kind() + " " + e.table().schema() + "." + e.table().table()).toList(),
                name + ": the row changes, in order");
        int compared = 0;
        for (int i = 0; i < ours.size(); i++) {
            String where = name + ", row change " + i + " (" + theirs.get(i).type() + " " + theirs.get(i).table()
                    + ")";
            compared += MariaDbRowComparison.compareImage(ours.get(i).before(), theirs.get(i).before(),
                    where + " before");
            compared += MariaDbRowComparison.compareImage(ours.get(i).after(), theirs.get(i).after(),
                    where + " after");
        }
        for (RowsEvent.RowChange change : ours) {
            countKinds(change.before());
            countKinds(change.after());
        }
        files++;
        filesWithRows += ours.isEmpty() ? 0 : 1;
        rows += ours.size();
        values += compared;
    }

    private void countKinds(RowImage image) {
        if (image != null) {
            for (int c = 0; c < image.columnCount(); c++) {
                if (image.isPresent(c)) {
                    kinds.merge(image.column(c).kind(), 1, Integer::sum);
                }
            }
        }
    }

    private void checkTotals() {
        System.out.printf("SharedBinlogValuesTest: %d files compared (%d with rows; %d excluded), %d row changes,"
                + " %d values agree with mariadb-binlog; values per kind: %s%n", files, filesWithRows,
                EXCLUDED.size(), rows, values, kinds);
        assertTrue(files >= MIN_FILES, "files compared: " + files + ", expected at least " + MIN_FILES);
        assertTrue(filesWithRows >= MIN_FILES_WITH_ROWS, "files with rows compared: " + filesWithRows
                + ", expected at least " + MIN_FILES_WITH_ROWS);
        assertTrue(rows >= MIN_ROWS, "row changes compared: " + rows + ", expected at least " + MIN_ROWS);
        assertTrue(values >= MIN_VALUES, "values compared: " + values + ", expected at least " + MIN_VALUES);
    }
}
