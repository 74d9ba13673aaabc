package io.sluice.node.tools;

import java.io.IOException;
import java.io.Writer;

import io.sluice.node.binlog.JsonStrings;
import io.sluice.node.binlog.RowImage;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.TableLayout;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.TransactionBoundaries;

/**
 * One JSON object per row change, in binlog order:
 * <pre>{@code {"file":"mysql-bin.000001","pos":1234,"ts":1700000000,"server_id":1,"gtid":"0-1-17","schema":"db",
 * "table":"t","type":"INSERT","columns":["id","name"],"before":null,"after":["1","abc"]}}</pre>
 * {@code pos} is the end position ({@code log_pos}) of the rows event; values are the decoder's canonical text,
 * JSON null for NULL and {@value #ABSENT} for a column the image does not carry (MINIMAL row images).
 * Other tools parse this format: keep it exact.
 */
final class JsonLinesPrinter implements EventPrinter {
    static final String ABSENT = "<absent>";

    private final Writer out;
    private final TransactionBoundaries transactions = new TransactionBoundaries();
    private final long limit;
    private final StringBuilder line = new StringBuilder(512);
    private long rows;

    /** @param limit stop after this many row changes (Long.MAX_VALUE: no limit) */
    JsonLinesPrinter(Writer out, long limit) {
        this.out = out;
        this.limit = limit;
    }

    @Override
    public void print(DecodedEvent decoded) throws IOException {
        transactions.observe(decoded.event());
        if (!(decoded.event() instanceof RowsEvent rowsEvent)) {
            return;
        }
        TableLayout layout = rowsEvent.layout();
        for (RowsEvent.RowChange change : rowsEvent.rows()) {
            if (rows >= limit) {
                return;
            }
            line.setLength(0);
            line.append("{\"file\":");
            JsonStrings.appendQuoted(line, decoded.position().file());
            line.append(",\"pos\":").append(rowsEvent.header().logPos());
            line.append(",\"ts\":").append(rowsEvent.header().timestamp());
            line.append(",\"server_id\":").append(rowsEvent.header().serverId());
            line.append(",\"gtid\":");
            appendNullable(transactions.gtid());
            line.append(",\"schema\":");
            JsonStrings.appendQuoted(line, rowsEvent.table().schema());
            line.append(",\"table\":");
            JsonStrings.appendQuoted(line, rowsEvent.table().table());
            line.append(",\"type\":\"").append(rowsEvent.kind().name()).append('"');
            line.append(",\"columns\":");
            appendColumnNames(layout);
            line.append(",\"before\":");
            appendImage(change.before());
            line.append(",\"after\":");
            appendImage(change.after());
            line.append("}\n");
            out.append(line);
            rows++;
        }
    }

    private void appendColumnNames(TableLayout layout) {
        for (int i = 0; i < layout.columnCount(); i++) {
            if (layout.column(i).name() == null) {
                line.append("null");
                return;
            }
        }
        line.append('[');
        for (int i = 0; i < layout.columnCount(); i++) {
            if (i > 0) {
                line.append(',');
            }
            JsonStrings.appendQuoted(line, layout.column(i).name());
        }
        line.append(']');
    }

    private void appendImage(RowImage image) {
        if (image == null) {
            line.append("null");
            return;
        }
        line.append('[');
        for (int i = 0; i < image.columnCount(); i++) {
            if (i > 0) {
                line.append(',');
            }
            appendNullable(image.isPresent(i) ? image.text(i) : ABSENT);
        }
        line.append(']');
    }

    private void appendNullable(String s) {
        if (s == null) {
            line.append("null");
        } else {
            JsonStrings.appendQuoted(line, s);
        }
    }

    @Override
    public long rowsPrinted() {
        return rows;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }
}
