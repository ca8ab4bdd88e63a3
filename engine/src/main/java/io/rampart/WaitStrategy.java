package io.rampart;

import java.time.Duration;
import java.util.Objects;

/**
 * How a slot's consumer thread waits when its ring is empty. Chosen per group.
 *
 * <p>This machine class (2 cores) is why the default never spins for long: a thread spinning on
 * each core starves the producers and everyone else. Spinning strategies are there for machines
 * with a core to spare per slot, and must be asked for.
 *
 * <table>
 * <caption>Strategies</caption>
 * <tr><th>strategy</th><th>idle CPU</th><th>wake-up latency</th><th>publish cost</th></tr>
 * <tr><td>{@link #backoffThenPark()} (default)</td><td>none once parked</td>
 *     <td>a spin or yield away while busy; an unpark (~tens of µs) after an idle spell</td>
 *     <td>a read of the consumer's parked flag per message</td></tr>
 * <tr><td>{@link #sleeping(Duration)}</td><td>one wake-up per sleep period</td>
 *     <td>up to the sleep period after an idle spell</td><td>none</td></tr>
 * <tr><td>{@link #yielding()}</td><td>a whole core</td><td>lowest without spinning</td><td>none</td></tr>
 * <tr><td>{@link #busySpin()}</td><td>a whole core, never shared</td><td>lowest</td><td>none</td></tr>
 * </table>
 */
public final class WaitStrategy {
    enum Kind { BACKOFF_THEN_PARK, SLEEPING, YIELDING, BUSY_SPIN }

    /** Spins before yielding; short enough to cost little, long enough to catch a burst's next message. */
    static final int DEFAULT_SPINS = 100;
    /** Yields before sleeping or parking; on 2 cores a yield lets the producer run. */
    static final int DEFAULT_YIELDS = 100;

    private static final WaitStrategy BACKOFF_THEN_PARK =
            new WaitStrategy(Kind.BACKOFF_THEN_PARK, DEFAULT_SPINS, DEFAULT_YIELDS, 0);
    private static final WaitStrategy YIELDING = new WaitStrategy(Kind.YIELDING, DEFAULT_SPINS, 0, 0);
    private static final WaitStrategy BUSY_SPIN = new WaitStrategy(Kind.BUSY_SPIN, 0, 0, 0);

    final Kind kind;
    final int spins;
    final int yields;
    final long sleepNanos;

    private WaitStrategy(Kind kind, int spins, int yields, long sleepNanos) {
        this.kind = kind;
        this.spins = spins;
        this.yields = yields;
        this.sleepNanos = sleepNanos;
    }

    /**
     * The default: spin briefly, yield briefly, then park until a producer publishes. Producers pay
     * a read of the consumer's "parked" flag per message (their claim CAS already fences), and an
     * unpark only when the consumer had parked.
     *
     * @return the strategy
     */
    public static WaitStrategy backoffThenPark() {
        return BACKOFF_THEN_PARK;
    }

    /**
     * Spin briefly, yield briefly, then sleep {@code period} at a time. Producers pay nothing; an idle
     * slot wakes once per period.
     *
     * @param period how long each sleep lasts; positive
     * @return the strategy
     */
    public static WaitStrategy sleeping(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("sleep period must be positive, was " + period);
        }
        return new WaitStrategy(Kind.SLEEPING, DEFAULT_SPINS, DEFAULT_YIELDS, period.toNanos());
    }

    /**
     * Spin briefly, then {@link Thread#yield()} forever. Uses a whole core while idle: opt-in.
     *
     * @return the strategy
     */
    public static WaitStrategy yielding() {
        return YIELDING;
    }

    /**
     * Spin forever with {@link Thread#onSpinWait()}. Needs a dedicated core per slot: opt-in.
     *
     * @return the strategy
     */
    public static WaitStrategy busySpin() {
        return BUSY_SPIN;
    }

    /** Whether producers must check for a parked consumer after each publish. */
    boolean parks() {
        return kind == Kind.BACKOFF_THEN_PARK;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BACKOFF_THEN_PARK -> "backoffThenPark";
            case SLEEPING -> "sleeping(" + Duration.ofNanos(sleepNanos) + ")";
            case YIELDING -> "yielding";
            case BUSY_SPIN -> "busySpin";
        };
    }
}
