package io.rampart;

import java.time.Duration;
import java.util.Objects;

/**
 * What a send does when its slot's ring is full. Chosen per group; the default is
 * {@link #block(Duration) block(1s)}.
 *
 * <ul>
 * <li>{@link #block(Duration)}: wait, with backoff, up to a bound; then throw
 *     {@link RingFullException} (tell) or fail the future with it (ask).</li>
 * <li>{@link #failFast()}: throw {@link RingFullException} (tell) or fail the future (ask) at once.
 *     It also never waits for a restart: when every slot is restarting, a send fails at once with
 *     {@link SlotUnavailableException} instead of queueing for the next handler (what a network front
 *     that would rather answer 503 at once wants).</li>
 * <li>{@link #deadLetter()}: hand the message to dead letters as
 *     {@link io.rampart.DeadLetter.Reason#RING_FULL} and return; an ask's future fails with
 *     {@link RingFullException} too.</li>
 * </ul>
 * {@link Distributor#tryTellOne(Object)} never waits and never dead-letters, whatever the policy:
 * it returns false.
 */
public abstract class Backpressure {
    private static final Backpressure FAIL_FAST = new FailFast();
    private static final Backpressure DEAD_LETTER = new DeadLetter();
    static final Backpressure DEFAULT = new Block(Duration.ofSeconds(1).toNanos());

    private Backpressure() {
    }

    /**
     * Wait for room up to {@code bound}, then reject.
     *
     * @param bound the longest a send waits; positive
     * @return the policy
     */
    public static Backpressure block(Duration bound) {
        Objects.requireNonNull(bound, "bound");
        if (bound.isNegative() || bound.isZero()) {
            throw new IllegalArgumentException("backpressure bound must be positive, was " + bound);
        }
        return new Block(bound.toNanos());
    }

    /** @return the policy that rejects at once */
    public static Backpressure failFast() {
        return FAIL_FAST;
    }

    /** @return the policy that sends what does not fit to dead letters */
    public static Backpressure deadLetter() {
        return DEAD_LETTER;
    }

    /**
     * How long a send may wait for room in a full ring.
     *
     * @return the bound in nanoseconds, 0 for not at all
     */
    public abstract long waitNanos();

    /**
     * Whether a send with no running slot may queue in a restarting slot's ring for its next
     * handler, rather than be refused at once.
     *
     * @return true if such a send queues
     */
    public abstract boolean queuesBehindRestarts();

    /**
     * Whether a message refused for a full ring goes to dead letters ({@code RING_FULL}) and the tell
     * returns, rather than the tell throwing.
     *
     * @return true if refusals go to dead letters
     */
    public abstract boolean deadLettersRefusals();

    /**
     * How the refusal reads, after "ring ... is full (N messages); ".
     *
     * @return the policy's words
     */
    public abstract String refusal();

    private static final class Block extends Backpressure {
        private final long boundNanos;

        Block(long boundNanos) {
            this.boundNanos = boundNanos;
        }

        @Override
        public long waitNanos() {
            return boundNanos;
        }

        @Override
        public boolean queuesBehindRestarts() {
            return true;
        }

        @Override
        public boolean deadLettersRefusals() {
            return false;
        }

        @Override
        public String refusal() {
            return Thread.currentThread().isInterrupted()
                    ? "the sender was interrupted while it waited for room"
                    : "waited " + Duration.ofNanos(boundNanos) + " for room";
        }

        @Override
        public String toString() {
            return "block(" + Duration.ofNanos(boundNanos) + ")";
        }
    }

    private static final class FailFast extends Backpressure {
        @Override
        public long waitNanos() {
            return 0;
        }

        @Override
        public boolean queuesBehindRestarts() {
            return false; // what a network front that would rather answer 503 at once wants
        }

        @Override
        public boolean deadLettersRefusals() {
            return false;
        }

        @Override
        public String refusal() {
            return "backpressure policy is failFast";
        }

        @Override
        public String toString() {
            return "failFast";
        }
    }

    private static final class DeadLetter extends Backpressure {
        @Override
        public long waitNanos() {
            return 0;
        }

        @Override
        public boolean queuesBehindRestarts() {
            return true;
        }

        @Override
        public boolean deadLettersRefusals() {
            return true;
        }

        @Override
        public String refusal() {
            return "sent to dead letters (backpressure policy is deadLetter)";
        }

        @Override
        public String toString() {
            return "deadLetter";
        }
    }
}
