package io.rampart.internal;

/**
 * What a slot's ring carries: one message, the ask waiting for its answer (if any), and the state of
 * its supervised retries. Written by the producer that claimed the entry, read and cleared by the
 * slot's consumer; the ring's release/acquire on the entry's sequence orders the two, so these
 * fields are plain.
 */
public final class Delivery extends SlotRing.Entry {
    /** The message, or {@link Delivery#SKIP}. */
    public Object message;
    /** The ask waiting for the answer, or null for a tell. */
    public Pending ask;
    /** Which of {@link #ask}'s asks this is (a reused {@link ReplyCell}'s generation); 0 for a future. */
    public long token;
    /** How many times handlers have failed on this message (supervised retries). */
    public int failures;
    /** The last failure on this message, kept while it waits for a retry. */
    public Throwable lastFailure;
    /** Addressed to this slot (a broadcast copy): never handed over to another slot. */
    public boolean pinned;
    /** The context sent with the message (a trace or correlation id), or null. */
    public Object correlation;
    /** recordLatency only: {@code System.nanoTime()} when the message was first published. */
    public long publishedAt;

    /**
     * The message of an entry whose claim was given up (an all-or-nothing broadcast that found
     * another ring full): a claimed entry must always be published, so it is published carrying this
     * marker and the consumer passes over it.
     */
    public static final Object SKIP = new Object() {
        @Override
        public String toString() {
            return "SKIP";
        }
    };

    /**
     * Frees the entry for its next lap. Fields that are almost always clear already are tested
     * before they are written: a reference store costs a GC write barrier even when it writes null.
     */
    public void clear() {
        message = null;
        if (correlation != null) {
            correlation = null;
        }
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

    /** @return whether this entry is a given-up claim the consumer passes over */
    public boolean isSkip() {
        return message == SKIP;
    }
}
