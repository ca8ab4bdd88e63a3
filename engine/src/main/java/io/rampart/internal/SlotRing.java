package io.rampart.internal;

import com.lmax.disruptor.Sequence;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Supplier;

/**
 * A slot's ring: a preallocated array of entries that any thread may publish into and one consumer
 * thread drains. It knows sequences only: what an entry carries is its user's type {@code E} (for a
 * slot, a {@code Delivery}), as a Disruptor {@code RingBuffer} knows only its events' factory.
 *
 * <p>Why not a Disruptor multi-producer {@code RingBuffer}: its consumer reads the cursor that every
 * claim updates atomically, so even a single producer keeps pulling that cache line away from the
 * consumer (the README gives the measurement). This ring keeps the Disruptor's preallocated events and padded {@link Sequence}s, but
 * separates the two sides the way Agrona's {@code ManyToOneConcurrentArrayQueue} does:
 * producers claim with a CAS on {@code tail} and publish each event by writing the event's own
 * sequence field; the consumer reads only the event it is waiting for and never touches
 * {@code tail}. Producers read the consumer's {@code head} only when their cached copy says the
 * ring is full.
 *
 * <p>Closing sets the sign bit of {@code tail} in the same CAS the producers use to claim, so a
 * claim either lands before the close (and is drained) or fails: nothing can slip in unseen
 * between "check the engine is open" and "claim".
 */
public final class SlotRing<E extends SlotRing.Entry> {
    /** {@link #tryClaim()} result: the ring has no free entry. */
    public static final long FULL = -1;
    /** {@link #tryClaim()} result: the ring was closed; nothing more is accepted. */
    public static final long CLOSED = -2;

    private static final long CLOSED_BIT = Long.MIN_VALUE;

    /**
     * The ring's part of one preallocated entry: the sequence it was last published for, which the
     * consumer waits for to equal its own. The user of the ring subclasses it with its payload's
     * fields. Entries are not padded to cache lines: they are allocated side by side, and a dense
     * ring stays in the caches where a padded one does not. Padding each entry to its own lines (to
     * keep the consumer's clearing write off the line the producer fills next) made an entry 176
     * bytes instead of 64; A/B of the two (JMH {@code TellBenchmark}, 5 alternating forks, rings of
     * 2^16): {@code tellBatch} of 64 ran 5.7 times faster unpadded, and {@code tellOne} showed no
     * difference the forks could resolve, at 2^16 nor at the default 1,024. A cache line shared by
     * neighbouring entries is the trade JCTools' and Agrona's queues make with their packed arrays.
     */
    public abstract static class Entry {
        private static final VarHandle SEQUENCE;

        static {
            try {
                SEQUENCE = MethodHandles.lookup().findVarHandle(Entry.class, "sequence", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused")
        private long sequence = -1;

        final long sequenceAcquire() {
            return (long) SEQUENCE.getAcquire(this);
        }

        final void publishRelease(long seq) {
            SEQUENCE.setRelease(this, seq);
        }
    }

    private final Entry[] entries;
    private final int mask;
    private final int capacity;
    /** Next sequence to claim; the sign bit means closed. Producers only. */
    private final Sequence tail = new Sequence(0);
    /** Next sequence the consumer will process; everything below it is released. */
    private final Sequence head = new Sequence(0);
    /** Producers' last view of {@code head}; stale values are safe because head only grows. */
    private final Sequence headCache = new Sequence(0);

    /**
     * @param capacity the number of entries, a power of two
     * @param entries  makes each entry, once, here
     */
    public SlotRing(int capacity, Supplier<? extends E> entries) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two, was " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.entries = new Entry[capacity];
        for (int i = 0; i < capacity; i++) {
            this.entries[i] = entries.get();
        }
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Claims the next sequence for one producer.
     *
     * @return the claimed sequence, or {@link #FULL} or {@link #CLOSED}
     */
    public long tryClaim() {
        while (true) {
            long t = tail.get();
            if (t < 0) {
                return CLOSED;
            }
            long wrap = t - capacity;
            if (wrap >= headCache.get()) {
                long h = head.get();
                headCache.set(h);
                if (wrap >= h) {
                    return FULL;
                }
            }
            if (tail.compareAndSet(t, t + 1)) {
                return t;
            }
        }
    }

    /**
     * Claims {@code n} consecutive sequences for one producer in one CAS (a batch publish): all of
     * them or none. Each must then be filled and published as a single claim is.
     *
     * @param n how many, in {@code [1, capacity()]}
     * @return the first claimed sequence, or {@link #FULL} (fewer than {@code n} entries free) or
     *         {@link #CLOSED}
     */
    public long tryClaim(int n) {
        if (n < 1 || n > capacity) {
            throw new IllegalArgumentException("can claim 1.." + capacity + " sequences at once, not " + n);
        }
        while (true) {
            long t = tail.get();
            if (t < 0) {
                return CLOSED;
            }
            long wrap = t + n - 1 - capacity; // the last sequence claimed must be below head + capacity
            if (wrap >= headCache.get()) {
                long h = head.get();
                headCache.set(h);
                if (wrap >= h) {
                    return FULL;
                }
            }
            if (tail.compareAndSet(t, t + n)) {
                return t;
            }
        }
    }

    /**
     * @param seq a sequence this producer claimed
     * @return its entry, to fill before {@link #publish}
     */
    @SuppressWarnings("unchecked")
    public E claimed(long seq) {
        return (E) entries[(int) seq & mask];
    }

    /**
     * Makes a claimed entry, and what its producer wrote into it, visible to the consumer (a release
     * store: no fence on the hot path). Every claimed sequence must be published, or the consumer
     * waits for it forever: a producer that gives up its claim publishes an entry its consumer passes
     * over.
     *
     * @param seq the claimed sequence
     */
    public void publish(long seq) {
        entries[(int) seq & mask].publishRelease(seq);
    }

    /**
     * Consumer: the entry at {@code seq} if it is published, else null.
     *
     * @param seq the sequence the consumer waits for
     * @return the entry, or null
     */
    @SuppressWarnings("unchecked")
    public E poll(long seq) {
        Entry e = entries[(int) seq & mask];
        return e.sequenceAcquire() == seq ? (E) e : null;
    }

    /**
     * Consumer, armed to park: whether any producer has claimed {@code seq} or beyond. The full
     * fence keeps this read of {@code tail} after the consumer's store to its {@link Doorbell}:
     * {@code Sequence.get()} is a plain read plus an acquire fence, which a store may pass. The
     * producers' claim is a volatile read-modify-write of {@code tail} before they read the bell.
     */
    public boolean claimedBeyond(long seq) {
        VarHandle.fullFence();
        return claimedCount() > seq;
    }

    /** Consumer: frees every event below {@code nextSeq} for producers. Called once per event. */
    public void release(long nextSeq) {
        head.set(nextSeq);
    }

    /** Consumer position: the next sequence to process. */
    public long head() {
        return head.get();
    }

    /** Stops all further claims; returns the number of sequences ever claimed (the drain target). */
    public long close() {
        while (true) {
            long t = tail.get();
            if (t < 0) {
                return t & ~CLOSED_BIT;
            }
            if (tail.compareAndSet(t, t | CLOSED_BIT)) {
                return t;
            }
        }
    }

    public boolean isClosed() {
        return tail.get() < 0;
    }

    /** Claimed sequences, closed or not. */
    public long claimedCount() {
        return tail.get() & ~CLOSED_BIT;
    }

    /** Messages claimed but not yet released by the consumer (the one in the handler included). */
    public long backlog() {
        long h = head.get();
        return Math.max(0, claimedCount() - h);
    }
}
