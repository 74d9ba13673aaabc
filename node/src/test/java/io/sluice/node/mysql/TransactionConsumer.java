package io.sluice.node.mysql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sluice.common.position.MariaDbGtid;
import io.sluice.common.position.MariaDbGtidPosition;
import io.sluice.node.binlog.EventType;

/**
 * A consumer that follows {@link BinlogStream}'s contract the way a real one would, knowing transaction boundaries
 * from MariaDB GTID and XID events: it keeps the events of each transaction until its commit, then calls
 * {@code resumeFrom}; on a Restart it drops what it holds since its last resume point. It records what it committed
 * and, for every real event it kept, the position range it occupies, to compare with the server's SHOW BINLOG EVENTS.
 */
final class TransactionConsumer implements Runnable {

    /** Which kind of resume point to hand the stream. */
    enum Resume { FILE, MARIADB_GTID }

    /** A real event's place in the binlog: {@code file:start-end}. */
    record Placed(String file, long start, long end) {
        @Override
        public String toString() {
            return file + ":" + start + "-" + end;
        }
    }

    private final BinlogStream stream;
    private final Resume resume;
    final List<MariaDbGtid> committed = new CopyOnWriteArrayList<>();
    final List<Placed> kept = new CopyOnWriteArrayList<>();
    private final List<Placed> pending = new ArrayList<>();
    volatile int restartsSeen;
    volatile int discardedTransactions;
    volatile Throwable failure;
    private volatile long pauseAtSequence = -1;
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch resumeAfterPause = new CountDownLatch(1);
    private MariaDbGtidPosition gtidPosition = MariaDbGtidPosition.EMPTY;

    TransactionConsumer(BinlogStream stream, Resume resume) {
        this.stream = stream;
        this.resume = resume;
    }

    /** Makes the consumer stop, holding a half-delivered transaction, right after the GTID event of {@code seq}. */
    void pauseAt(long sequence) {
        pauseAtSequence = sequence;
    }

    Thread start() {
        Thread thread = new Thread(this, "test-consumer");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    List<Long> committedSequences() {
        return committed.stream().map(MariaDbGtid::sequence).toList();
    }

    /** Kept events plus the ones after the last commit (control events at the end of the binlog). */
    List<String> placedEvents() {
        List<String> all = new ArrayList<>();
        kept.forEach(p -> all.add(p.toString()));
        synchronized (pending) {
            pending.forEach(p -> all.add(p.toString()));
        }
        return all;
    }

    @Override
    public void run() {
        MariaDbGtid open = null;
        boolean standalone = false;
        try {
            while (true) {
                StreamItem item = stream.take();
                if (item instanceof StreamItem.Restart) {
                    restartsSeen++;
                    if (open != null) {
                        discardedTransactions++;
                    }
                    open = null;
                    synchronized (pending) {
                        pending.clear();
                    }
                    continue;
                }
                RawBinlogEvent event = (RawBinlogEvent) item;
                if (SandboxSupport.isReal(event)) {
                    synchronized (pending) {
                        pending.add(new Placed(event.position().file(), event.position().offset(),
                                event.header().logPos()));
                    }
                }
                int type = event.typeCode();
                if (SandboxSupport.isMariaDbGtid(event)) {
                    open = SandboxSupport.gtidOf(event);
                    standalone = SandboxSupport.isStandalone(event);
                    if (open.sequence() == pauseAtSequence) {
                        pauseAtSequence = -1;
                        paused.countDown();
                        if (!resumeAfterPause.await(60, TimeUnit.SECONDS)) {
                            throw new AssertionError("the test never released the paused consumer");
                        }
                    }
                } else if (open != null && (type == EventType.XID.code()
                        || (standalone && type == EventType.QUERY.code()))) {
                    committed.add(open);
                    gtidPosition = gtidPosition.advance(open);
                    synchronized (pending) {
                        kept.addAll(pending);
                        pending.clear();
                    }
                    open = null;
                    stream.resumeFrom(resume == Resume.FILE ? ResumePoint.file(event.nextPosition())
                            : ResumePoint.mariaDbGtids(gtidPosition));
                }
            }
        } catch (BinlogStreamClosedException e) {
            // The test closed the stream: done.
        } catch (Throwable t) {
            failure = t;
        }
    }

    static Duration timeout() {
        return Duration.ofSeconds(30);
    }
}
