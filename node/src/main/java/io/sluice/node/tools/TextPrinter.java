package io.sluice.node.tools;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

import io.sluice.node.binlog.BinlogEvent;
import io.sluice.node.binlog.GtidEvent;
import io.sluice.node.binlog.MariaDbGtidEvent;
import io.sluice.node.binlog.QueryEvent;
import io.sluice.node.binlog.RotateEvent;
import io.sluice.node.binlog.RowImage;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.XidEvent;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.TransactionBoundaries;

/**
 * A readable block per transaction, for people:
 * <pre>
 * # transaction 0-1-17 at mysql-bin.000001:1234, 2026-11-26T12:00:00Z, server 1
 * INSERT shop.orders (mysql-bin.000001:1400)
 *   after:  id=1 item='lamp'
 * COMMIT xid=42
 * </pre>
 * Statements outside transactions (DDL) print as {@code DDL [db] statement}. Not a stable format.
 */
final class TextPrinter implements EventPrinter {
    private final Writer out;
    private final long limit;
    private final TransactionBoundaries transactions = new TransactionBoundaries();
    private final StringBuilder sb = new StringBuilder(1024);
    private boolean headerPrinted;
    private long rows;

    TextPrinter(Writer out, long limit) {
        this.out = out;
        this.limit = limit;
    }

    @Override
    public void print(DecodedEvent decoded) throws IOException {
        BinlogEvent event = decoded.event();
        boolean ends = transactions.observe(event);
        sb.setLength(0);
        if (event instanceof GtidEvent || event instanceof MariaDbGtidEvent) {
            headerPrinted = false;
        } else if (event instanceof RowsEvent rowsEvent) {
            printRows(decoded, rowsEvent);
        } else if (event instanceof QueryEvent query) {
            printQuery(decoded, query, ends);
        } else if (event instanceof XidEvent xid) {
            sb.append("COMMIT xid=").append(Long.toUnsignedString(xid.xid())).append("\n\n");
            headerPrinted = false;
        } else if (event instanceof RotateEvent rotate && !rotate.header().artificial()) {
            sb.append("# rotate to ").append(rotate.nextFile()).append(':').append(rotate.position()).append("\n\n");
        }
        out.append(sb);
    }

    private void transactionHeader(DecodedEvent decoded) {
        if (headerPrinted) {
            return;
        }
        headerPrinted = true;
        sb.append("# transaction");
        if (transactions.gtid() != null) {
            sb.append(' ').append(transactions.gtid());
        }
        sb.append(" at ").append(decoded.position()).append(", ")
                .append(Instant.ofEpochSecond(decoded.event().header().timestamp()))
                .append(", server ").append(decoded.event().header().serverId()).append('\n');
    }

    private void printQuery(DecodedEvent decoded, QueryEvent query, boolean ends) {
        String sql = query.sql().strip();
        if (sql.equalsIgnoreCase("BEGIN")) {
            transactionHeader(decoded);
            return;
        }
        if (transactions.inTransaction() || ends && (sql.equalsIgnoreCase("COMMIT") || sql.equalsIgnoreCase("ROLLBACK"))) {
            transactionHeader(decoded);
            sb.append(sql).append('\n');
            if (ends) {
                sb.append('\n');
                headerPrinted = false;
            }
            return;
        }
        transactionHeader(decoded);
        sb.append("DDL [").append(query.defaultDatabase()).append("] ").append(sql).append("\n\n");
        headerPrinted = false;
    }

    private void printRows(DecodedEvent decoded, RowsEvent event) {
        transactionHeader(decoded);
        for (RowsEvent.RowChange change : event.rows()) {
            if (rows >= limit) {
                return;
            }
            sb.append(event.kind()).append(' ').append(event.table().qualifiedName())
                    .append(" (").append(decoded.position()).append(")\n");
            if (change.before() != null) {
                appendImage("  before: ", change.before());
            }
            if (change.after() != null) {
                appendImage("  after:  ", change.after());
            }
            rows++;
        }
    }

    private void appendImage(String label, RowImage image) {
        sb.append(label);
        for (int i = 0; i < image.columnCount(); i++) {
            if (!image.isPresent(i)) {
                continue;
            }
            if (i > 0) {
                sb.append(' ');
            }
            String name = image.column(i).name();
            sb.append(name != null ? name : "@" + (i + 1)).append('=');
            String text = image.text(i);
            if (text == null) {
                sb.append("NULL");
            } else {
                sb.append('\'').append(text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")).append('\'');
            }
        }
        sb.append('\n');
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
