package io.sluice.node.entry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.sluice.common.protocol.Entry;
import io.sluice.common.protocol.EventType;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.QueryEvent;
import io.sluice.node.schema.SchemaChange;
import io.sluice.node.schema.SchemaHistory;
import io.sluice.node.schema.SchemaSnapshot;
import io.sluice.node.schema.TableName;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.FileEventSource;

/**
 * sluice's conversion of binlog files into entries, as a destination's pipeline does it: {@link FileEventSource}
 * decodes, {@link EntryBuilder} converts, and statements go through a {@link SchemaHistory} whose parse gives the
 * DDL kind and tables ({@code ChangePipeline} maps them the same way). Rows take their definitions from
 * {@code tables} (e.g. the server's definitions loaded by {@code SourceSchemaLoader}).
 */
final class SluiceFileConverter {
    private SluiceFileConverter() {
    }

    /**
     * @param statementsFrom the history the statements are applied to: the definitions before the first file
     */
    static List<Entry> convert(List<Path> files, EntryOptions options, TableDefinitionLookup tables,
            SchemaSnapshot statementsFrom) throws Exception {
        SchemaHistory history = new SchemaHistory(statementsFrom, (TableName t) -> true);
        EntryBuilder builder = new EntryBuilder(options, tables);
        List<Entry> out = new ArrayList<>();
        try (FileEventSource source = new FileEventSource(files, null, new BinlogEventDecoder())) {
            DecodedEvent e;
            while ((e = source.next()) != null) {
                if (EntryBuilder.needsDdlKind(e.event())) {
                    SchemaChange change = history.apply((QueryEvent) e.event());
                    List<TableName> names = change.tables().stream().map(SchemaChange.TableChange::name).toList();
                    out.add(builder.ddl(e, EventType.valueOf(change.kind().name()), names));
                } else {
                    out.addAll(builder.entries(e));
                }
            }
        }
        return out;
    }
}
