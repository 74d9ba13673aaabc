package io.sluice.node.tools;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

import io.sluice.common.position.BinlogPosition;
import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.common.position.MysqlGtidSet;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.mysql.BinlogStream;
import io.sluice.node.mysql.BinlogStreamConfig;
import io.sluice.node.mysql.ReplicaSettings;
import io.sluice.node.mysql.ResumePoint;
import io.sluice.node.mysql.StartPosition;
import io.sluice.node.source.DecodedEvent;
import io.sluice.node.source.EventSource;
import io.sluice.node.source.FileEventSource;
import io.sluice.node.source.LiveEventSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice-binlog}: decodes binlog files, or a live server's binlog, to JSON lines or readable text.
 * The JSON lines format is documented in docs/binlog.md; other tools depend on it.
 */
@Command(name = "sluice-binlog", mixinStandardHelpOptions = true, version = "sluice-binlog 0.1",
        description = "Decodes MySQL/MariaDB binlogs to JSON lines (one row change per line) or readable text.",
        subcommands = {BinlogTool.Decode.class, BinlogTool.Stream.class})
public final class BinlogTool {
    enum Format { jsonl, text }

    public static void main(String[] args) {
        System.exit(ToolErrors.commandLine(new BinlogTool()).execute(args));
    }

    static EventPrinter printer(Format format, Writer out, long limit) {
        return format == Format.jsonl ? new JsonLinesPrinter(out, limit) : new TextPrinter(out, limit);
    }

    static Writer stdout() {
        return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    }

    /** Prints every event of the source until it ends or the limit is reached; flushes what it printed on error. */
    static int pump(EventSource source, EventPrinter printer, long limit) throws Exception {
        try (source) {
            DecodedEvent event;
            while (printer.rowsPrinted() < limit && (event = source.next()) != null) {
                printer.print(event);
            }
        } finally {
            printer.flush();
        }
        return 0;
    }

    @Command(name = "decode", description = "Decodes binlog or relay-log files in the order given.")
    static final class Decode implements Callable<Integer> {
        @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or text (default: ${DEFAULT-VALUE})")
        Format format;

        @Option(names = "--until", description = "stop before the event at FILE:POS")
        String until;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "binlog files")
        List<Path> files;

        @Override
        public Integer call() throws Exception {
            for (Path file : files) {
                if (!Files.isReadable(file)) {
                    throw new IllegalArgumentException("cannot read binlog file " + file);
                }
            }
            BinlogPosition stop = until == null ? null : BinlogPosition.parse(until);
            EventPrinter printer = printer(format, stdout(), Long.MAX_VALUE);
            return pump(new FileEventSource(files, stop, new BinlogEventDecoder()), printer, Long.MAX_VALUE);
        }
    }

    @Command(name = "stream", description = "Decodes a live server's binlog as a replica (runs until interrupted"
            + " or --limit row changes were printed).")
    static final class Stream implements Callable<Integer> {
        @Mixin
        SourceOptions source;

        @ArgGroup(exclusive = true)
        Start start;

        @Option(names = "--limit", description = "stop after N row changes")
        long limit = Long.MAX_VALUE;

        @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or text (default: ${DEFAULT-VALUE})")
        Format format;

        @Option(names = "--server-id", defaultValue = "65101",
                description = "replica server id to register with; unique among the source's replicas"
                        + " (default: ${DEFAULT-VALUE})")
        long serverId;

        static final class Start {
            @Option(names = "--start", description = "binlog position FILE:POS")
            String position;

            @Option(names = "--gtid", description = "GTID set already processed: MariaDB 0-1-17,1-2-5 or MySQL uuid:1-5")
            String gtid;

            @Option(names = "--timestamp", description = "first transaction committed at or after this time:"
                    + " ISO-8601 (2026-11-26T12:00:00Z) or epoch seconds")
            String timestamp;

            StartPosition resolve() {
                if (position != null) {
                    return ResumePoint.file(BinlogPosition.parse(position));
                }
                if (gtid != null) {
                    return gtid.indexOf(':') >= 0
                            ? ResumePoint.mysqlGtids(MysqlGtidSet.parse(gtid))
                            : ResumePoint.mariaDbGtids(MariaDbGtidPosition.parse(gtid));
                }
                return StartPosition.at(parseInstant(timestamp));
            }
        }

        @Override
        public Integer call() throws Exception {
            StartPosition from = start == null ? StartPosition.latest() : start.resolve();
            BinlogStreamConfig config = BinlogStreamConfig.of(source.connection(), ReplicaSettings.defaults(serverId));
            EventPrinter printer = printer(format, stdout(), limit);
            BinlogStream stream = BinlogStream.open(config, from);
            return pump(new LiveEventSource(stream, new BinlogEventDecoder()), printer, limit);
        }
    }

    static Instant parseInstant(String text) {
        try {
            return text.chars().allMatch(Character::isDigit)
                    ? Instant.ofEpochSecond(Long.parseLong(text))
                    : Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("--timestamp must be ISO-8601 like 2026-11-26T12:00:00Z or epoch"
                    + " seconds, got '" + text + "'");
        }
    }

    private BinlogTool() {
    }
}
