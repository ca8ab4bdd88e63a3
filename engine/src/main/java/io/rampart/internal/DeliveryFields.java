package io.rampart.internal;

/**
 * A {@link Delivery}'s payload, in a class of its own so that it is laid out after the ring's
 * sequence ({@link SlotRing.Entry}) and before {@code Delivery}'s right-hand pad.
 */
public abstract class DeliveryFields extends SlotRing.Entry {
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
}
