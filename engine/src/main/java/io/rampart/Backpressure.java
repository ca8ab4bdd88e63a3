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
 *     {@link DeadLetter.Reason#RING_FULL} and return; an ask's future fails with
 *     {@link RingFullException} too.</li>
 * </ul>
 * {@link Distributor#tryTellOne(Object)} never waits and never dead-letters, whatever the policy:
 * it returns false.
 */
public final class Backpressure {
    enum Kind { BLOCK, FAIL_FAST, DEAD_LETTER }

    private static final Backpressure FAIL_FAST = new Backpressure(Kind.FAIL_FAST, 0);
    private static final Backpressure DEAD_LETTER = new Backpressure(Kind.DEAD_LETTER, 0);
    static final Backpressure DEFAULT = new Backpressure(Kind.BLOCK, Duration.ofSeconds(1).toNanos());

    final Kind kind;
    final long blockNanos;

    private Backpressure(Kind kind, long blockNanos) {
        this.kind = kind;
        this.blockNanos = blockNanos;
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
        return new Backpressure(Kind.BLOCK, bound.toNanos());
    }

    /** @return the policy that rejects at once */
    public static Backpressure failFast() {
        return FAIL_FAST;
    }

    /** @return the policy that sends what does not fit to dead letters */
    public static Backpressure deadLetter() {
        return DEAD_LETTER;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BLOCK -> "block(" + Duration.ofNanos(blockNanos) + ")";
            case FAIL_FAST -> "failFast";
            case DEAD_LETTER -> "deadLetter";
        };
    }
}
