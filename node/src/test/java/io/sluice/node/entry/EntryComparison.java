package io.sluice.node.entry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import com.google.protobuf.InvalidProtocolBufferException;

import io.sluice.common.protocol.Column;
import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.Header;
import io.sluice.common.protocol.Pair;
import io.sluice.common.protocol.RowChange;
import io.sluice.common.protocol.RowData;
import io.sluice.common.protocol.TransactionBegin;
import io.sluice.common.protocol.TransactionEnd;

/**
 * Compares canal's entries with sluice's, entry by entry, field by field, and lists every difference. Entries are
 * paired by binlog file, start offset and entry type; an entry without a partner is a difference of field
 * {@code entry}. Not thread-safe; one instance per comparison.
 */
final class EntryComparison {

    /**
     * One field that differs.
     *
     * @param at        {@code file:offset} of the event
     * @param entryType the entry's type
     * @param table     {@code schema.table} of the header, empty when none
     * @param column    the column's name (sluice's), or null outside columns
     * @param mysqlType the column's declared type as sluice renders it, or null outside columns
     * @param field     what differs, e.g. {@code header.executeTime}, {@code column.value}, {@code entry}
     * @param canal     canal's value as text, null when absent
     * @param sluice    sluice's value as text, null when absent
     */
    record Difference(String at, EntryType entryType, String table, String column, String mysqlType, String field,
            String canal, String sluice) {
        @Override
        public String toString() {
            return at + " " + entryType + " " + table + (column == null ? "" : " column " + column + " (" + mysqlType
                    + ")") + " " + field + ": canal " + show(canal) + ", sluice " + show(sluice);
        }

        private static String show(String s) {
            if (s == null) {
                return "(absent)";
            }
            StringBuilder b = new StringBuilder("\"");
            s.codePoints().forEach(cp -> b.append(cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfffd
                    ? String.format("\\u%04x", cp) : new String(Character.toChars(cp))));
            return b.append('"').toString();
        }
    }

    /** What was compared. */
    record Counts(int canalEntries, int sluiceEntries, int pairedEntries, int rows, int columns) {
    }

    private final List<Difference> differences = new ArrayList<>();
    private int paired;
    private int rows;
    private int columns;
    private int canalCount;
    private int sluiceCount;

    /**
     * Pairs and compares the entries {@code compared} accepts.
     *
     * @param compared takes the file and start offset of an entry's event
     */
    void compare(List<Entry> canal, List<Entry> sluice, Predicate<Header> compared)
            throws InvalidProtocolBufferException {
        Map<String, Entry> theirs = byPosition(canal, compared, "canal");
        Map<String, Entry> ours = byPosition(sluice, compared, "sluice");
        canalCount = theirs.size();
        sluiceCount = ours.size();
        for (Map.Entry<String, Entry> e : theirs.entrySet()) {
            Entry s = ours.get(e.getKey());
            if (s == null) {
                missing(e.getValue(), "present", null);
            } else {
                paired++;
                compareEntry(e.getValue(), s);
            }
        }
        for (Map.Entry<String, Entry> e : ours.entrySet()) {
            if (!theirs.containsKey(e.getKey())) {
                missing(e.getValue(), null, "present");
            }
        }
    }

    List<Difference> differences() {
        return List.copyOf(differences);
    }

    Counts counts() {
        return new Counts(canalCount, sluiceCount, paired, rows, columns);
    }

    private static Map<String, Entry> byPosition(List<Entry> entries, Predicate<Header> compared, String side) {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!compared.test(e.getHeader())) {
                continue;
            }
            String key = at(e) + " " + e.getEntryType();
            if (map.put(key, e) != null) {
                throw new AssertionError(side + " gave two " + e.getEntryType() + " entries for the event at " + at(e));
            }
        }
        return map;
    }

    private static String at(Entry e) {
        return e.getHeader().getLogfileName() + ":" + e.getHeader().getLogfileOffset();
    }

    private static String table(Header h) {
        return h.getSchemaName().isEmpty() && h.getTableName().isEmpty() ? "" : h.getSchemaName() + "."
                + h.getTableName();
    }

    private void missing(Entry e, String canal, String sluice) {
        differences.add(new Difference(at(e), e.getEntryType(), table(e.getHeader()), null, null, "entry", canal,
                sluice));
    }

    private void compareEntry(Entry c, Entry s) throws InvalidProtocolBufferException {
        Header ch = c.getHeader();
        Header sh = s.getHeader();
        Field f = new Field(c, null, null);
        f.check("header.version", ch.getVersion(), sh.getVersion());
        f.check("header.serverId", ch.getServerId(), sh.getServerId());
        f.check("header.serverenCode", ch.getServerenCode(), sh.getServerenCode());
        f.check("header.executeTime", ch.getExecuteTime(), sh.getExecuteTime());
        f.check("header.sourceType", ch.getSourceType(), sh.getSourceType());
        f.check("header.schemaName", ch.getSchemaName(), sh.getSchemaName());
        f.check("header.tableName", ch.getTableName(), sh.getTableName());
        f.check("header.eventLength", ch.getEventLength(), sh.getEventLength());
        f.check("header.eventType", ch.getEventType(), sh.getEventType());
        f.check("header.rowsCount", prop(ch.getPropsList(), "rowsCount"), prop(sh.getPropsList(), "rowsCount"));
        switch (c.getEntryType()) {
            case ROWDATA -> compareRowChange(c, RowChange.parseFrom(c.getStoreValue()),
                    RowChange.parseFrom(s.getStoreValue()));
            case TRANSACTIONBEGIN -> {
                TransactionBegin cb = TransactionBegin.parseFrom(c.getStoreValue());
                TransactionBegin sb = TransactionBegin.parseFrom(s.getStoreValue());
                f.check("begin.threadId", cb.getThreadId(), sb.getThreadId());
                f.check("begin.transactionId", cb.getTransactionId(), sb.getTransactionId());
                f.check("begin.executeTime", cb.getExecuteTime(), sb.getExecuteTime());
                f.check("begin.props", pairs(cb.getPropsList()), pairs(sb.getPropsList()));
            }
            case TRANSACTIONEND -> {
                TransactionEnd ce = TransactionEnd.parseFrom(c.getStoreValue());
                TransactionEnd se = TransactionEnd.parseFrom(s.getStoreValue());
                f.check("end.transactionId", ce.getTransactionId(), se.getTransactionId());
                f.check("end.executeTime", ce.getExecuteTime(), se.getExecuteTime());
                f.check("end.props", pairs(ce.getPropsList()), pairs(se.getPropsList()));
            }
            case GTIDLOG -> f.check("gtid.pair", pairs(List.of(Pair.parseFrom(c.getStoreValue()))),
                    pairs(List.of(Pair.parseFrom(s.getStoreValue()))));
            default -> f.check("storeValue", c.getStoreValue().toStringUtf8(), s.getStoreValue().toStringUtf8());
        }
    }

    private void compareRowChange(Entry c, RowChange cr, RowChange sr) {
        Field f = new Field(c, null, null);
        f.check("rowChange.eventType", cr.getEventType(), sr.getEventType());
        f.check("rowChange.isDdl", cr.getIsDdl(), sr.getIsDdl());
        f.check("rowChange.sql", cr.hasSql() ? cr.getSql() : null, sr.hasSql() ? sr.getSql() : null);
        f.check("rowChange.ddlSchemaName", cr.getDdlSchemaName(), sr.getDdlSchemaName());
        f.check("rowChange.tableId", cr.getTableId(), sr.getTableId());
        f.check("rowChange.props", pairs(cr.getPropsList()), pairs(sr.getPropsList()));
        f.check("rowChange.rows", cr.getRowDatasCount(), sr.getRowDatasCount());
        for (int r = 0; r < Math.min(cr.getRowDatasCount(), sr.getRowDatasCount()); r++) {
            RowData cd = cr.getRowDatas(r);
            RowData sd = sr.getRowDatas(r);
            rows++;
            compareImage(c, "row " + r + " before", cd.getBeforeColumnsList(), sd.getBeforeColumnsList());
            compareImage(c, "row " + r + " after", cd.getAfterColumnsList(), sd.getAfterColumnsList());
        }
    }

    private void compareImage(Entry c, String image, List<Column> cc, List<Column> sc) {
        new Field(c, null, null).check(image + ".columns", cc.size(), sc.size());
        for (int i = 0; i < Math.min(cc.size(), sc.size()); i++) {
            Column a = cc.get(i);
            Column b = sc.get(i);
            columns++;
            Field f = new Field(c, b.getName(), b.getMysqlType());
            String p = image + " column.";
            f.check(p + "name", a.getName(), b.getName());
            f.check(p + "index", a.getIndex(), b.getIndex());
            f.check(p + "isKey", a.getIsKey(), b.getIsKey());
            f.check(p + "isNull", a.getIsNull(), b.getIsNull());
            f.check(p + "value", a.hasValue() ? a.getValue() : null, b.hasValue() ? b.getValue() : null);
            f.check(p + "sqlType", a.getSqlType(), b.getSqlType());
            f.check(p + "mysqlType", a.getMysqlType(), b.getMysqlType());
            f.check(p + "updated", a.getUpdated(), b.getUpdated());
        }
    }

    private static String prop(List<Pair> props, String key) {
        return props.stream().filter(p -> p.getKey().equals(key)).map(Pair::getValue).findFirst().orElse(null);
    }

    private static String pairs(List<Pair> props) {
        StringBuilder b = new StringBuilder();
        for (Pair p : props) {
            b.append(b.length() == 0 ? "" : ", ").append(p.getKey()).append('=').append(p.getValue());
        }
        return b.toString();
    }

    /** Records a difference of one field of a pair of entries (of a column, when named), at canal's entry. */
    private final class Field {
        private final Entry canal;
        private final String column;
        private final String mysqlType;

        Field(Entry canal, String column, String mysqlType) {
            this.canal = canal;
            this.column = column;
            this.mysqlType = mysqlType;
        }

        void check(String field, Object canalValue, Object sluiceValue) {
            if (!Objects.equals(canalValue, sluiceValue)) {
                differences.add(new Difference(at(canal), canal.getEntryType(), table(canal.getHeader()), column,
                        mysqlType, field, canalValue == null ? null : canalValue.toString(),
                        sluiceValue == null ? null : sluiceValue.toString()));
            }
        }
    }
}
