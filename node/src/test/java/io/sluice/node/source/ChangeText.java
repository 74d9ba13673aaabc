package io.sluice.node.source;

import java.util.ArrayList;
import java.util.List;

import io.sluice.node.binlog.RowImage;
import io.sluice.node.binlog.RowsEvent;
import io.sluice.node.binlog.TableLayout;

/**
 * One row change as text, the form in which every reader's result is compared: the table, the kind, the column
 * names (null when the binlog does not carry them) and the canonical text of each column of each image (null for
 * SQL NULL; a null image for INSERT's before and DELETE's after).
 */
record ChangeText(String schema, String table, String type, List<String> columns, List<String> before,
                  List<String> after) {

    /** The changes of a decoded rows event, one per row, as the decoder's canonical text. */
    static List<ChangeText> of(RowsEvent event) {
        List<ChangeText> changes = new ArrayList<>(event.rowCount());
        List<String> names = names(event.layout());
        for (RowsEvent.RowChange change : event.rows()) {
            changes.add(new ChangeText(event.table().schema(), event.table().table(), event.kind().name(), names,
                    texts(change.before()), texts(change.after())));
        }
        return changes;
    }

    static List<String> texts(RowImage image) {
        if (image == null) {
            return null;
        }
        List<String> texts = new ArrayList<>(image.columnCount());
        for (int i = 0; i < image.columnCount(); i++) {
            texts.add(image.text(i));
        }
        return texts;
    }

    private static List<String> names(TableLayout layout) {
        List<String> names = new ArrayList<>(layout.columnCount());
        for (int i = 0; i < layout.columnCount(); i++) {
            if (layout.column(i).name() == null) {
                return null;
            }
            names.add(layout.column(i).name());
        }
        return names;
    }

    /** Short enough for an assertion message: long values (the 4 MB blob) are cut. */
    @Override
    public String toString() {
        return type + " " + schema + "." + table + " before=" + abbreviate(before) + " after=" + abbreviate(after);
    }

    static String abbreviate(List<String> values) {
        if (values == null) {
            return "null";
        }
        return values.stream().map(ChangeText::abbreviate).toList().toString();
    }

    static String abbreviate(String value) {
        return value == null || value.length() <= 80 ? value
                : value.substring(0, 60) + "...(" + value.length() + " chars)";
    }
}
