package io.sluice.node.mysql;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link StartPosition} into a concrete {@link ResumePoint}: "latest" becomes the end of the binlog now, a
 * timestamp becomes the position of the first transaction committed at or after it ({@link TimestampLocator});
 * concrete positions are returned as they are.
 */
public final class StartPositionResolver {
    private static final Logger LOG = LoggerFactory.getLogger(StartPositionResolver.class);

    private StartPositionResolver() {
    }

    /**
     * @param connection a connection to the source, for "latest"
     * @param config     how to open further connections, for a timestamp search
     * @param replica    replica settings for the timestamp search's probing dumps
     */
    public static ResumePoint resolve(StartPosition start, MysqlConnection connection, MysqlConnectionConfig config,
                                      ReplicaSettings replica) throws IOException {
        if (start instanceof ResumePoint point) {
            return point;
        }
        if (start instanceof StartPosition.Latest) {
            ResumePoint.AtFile end = new ResumePoint.AtFile(BinlogFiles.end(connection));
            LOG.info("[source={}] latest binlog position is {}", connection.source(), end);
            return end;
        }
        StartPosition.AtTimestamp at = (StartPosition.AtTimestamp) start;
        return new TimestampLocator(new TimestampLocator.DumpProbe(config, replica)).locate(at.time());
    }
}
