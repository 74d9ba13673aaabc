package io.sluice.node.binlog;

import java.util.List;

/**
 * PREVIOUS_GTIDS (MySQL 5.6+): the GTIDs of all transactions in the binlog files before this one; written after
 * the FORMAT_DESCRIPTION event of every file. Since MySQL 8.4 the set may hold tagged GTIDs.
 *
 * @param tagged whether the set was written in the tagged format
 * @param sets   one entry per (uuid, tag) source, in the order written
 */
public record PreviousGtidsEvent(EventHeader header, boolean tagged, List<TsidIntervals> sets) implements BinlogEvent {

    /** The set in MySQL's text form, sources separated by commas; empty for an empty set. */
    public String gtidSetText() {
        StringBuilder s = new StringBuilder();
        String lastUuid = null;
        for (TsidIntervals set : sets) {
            String text = set.toString();
            String uuid = set.uuid().toString();
            if (uuid.equals(lastUuid)) {
                // MySQL prints further tags of the same UUID without repeating it: uuid:1-4:tag:1
                s.append(text, uuid.length(), text.length());
            } else {
                if (s.length() > 0) {
                    s.append(',');
                }
                s.append(text);
            }
            lastUuid = uuid;
        }
        return s.toString();
    }
}
