package io.sluice.node.source;

import java.io.IOException;
import java.util.ArrayDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.node.binlog.BinlogEvent;
import io.sluice.node.binlog.BinlogEventDecoder;
import io.sluice.node.binlog.BinlogFormatException;
import io.sluice.node.binlog.EventPosition;
import io.sluice.node.binlog.FormatDescriptionEvent;
import io.sluice.node.binlog.TransactionPayloadEvent;
import io.sluice.node.binlog.TransactionPayloadReader;
import io.sluice.node.mysql.BinlogStream;
import io.sluice.node.mysql.RawBinlogEvent;
import io.sluice.node.mysql.ResumePoint;
import io.sluice.node.mysql.StreamItem;

/**
 * Decoded events from a live {@link BinlogStream}, each handed out once even across reconnects.
 *
 * <p>Once the consumer asks for the event after a transaction's last event, the transaction counts as processed
 * and the stream is told to resume after it. When the connection breaks, the stream starts again at that point
 * and replays the interrupted transaction; every replayed event is decoded again (its TABLE_MAPs are needed) but
 * those at or before the last position already handed out are not handed out again. Positions (file, offset,
 * index inside a transaction payload) order a source's events exactly, so this also holds when the last event
 * handed out was a ROTATE or the next file's opening events.
 *
 * <p>Not thread-safe: one consumer thread.
 */
public final class LiveEventSource implements EventSource {
    private static final Logger log = LoggerFactory.getLogger(LiveEventSource.class);

    private final BinlogStream stream;
    private final BinlogEventDecoder decoder;
    private final SourceMetrics metrics;
    private final TransactionBoundaries boundaries = new TransactionBoundaries();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** Set when the last event handed out ended a transaction: the stream may resume after it once asked again. */
    private ResumePoint resumeAfterHandedOut;
    private EventPosition lastHandedOut;
    /** After a restart: events at or before this position were handed out already. */
    private EventPosition replayUpTo;

    public LiveEventSource(BinlogStream stream, BinlogEventDecoder decoder) {
        this(stream, decoder, SourceMetrics.unregistered());
    }

    public LiveEventSource(BinlogStream stream, BinlogEventDecoder decoder, SourceMetrics metrics) {
        this.stream = stream;
        this.decoder = decoder;
        this.metrics = metrics;
        decoder.expectChecksumBeforeFormatDescription(stream.sourceDescription().checksummed());
    }

    public BinlogStream stream() {
        return stream;
    }

    public BinlogEventDecoder decoder() {
        return decoder;
    }

    /** The GTID of the transaction the last event handed out belongs to, null when the source has none. */
    public String currentGtid() {
        return boundaries.gtid();
    }

    @Override
    public DecodedEvent next() throws IOException, InterruptedException {
        if (resumeAfterHandedOut != null) {
            stream.resumeFrom(resumeAfterHandedOut);
            resumeAfterHandedOut = null;
        }
        while (pending.isEmpty()) {
            StreamItem item = stream.take();
            if (item instanceof StreamItem.Restart restart) {
                log.info("[source={}] restart {} after {}: replaying from the last complete transaction, skipping"
                        + " what was handed out up to {}", stream.source(), restart.number(), restart.cause().toString(),
                        lastHandedOut);
                replayUpTo = lastHandedOut;
                boundaries.reset();
                continue;
            }
            try {
                decode((RawBinlogEvent) item);
            } catch (BinlogFormatException e) {
                throw metrics.failed(e);
            }
        }
        Pending next = pending.poll();
        lastHandedOut = next.event().position();
        resumeAfterHandedOut = next.resumeAfter();
        metrics.decoded(next.event());
        return next.event();
    }

    /**
     * Decodes {@code raw} and every event inside it, then releases its bytes for reuse: the decoder keeps no reference
     * to them, and the decoded events are all the consumer gets.
     */
    private void decode(RawBinlogEvent raw) {
        byte[] bytes = raw.array();
        int offset = raw.offset();
        int length = raw.length();
        EventPosition at = EventPosition.of(raw.position());
        BinlogEvent event = decoder.decode(bytes, offset, length, at);
        offer(at, event, raw);
        if (event instanceof TransactionPayloadEvent payload) {
            try (TransactionPayloadReader inner = decoder.payloadEvents(bytes, offset, length, payload, at)) {
                while (inner.next()) {
                    offer(inner.position(), inner.event(), raw);
                }
            }
        }
        raw.release();
    }

    private void offer(EventPosition at, BinlogEvent event, RawBinlogEvent raw) {
        boolean ends = boundaries.observe(event);
        if (replayUpTo != null) {
            if (isDumpOpening(event)
                    || compare(at, replayUpTo) <= 0) {
                return; // the dump's opening events, or handed out before the restart
            }
            replayUpTo = null;
        }
        pending.add(new Pending(new DecodedEvent(at, event), ends ? ResumePoint.file(raw.nextPosition()) : null));
    }

    /**
     * The events a dump opens with when it starts in the middle of a file: the artificial ROTATE naming the file, and
     * the file's FORMAT_DESCRIPTION resent with log position 0. After a restart both stand at or after the resume
     * point, so their positions alone would not keep them from being handed out a second time.
     */
    private static boolean isDumpOpening(BinlogEvent event) {
        return event.header().artificial()
                || event instanceof FormatDescriptionEvent && event.header().logPos() == 0;
    }

    /** An event waiting to be handed out, and where to resume once it has been processed (null: not a boundary). */
    private record Pending(DecodedEvent event, ResumePoint resumeAfter) {
    }

    /**
     * Binlog order: by file (the replay may start in the file before the last event handed out, when that was the
     * ROTATE or the next file's opening events), then offset, then index inside a transaction payload.
     */
    private static int compare(EventPosition a, EventPosition b) {
        int byPosition = a.binlogPosition().compareTo(b.binlogPosition());
        return byPosition != 0 ? byPosition : Integer.compare(a.inner(), b.inner());
    }

    @Override
    public void close() {
        stream.close();
    }
}
