package io.sluice.node.mysql;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.sluice.common.position.BinlogPosition;

/** Queries about the source's binlog files. Each needs REPLICATION CLIENT (BINLOG MONITOR on MariaDB 10.5+). */
public final class BinlogFiles {
    private BinlogFiles() {
    }

    /** SHOW BINARY LOGS: every file the source still has, oldest first. */
    static List<BinlogFile> list(MysqlConnection connection) throws IOException {
        QueryResult result = connection.query("SHOW BINARY LOGS");
        List<BinlogFile> files = new ArrayList<>(result.rows().size());
        for (QueryResult.Row row : result.rows()) {
            files.add(new BinlogFile(row.get("Log_name"), parseSize(row.get("File_size"), connection)));
        }
        return files;
    }

    /** Lists the files over a fresh connection, for when the caller's connection is busy with a dump. */
    public static List<BinlogFile> list(MysqlConnectionConfig config) throws IOException {
        try (MysqlConnection connection = MysqlConnection.open(config)) {
            return list(connection);
        }
    }

    /**
     * Where the binlog ends now.
     *
     * @throws MysqlException if binary logging is off (the status has no row)
     */
    static BinlogPosition end(MysqlConnection connection) throws IOException {
        String statement = new SourceDialect(connection.serverVersion()).binaryLogStatus();
        QueryResult status = connection.query(statement);
        if (status.isEmpty()) {
            throw new MysqlException(statement + " on " + connection.source() + " returned no row: binary logging is"
                    + " off; enable log_bin on the source");
        }
        QueryResult.Row row = status.rows().get(0);
        return new BinlogPosition(row.get("File"), parseSize(row.get("Position"), connection));
    }

    private static long parseSize(String text, MysqlConnection connection) throws MysqlProtocolException {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MysqlProtocolException("server " + connection.source() + " reported binlog size/position '"
                    + text + "', which is not a number", e);
        }
    }
}
