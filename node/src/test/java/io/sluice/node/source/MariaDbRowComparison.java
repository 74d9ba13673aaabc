package io.sluice.node.source;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Objects;

import io.sluice.node.binlog.ColumnKind;
import io.sluice.node.binlog.ColumnSpec;
import io.sluice.node.binlog.RowImage;
import io.sluice.node.source.MariaDbBinlogRows.Printed;

/**
 * Compares one row image of the decoder with the same image as {@code mariadb-binlog -vvv} printed it
 * ({@link MariaDbBinlogRows}), column by column, after undoing the documented differences in how the tool prints
 * values ({@link MariaDbBinlogRows#canonical}, {@link MariaDbBinlogRows#agreeingFloat}).
 */
final class MariaDbRowComparison {
    private MariaDbRowComparison() {
    }

    /**
     * Asserts that both have the image or neither, that they carry the same columns (a column the tool did not print
     * must be absent from the decoder's image and the other way round), and that every carried value agrees.
     *
     * @return the number of values compared (NULLs included, absent columns not)
     */
    static int compareImage(RowImage ours, List<Printed> theirs, String where) {
        if (ours == null || theirs == null) {
            assertTrue(ours == null && theirs == null, where + ": both images or neither");
            return 0;
        }
        assertTrue(theirs.size() <= ours.columnCount(), () -> where + ": mariadb-binlog printed column @"
                + theirs.size() + ", the decoder knows " + ours.columnCount() + " columns");
        int compared = 0;
        for (int c = 0; c < ours.columnCount(); c++) {
            ColumnSpec spec = ours.column(c);
            Printed printed = c < theirs.size() ? theirs.get(c) : null;
            if (printed == null || !ours.isPresent(c)) {
                int column = c;
                assertTrue(printed == null && !ours.isPresent(column), () -> where + ", column " + spec.describe()
                        + ": " + (printed == null ? "mariadb-binlog did not print it, the decoder has it"
                        : "mariadb-binlog printed it, the decoder has it absent"));
                continue;
            }
            String text = ours.text(c);
            String agreed = spec.kind() == ColumnKind.FLOAT && !printed.isNull() && text != null
                    ? MariaDbBinlogRows.agreeingFloat(printed.text(), text)
                    : MariaDbBinlogRows.canonical(printed, spec);
            if (!Objects.equals(text, agreed)) {
                fail(where + ", column " + spec.describe() + ": the decoder says " + ChangeText.abbreviate(text)
                        + ", mariadb-binlog printed " + ChangeText.abbreviate(printed.text()) + " /* "
                        + printed.type() + " */, which stands for " + ChangeText.abbreviate(agreed));
            }
            compared++;
        }
        return compared;
    }
}
