package io.sluice.node.entry;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import com.alibaba.otter.canal.parse.inbound.mysql.dbsync.LogEventConvert;
import com.alibaba.otter.canal.parse.inbound.mysql.dbsync.TableMetaCache;
import com.alibaba.otter.canal.protocol.CanalEntry;
import com.taobao.tddl.dbsync.binlog.FileLogFetcher;
import com.taobao.tddl.dbsync.binlog.LogContext;
import com.taobao.tddl.dbsync.binlog.LogDecoder;
import com.taobao.tddl.dbsync.binlog.LogEvent;
import com.taobao.tddl.dbsync.binlog.LogPosition;

import io.sluice.common.protocol.Entry;

/**
 * canal's own conversion of binlog files into entries, as a canal instance reading local binlog files does it: canal's
 * binlog reader ({@link FileLogFetcher} and {@link LogDecoder}, one {@link LogContext} across the files, each file
 * read from its start) feeds every event to canal's {@link LogEventConvert}, whose table metadata comes from canal's
 * {@link TableMetaCache} without a TSDB (the cache loads {@code show create table} from the server when a table is
 * first seen), talking to the server through {@link JdbcCanalConnection}.
 *
 * <p>canal's entries are re-serialised and parsed as sluice's {@link Entry} (the wire format is the same), because
 * canal's generated classes cannot print themselves under protobuf-java 4.x; their getters and serialisation work.
 *
 * <p>The metadata is read when a table's first rows event is converted, i.e. after all writes: tables whose rows are
 * compared must not change definition in the files read.
 */
final class CanalFileConverter {
    /** The read buffer of canal's {@code LocalBinLogConnection}. */
    private static final int FETCH_BUFFER = 16 * 1024;

    private CanalFileConverter() {
    }

    /**
     * Every entry canal produces for the files, in order.
     *
     * @param files   binlog files in order, each read from offset 4
     * @param jdbc    a connection to the server the files come from, for table metadata
     * @param charset canal's {@code connectionCharset}: what every text column is decoded with
     */
    static List<Entry> convert(List<Path> files, Connection jdbc, Charset charset) throws IOException {
        TableMetaCache metadata = new TableMetaCache(new JdbcCanalConnection(jdbc), null);
        LogEventConvert convert = new LogEventConvert();
        convert.setCharset(charset);
        convert.setTableMetaCache(metadata);
        convert.start();
        List<Entry> out = new ArrayList<>();
        LogDecoder decoder = new LogDecoder(LogEvent.UNKNOWN_EVENT, LogEvent.ENUM_END_EVENT);
        LogContext context = new LogContext();
        try {
            for (Path file : files) {
                FileLogFetcher fetcher = new FileLogFetcher(FETCH_BUFFER);
                try {
                    fetcher.open(file.toFile());
                    context.setLogPosition(new LogPosition(file.getFileName().toString()));
                    while (fetcher.fetch()) {
                        LogEvent event;
                        while ((event = decoder.decode(fetcher, context)) != null) {
                            CanalEntry.Entry entry = convert.parse(event, false);
                            if (entry != null) {
                                out.add(Entry.parseFrom(entry.toByteArray()));
                            }
                        }
                    }
                } finally {
                    fetcher.close();
                }
            }
        } finally {
            convert.stop();
        }
        return out;
    }
}
