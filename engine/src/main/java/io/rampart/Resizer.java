package io.rampart;

import java.time.Duration;
import java.util.Objects;

/**
 * Grows and shrinks a running group between two bounds by its measured backlog: an automatic
 * {@link Engine#resize(String, int)}, set with {@link GroupSpec.Builder#resizer(Resizer)}.
 *
 * <p>Every {@link #sampleEvery() sample period}, on the engine's {@link Scheduler} (a
 * {@link ManualScheduler} drives it exactly in tests), it reads the <b>mean backlog per slot</b>:
 * the messages queued in the group's rings, the ones being handled included, divided by the number of
 * slots. A sample is <i>over</i> when that mean is above {@link #growAbove()}, <i>under</i> when it is
 * below {@link #shrinkBelow()}, and neither in between (the hysteresis band). The group grows by
 * {@link #step()} slots (at most to {@link #upper()}) after {@link #growAfter()} over samples in a
 * row, and shrinks by {@code step} (at least to {@link #lower()}) after {@link #shrinkAfter()} under
 * samples in a row. A sample in the band, or of the other kind, starts the count again. After each
 * resize the counts start again, and nothing is decided for {@link #coolDown()}.
 *
 * <p>Each decision is logged (System.Logger, INFO, logger {@code io.rampart.internal.Group}) and sent
 * to the engine's {@link SupervisionListener} as {@link SupervisionEvent.GroupResized}, whose reason
 * starts with {@code "resizer: "}. A grow whose handler factory fails is logged as a warning and tried
 * again after the cool-down. The resizer runs on the scheduler's thread and a grow waits there for the
 * new slots' first handlers: a slow handler factory delays the engine's other timed work (restart
 * backoffs, stall detection) meanwhile.
 *
 * <pre>{@code
 * GroupSpec.builder("orders", Order.class)
 *     .redundancy(2)
 *     .handler(OrderHandler::new)
 *     // 2 to 8 slots: grow when more than 32 messages wait per slot for 3 samples (100 ms apart),
 *     // shrink when fewer than 1 waits per slot for 10 samples; then 1 s without a decision
 *     .resizer(Resizer.byBacklog(2, 8, 32, 1))
 *     .build();
 * }</pre>
 *
 * <p>Immutable: each {@code with}-style method returns a new resizer.
 */
public final class Resizer {
    /** Default {@link #sampleEvery()}: 100 ms. */
    public static final Duration DEFAULT_SAMPLE_EVERY = Duration.ofMillis(100);
    /** Default {@link #growAfter()}: 3 samples. */
    public static final int DEFAULT_GROW_AFTER = 3;
    /** Default {@link #shrinkAfter()}: 10 samples. */
    public static final int DEFAULT_SHRINK_AFTER = 10;
    /** Default {@link #coolDown()}: 1 s. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofSeconds(1);

    private final int lower;
    private final int upper;
    private final long growAbove;
    private final long shrinkBelow;
    private final long sampleEveryNanos;
    private final int growAfter;
    private final int shrinkAfter;
    private final long coolDownNanos;
    private final int step;

    private Resizer(int lower, int upper, long growAbove, long shrinkBelow, long sampleEveryNanos, int growAfter,
                    int shrinkAfter, long coolDownNanos, int step) {
        this.lower = lower;
        this.upper = upper;
        this.growAbove = growAbove;
        this.shrinkBelow = shrinkBelow;
        this.sampleEveryNanos = sampleEveryNanos;
        this.growAfter = growAfter;
        this.shrinkAfter = shrinkAfter;
        this.coolDownNanos = coolDownNanos;
        this.step = step;
    }

    /**
     * A resizer driven by the mean backlog per slot, with the default sample period, counts, cool-down
     * and a step of 1.
     *
     * @param lower       the fewest slots; at least 1
     * @param upper       the most slots; at least {@code lower}
     * @param growAbove   a sample is over when the mean backlog per slot is above this; at least 0
     * @param shrinkBelow a sample is under when the mean backlog per slot is below this; at least 0 and
     *                    at most {@code growAbove} (no sample can then be both)
     * @return the resizer
     * @throws IllegalArgumentException if a bound or threshold is out of range; the message names it
     */
    public static Resizer byBacklog(int lower, int upper, long growAbove, long shrinkBelow) {
        if (lower < 1) {
            throw new IllegalArgumentException("resizer: lower bound must be at least 1 slot, was " + lower);
        }
        if (upper < lower) {
            throw new IllegalArgumentException("resizer: upper bound " + upper + " is below the lower bound " + lower);
        }
        if (growAbove < 0 || shrinkBelow < 0) {
            throw new IllegalArgumentException("resizer: backlog thresholds must be at least 0, were growAbove="
                    + growAbove + ", shrinkBelow=" + shrinkBelow);
        }
        if (shrinkBelow > growAbove) {
            throw new IllegalArgumentException("resizer: shrinkBelow (" + shrinkBelow + ") must not be above growAbove ("
                    + growAbove + "), or one sample could ask for both");
        }
        return new Resizer(lower, upper, growAbove, shrinkBelow, DEFAULT_SAMPLE_EVERY.toNanos(), DEFAULT_GROW_AFTER,
                DEFAULT_SHRINK_AFTER, DEFAULT_COOL_DOWN.toNanos(), 1);
    }

    /**
     * @param period how often the backlog is sampled; positive
     * @return a resizer like this one with that period
     */
    public Resizer sampleEvery(Duration period) {
        return new Resizer(lower, upper, growAbove, shrinkBelow, positive(period, "sample period"), growAfter,
                shrinkAfter, coolDownNanos, step);
    }

    /**
     * @param samples over samples in a row before a grow; at least 1
     * @return a resizer like this one with that count
     */
    public Resizer growAfter(int samples) {
        return new Resizer(lower, upper, growAbove, shrinkBelow, sampleEveryNanos, atLeastOne(samples, "growAfter"),
                shrinkAfter, coolDownNanos, step);
    }

    /**
     * @param samples under samples in a row before a shrink; at least 1
     * @return a resizer like this one with that count
     */
    public Resizer shrinkAfter(int samples) {
        return new Resizer(lower, upper, growAbove, shrinkBelow, sampleEveryNanos, growAfter,
                atLeastOne(samples, "shrinkAfter"), coolDownNanos, step);
    }

    /**
     * @param quiet how long after a resize nothing is decided; 0 or more
     * @return a resizer like this one with that cool-down
     */
    public Resizer coolDown(Duration quiet) {
        Objects.requireNonNull(quiet, "resizer cool-down");
        if (quiet.isNegative()) {
            throw new IllegalArgumentException("resizer: cool-down must not be negative, was " + quiet);
        }
        return new Resizer(lower, upper, growAbove, shrinkBelow, sampleEveryNanos, growAfter, shrinkAfter,
                quiet.toNanos(), step);
    }

    /**
     * @param slots how many slots one decision adds or removes (within the bounds); at least 1
     * @return a resizer like this one with that step
     */
    public Resizer step(int slots) {
        return new Resizer(lower, upper, growAbove, shrinkBelow, sampleEveryNanos, growAfter, shrinkAfter,
                coolDownNanos, atLeastOne(slots, "step"));
    }

    /** @return the fewest slots */
    public int lower() {
        return lower;
    }

    /** @return the most slots */
    public int upper() {
        return upper;
    }

    /** @return the mean backlog per slot above which a sample is over */
    public long growAbove() {
        return growAbove;
    }

    /** @return the mean backlog per slot below which a sample is under */
    public long shrinkBelow() {
        return shrinkBelow;
    }

    /** @return how often the backlog is sampled */
    public Duration sampleEvery() {
        return Duration.ofNanos(sampleEveryNanos);
    }

    /** @return over samples in a row before a grow */
    public int growAfter() {
        return growAfter;
    }

    /** @return under samples in a row before a shrink */
    public int shrinkAfter() {
        return shrinkAfter;
    }

    /** @return how long after a resize nothing is decided */
    public Duration coolDown() {
        return Duration.ofNanos(coolDownNanos);
    }

    /** @return slots added or removed by one decision */
    public int step() {
        return step;
    }

    @Override
    public String toString() {
        return "Resizer[" + lower + ".." + upper + " slots, grow above " + growAbove + " after " + growAfter
                + ", shrink below " + shrinkBelow + " after " + shrinkAfter + ", every " + sampleEvery() + ", cool-down "
                + coolDown() + ", step " + step + "]";
    }

    private static long positive(Duration d, String what) {
        Objects.requireNonNull(d, "resizer " + what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("resizer: " + what + " must be positive, was " + d);
        }
        return d.toNanos();
    }

    private static int atLeastOne(int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException("resizer: " + what + " must be at least 1, was " + n);
        }
        return n;
    }
}
