package io.rampart;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * How a slot's consumer thread waits when its ring is empty. Chosen per group.
 *
 * <p>The default never spins for long: on a machine with few cores, a thread spinning on
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
public abstract class WaitStrategy {
    /** Spins before yielding; short enough to cost little, long enough to catch a burst's next message. */
    static final int DEFAULT_SPINS = 100;
    /** Yields before sleeping or parking; where cores are few, a yield lets the producer run. */
    static final int DEFAULT_YIELDS = 100;

    private static final WaitStrategy BACKOFF_THEN_PARK = new BackoffThenPark(DEFAULT_SPINS, DEFAULT_YIELDS);
    private static final WaitStrategy YIELDING = new Yielding(DEFAULT_SPINS);
    private static final WaitStrategy BUSY_SPIN = new BusySpin();

    /** The consumer's side of parking: sleep until a producer rings, by the slot's handshake. */
    public interface Parker {
        /**
         * Parks unless work or a control request arrived for sequence {@code next}; callers loop.
         *
         * @param next the sequence the consumer waits for
         */
        void park(long next);
    }

    private WaitStrategy() {
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
        return new Sleeping(DEFAULT_SPINS, DEFAULT_YIELDS, period.toNanos());
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

    /**
     * The consumer's half: one step of waiting for a message.
     *
     * @param round  how many steps in a row found nothing (0 for the first)
     * @param next   the sequence the consumer waits for
     * @param parker parks the consumer until a producer rings (for strategies that park)
     */
    public abstract void idle(int round, long next, Parker parker);

    /**
     * The producer's half: whether a publish must ring the consumer's doorbell (it may be parked).
     *
     * @return true if producers ring
     */
    public abstract boolean producersSignal();

    /**
     * The ask caller's half: one step of waiting for an answer without parking, as this strategy's
     * consumer waits for a message ({@code Distributor.askOneSync}, and {@code get}/{@code join} on
     * an {@code askOne} future). {@link #backoffThenPark()} and {@link #sleeping(Duration)} spin
     * then yield for a bounded number of rounds, then answer false: the caller parks until the
     * replying slot unparks it (which the slot does only if the caller really parked).
     * {@link #yielding()} and {@link #busySpin()} never answer false: the caller spins or yields
     * until the answer or its timeout.
     *
     * @param round how many steps in a row found no answer (0 for the first)
     * @return true if the step was taken; false when the caller should park now
     */
    public abstract boolean backOff(int round);

    /** Spin, then yield: the first phases every strategy but busy-spin shares. False once past them. */
    private static boolean spinThenYield(int round, int spins, int yields) {
        if (round < spins) {
            Thread.onSpinWait();
            return true;
        }
        if (round < spins + yields) {
            Thread.yield();
            return true;
        }
        return false;
    }

    private static final class BackoffThenPark extends WaitStrategy {
        private final int spins;
        private final int yields;

        BackoffThenPark(int spins, int yields) {
            this.spins = spins;
            this.yields = yields;
        }

        @Override
        public void idle(int round, long next, Parker parker) {
            if (!spinThenYield(round, spins, yields)) {
                parker.park(next);
            }
        }

        @Override
        public boolean producersSignal() {
            return true;
        }

        @Override
        public boolean backOff(int round) {
            return spinThenYield(round, spins, yields);
        }

        @Override
        public String toString() {
            return "backoffThenPark";
        }
    }

    private static final class Sleeping extends WaitStrategy {
        private final int spins;
        private final int yields;
        private final long sleepNanos;

        Sleeping(int spins, int yields, long sleepNanos) {
            this.spins = spins;
            this.yields = yields;
            this.sleepNanos = sleepNanos;
        }

        @Override
        public void idle(int round, long next, Parker parker) {
            if (!spinThenYield(round, spins, yields)) {
                Thread.interrupted(); // a handler's leftover interrupt would turn sleeping into a spin
                LockSupport.parkNanos(this, sleepNanos);
            }
        }

        @Override
        public boolean backOff(int round) {
            return spinThenYield(round, spins, yields);
        }

        @Override
        public boolean producersSignal() {
            return false;
        }

        @Override
        public String toString() {
            return "sleeping(" + Duration.ofNanos(sleepNanos) + ")";
        }
    }

    private static final class Yielding extends WaitStrategy {
        private final int spins;

        Yielding(int spins) {
            this.spins = spins;
        }

        @Override
        public void idle(int round, long next, Parker parker) {
            if (round < spins) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }

        @Override
        public boolean backOff(int round) {
            idle(round, 0, null);
            return true;
        }

        @Override
        public boolean producersSignal() {
            return false;
        }

        @Override
        public String toString() {
            return "yielding";
        }
    }

    private static final class BusySpin extends WaitStrategy {
        @Override
        public void idle(int round, long next, Parker parker) {
            Thread.onSpinWait();
        }

        @Override
        public boolean backOff(int round) {
            Thread.onSpinWait();
            return true;
        }

        @Override
        public boolean producersSignal() {
            return false;
        }

        @Override
        public String toString() {
            return "busySpin";
        }
    }
}
