package io.sluice.node.mysql;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reusable memory for the events of one {@link BinlogStream}. The reader thread reads events one after the other into
 * a slab of {@value #SLAB_BYTES} bytes; the consumer {@linkplain RawBinlogEvent#release() releases} each event once it
 * is done with its bytes. A slab that the reader has filled and whose events are all released goes back to a free
 * list and is filled again.
 *
 * <p>Why: the events waiting in the queue (up to its capacity, 64 MiB by default) outlive young collections. As fresh
 * arrays they would be copied by every young collection until promoted, and then die in the old generation; slabs
 * are copied at most once (see {@link #SLAB_BYTES}) and then stay where they are.
 *
 * <p>Safe reuse: a slab is filled again only after every event in it was released, so an event nobody releases keeps
 * its slab out of the pool for good (its memory is left to the garbage collector): events dropped at a restart or a
 * close, events of a consumer that keeps them, a region claimed for an event whose read failed midway. Whoever releases
 * must not read the bytes afterwards nor have handed them on; the binlog decoder keeps no reference to them.
 * An event larger than {@value #MAX_POOLED_EVENT} bytes gets an array of its own. At most {@code maxFreeSlabs} free
 * slabs are kept.
 *
 * <p>Threads: {@link #slabFor} and {@link Slab#claim} belong to the reader thread; {@link Slab#release} may be called
 * from any thread. The free list hands a slab from the releasing thread to the reader with a happens-before edge, so
 * the reader overwrites it only after the last reader of its bytes is done.
 */
final class EventSlabs {
    /**
     * Just under 1 MiB with the array header: with G1's 1 MiB regions (heaps up to 2 GiB) a slab fills one region as
     * a humongous object, allocated straight in the old generation, so not even its first fill is copied by young
     * collections; with larger regions it is an ordinary object, promoted once.
     */
    static final int SLAB_BYTES = (1 << 20) - 64;
    /** Larger events get an array of their own. */
    static final int MAX_POOLED_EVENT = 64 * 1024;

    /** A slab: events packed one after the other, counted until each is released. */
    static final class Slab {
        final byte[] array = new byte[SLAB_BYTES];
        private final EventSlabs owner;
        /**
         * One per claimed event not yet released, plus one while the reader fills the slab; 0 in the free list. A
         * release too many shows while the slab is free, not once it is filled again: hence the once-only guard in
         * {@link RawBinlogEvent#release()}.
         */
        private final AtomicInteger holds = new AtomicInteger(1);
        /** Bytes claimed so far; reader thread only. */
        private int used;

        private Slab(EventSlabs owner) {
            this.owner = owner;
        }

        /** Reader thread: reserves {@code length} bytes for one event, which must be released once; returns where. */
        int claim(int length) {
            int at = used;
            used += length;
            holds.incrementAndGet();
            return at;
        }

        /** Drops one hold: an event's, or the reader's when it moves on. The last one puts the slab back. */
        void release() {
            int left = holds.decrementAndGet();
            if (left == 0) {
                owner.recycle(this);
            } else if (left < 0) {
                throw new IllegalStateException("event slab released more often than claimed");
            }
        }

        int remaining() {
            return SLAB_BYTES - used;
        }
    }

    private final int maxFreeSlabs;
    private final ConcurrentLinkedQueue<Slab> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger freeCount = new AtomicInteger();
    private final AtomicInteger allocated = new AtomicInteger();
    private Slab current;

    /** @param maxFreeSlabs how many free slabs to keep at most; more are left to the garbage collector */
    EventSlabs(int maxFreeSlabs) {
        if (maxFreeSlabs < 1) {
            throw new IllegalArgumentException("maxFreeSlabs must be positive, got " + maxFreeSlabs);
        }
        this.maxFreeSlabs = maxFreeSlabs;
    }

    /** Enough free slabs to hold a full queue of {@code queueCapacityBytes} again. */
    static EventSlabs forQueue(long queueCapacityBytes) {
        return new EventSlabs((int) Math.min(Integer.MAX_VALUE, queueCapacityBytes / SLAB_BYTES + 2));
    }

    static boolean pooled(int eventLength) {
        return eventLength <= MAX_POOLED_EVENT;
    }

    /**
     * Reader thread: the slab the next event of {@code length} bytes (at most {@value #MAX_POOLED_EVENT}) goes into;
     * {@link Slab#claim} it there.
     */
    Slab slabFor(int length) {
        if (current == null || current.remaining() < length) {
            if (current != null) {
                current.release(); // the reader's hold: the slab may come back once its events are released
            }
            Slab reused = free.poll();
            if (reused != null) {
                freeCount.decrementAndGet();
                reused.used = 0;
                reused.holds.set(1);
                current = reused;
            } else {
                allocated.incrementAndGet();
                current = new Slab(this);
            }
        }
        return current;
    }

    private void recycle(Slab slab) {
        if (freeCount.incrementAndGet() > maxFreeSlabs) {
            freeCount.decrementAndGet();
            return;
        }
        free.offer(slab);
    }

    /** Slabs allocated so far, for tests and diagnostics. */
    int allocatedSlabs() {
        return allocated.get();
    }

    /** Slabs waiting in the free list. */
    int freeSlabs() {
        return freeCount.get();
    }
}
