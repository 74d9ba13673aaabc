package io.sluice.node.server;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

import io.sluice.common.protocol.EntryType;
import io.sluice.common.protocol.Header;
import io.sluice.node.filter.TableFilter;

/**
 * A client's subscribe filter applied to stored entries. Only the entry's header and type are decoded, never its
 * row data. As in canal, transaction begin and end entries always pass (clients see their position move), and so
 * does an entry without schema and table.
 *
 * <p>Stored entries already passed the destination's filter, include and exclude lists alike, so checking the
 * client's include list alone gives what canal's "client filter replaces the include list" does.
 * Immutable and thread-safe.
 */
final class SubscriptionFilter {
    static final SubscriptionFilter ALL = new SubscriptionFilter(TableFilter.ALL, "");

    private final TableFilter tables;
    private final String text;

    private SubscriptionFilter(TableFilter tables, String text) {
        this.tables = tables;
        this.text = text;
    }

    /**
     * @param clientFilter canal's subscribe filter: comma-separated table regexes; empty keeps what the destination
     *                     keeps
     * @throws io.sluice.node.filter.FilterSyntaxException naming the pattern and the fix
     */
    static SubscriptionFilter parse(String clientFilter) {
        if (clientFilter == null || clientFilter.isEmpty()) {
            return ALL;
        }
        return new SubscriptionFilter(TableFilter.ALL.forSubscription(clientFilter), clientFilter);
    }

    String text() {
        return text;
    }

    /** Whether the client is served this entry. An entry that cannot be decoded is served: the client decides. */
    boolean accepts(ByteBuffer entryBytes) {
        if (this == ALL) {
            return true;
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(entryBytes.duplicate());
            Header header = null;
            int entryType = EntryType.ROWDATA_VALUE;
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    header = Header.parseFrom(in.readBytes());
                } else if (field == 2 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                    entryType = in.readEnum();
                } else {
                    // store_value (the row data) and anything newer: never decoded here
                    in.skipField(tag);
                }
            }
            if (entryType == EntryType.TRANSACTIONBEGIN_VALUE || entryType == EntryType.TRANSACTIONEND_VALUE) {
                return true;
            }
            if (header == null) {
                return true;
            }
            String schema = header.getSchemaName();
            String table = header.getTableName();
            if (schema.isEmpty() && table.isEmpty()) {
                return true;
            }
            return tables.accepts(schema, table);
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(everything)" : text;
    }
}
