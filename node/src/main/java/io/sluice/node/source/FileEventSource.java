package io.sluice.node.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.sluice.common.position.BinlogPosition;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.BinlogFileReader;
import io.sluice.node.binlog.BinlogFormatException;

/**
 * Events of binlog or relay-log files, read in the order given, optionally up to (not including) the event at
 * a position. The events inside a TRANSACTION_PAYLOAD follow the payload event.
 *
 * <p>Not thread-safe.
 */
public final class FileEventSource implements EventSource {
    private final List<Path> files;
    private final BinlogPosition until;
    private final BinlogEventDecoder decoder;
    private final SourceMetrics metrics;
    private int fileIndex = -1;
    private BinlogFileReader reader;
    private boolean done;

    /**
     * @param until stop before the first event at or past this position (null: read everything); files whose
     *              name sorts after its file are not read
     */
    public FileEventSource(List<Path> files, BinlogPosition until, BinlogEventDecoder decoder) {
        this(files, until, decoder, SourceMetrics.unregistered());
    }

    public FileEventSource(List<Path> files, BinlogPosition until, BinlogEventDecoder decoder, SourceMetrics metrics) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no binlog files given");
        }
        this.files = List.copyOf(files);
        this.until = until;
        this.decoder = decoder;
        this.metrics = metrics;
    }

    public BinlogEventDecoder decoder() {
        return decoder;
    }

    @Override
    public DecodedEvent next() throws IOException {
        while (!done) {
            if (reader == null && !openNextFile()) {
                done = true;
                break;
            }
            if (advance()) {
                if (until != null && reachedUntil(reader.fileName(), reader.position().offset())) {
                    done = true;
                    break;
                }
                DecodedEvent event = new DecodedEvent(reader.position(), reader.event());
                metrics.decoded(event);
                return event;
            }
            reader.close();
            reader = null;
        }
        return null;
    }

    private boolean advance() throws IOException {
        try {
            return reader.next();
        } catch (BinlogFormatException e) {
            done = true;
            throw metrics.failed(e);
        }
    }

    private boolean openNextFile() throws IOException {
        if (++fileIndex >= files.size()) {
            return false;
        }
        Path path = files.get(fileIndex);
        String name = path.getFileName().toString();
        if (until != null && reachedUntil(name, 0)) {
            return false;
        }
        try {
            reader = BinlogFileReader.open(path, decoder);
        } catch (BinlogFormatException e) {
            throw metrics.failed(e);
        }
        return true;
    }

    private boolean reachedUntil(String file, long offset) {
        return new BinlogPosition(file, offset).compareTo(until) >= 0;
    }

    @Override
    public void close() throws IOException {
        done = true;
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
