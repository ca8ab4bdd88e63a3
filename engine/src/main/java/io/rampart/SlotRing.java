package io.rampart;

import com.lmax.disruptor.Sequence;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A slot's ring: a preallocated array of {@link Event}s that any thread may publish into and one
 * consumer thread drains.
 *
 * <p>Why not a Disruptor multi-producer {@code RingBuffer}: its consumer reads the cursor that every
 * claim updates atomically, so even a single producer keeps pulling that cache line away from the
 * consumer (the README gives the measurement). This ring keeps the Disruptor's preallocated events and padded {@link Sequence}s but
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
final class SlotRing {
    /** {@link #tryClaim()} result: the ring has no free event. */
    static final long FULL = -1;
    /** {@link #tryClaim()} result: the ring was closed; nothing more is accepted. */
    static final long CLOSED = -2;

    private static final long CLOSED_BIT = Long.MIN_VALUE;

    /**
     * The message of an event whose claim was given up (an all-or-nothing broadcast that found
     * another ring full): a claimed event must always be published, or its consumer would wait for
     * it forever, so it is published carrying this marker and the consumer passes over it.
     */
    static final Object SKIP = new Object() {
        @Override
        public String toString() {
            return "SKIP";
        }
    };

    /** Cache-line padding before an event's fields (superclass fields are laid out first). */
    @SuppressWarnings("unused")
    abstract static class EventLeftPad {
        long p01, p02, p03, p04, p05, p06, p07;
    }

    /** An event's fields, between two pads. */
    abstract static class EventFields extends EventLeftPad {
        /** The sequence this entry was last published for; the consumer waits for it to equal its own. */
        @SuppressWarnings("unused")
        long sequence = -1;
        Object message;
        Ask<?> ask;
        /** How many times handlers have failed on this message (supervised retries). */
        int failures;
        /** The last failure on this message, kept while it waits for a retry. */
        Throwable lastFailure;
        /** Addressed to this slot (a broadcast copy): never handed over to another slot. */
        boolean pinned;
    }

    /**
     * One preallocated entry. Fields are written by the claiming producer, read and cleared by the
     * consumer. Padded to a cache line of its own on each side: events are allocated side by side,
     * and unlike a Disruptor consumer this one writes to the event it is done with (to release the
     * message for GC), so without padding the producer filling event n+1 and the consumer clearing
     * event n would pass one cache line back and forth on every message.
     */
    @SuppressWarnings("unused")
    static final class Event extends EventFields {
        private static final VarHandle SEQUENCE;

        static {
            try {
                SEQUENCE = MethodHandles.lookup().findVarHandle(EventFields.class, "sequence", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        long p11, p12, p13, p14, p15, p16, p17;

        long sequenceAcquire() {
            return (long) SEQUENCE.getAcquire(this);
        }

        void publishRelease(long seq) {
            SEQUENCE.setRelease(this, seq);
        }

        /**
         * Frees the event for its next lap. Fields that are almost always clear already are tested
         * before they are written: a reference store costs a GC write barrier even when it writes null.
         */
        void clear() {
            message = null;
            if (ask != null) {
                ask = null;
            }
            if (failures != 0) {
                failures = 0;
                lastFailure = null;
            }
            if (pinned) {
                pinned = false;
            }
        }
    }

    private final Event[] events;
    private final int mask;
    private final int capacity;
    /** Next sequence to claim; the sign bit means closed. Producers only. */
    private final Sequence tail = new Sequence(0);
    /** Next sequence the consumer will process; everything below it is released. */
    private final Sequence head = new Sequence(0);
    /** Producers' last view of {@code head}; stale values are safe because head only grows. */
    private final Sequence headCache = new Sequence(0);

    SlotRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two, was " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.events = new Event[capacity];
        for (int i = 0; i < capacity; i++) {
            events[i] = new Event();
        }
    }

    int capacity() {
        return capacity;
    }

    /**
     * Claims the next sequence for one producer.
     *
     * @return the claimed sequence, or {@link #FULL} or {@link #CLOSED}
     */
    long tryClaim() {
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

    /** The event for a sequence this producer claimed; fill it, then {@link #publish}. */
    Event claimed(long seq) {
        return events[(int) seq & mask];
    }

    /** Makes a claimed event visible to the consumer (a release store: no fence on the hot path). */
    void publish(long seq) {
        events[(int) seq & mask].publishRelease(seq);
    }

    /** Gives up a claimed sequence: publishes it as a {@link #SKIP} marker. */
    void publishSkip(long seq) {
        Event e = events[(int) seq & mask];
        e.message = SKIP;
        e.publishRelease(seq);
    }

    /** Consumer: the event at {@code seq} if it is published, else null. */
    Event poll(long seq) {
        Event e = events[(int) seq & mask];
        return e.sequenceAcquire() == seq ? e : null;
    }

    /**
     * Consumer, armed to park: whether any producer has claimed {@code seq} or beyond. The full
     * fence keeps this read of {@code tail} after the consumer's store to its {@link Doorbell}:
     * {@code Sequence.get()} is a plain read plus an acquire fence, which a store may pass. The
     * producers' claim is a volatile read-modify-write of {@code tail} before they read the bell.
     */
    boolean claimedBeyond(long seq) {
        VarHandle.fullFence();
        return claimedCount() > seq;
    }

    /** Consumer: frees every event below {@code nextSeq} for producers. Called once per event. */
    void release(long nextSeq) {
        head.set(nextSeq);
    }

    /** Consumer position: the next sequence to process. */
    long head() {
        return head.get();
    }

    /** Stops all further claims; returns the number of sequences ever claimed (the drain target). */
    long close() {
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

    boolean isClosed() {
        return tail.get() < 0;
    }

    /** Claimed sequences, closed or not. */
    long claimedCount() {
        return tail.get() & ~CLOSED_BIT;
    }

    /** Messages claimed but not yet released by the consumer (the one in the handler included). */
    long backlog() {
        long h = head.get();
        return Math.max(0, claimedCount() - h);
    }
}
