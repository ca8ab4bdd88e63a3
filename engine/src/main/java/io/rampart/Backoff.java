package io.rampart;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failed slot waits before its restart. Chosen per group; the default is
 * {@code exponential(1 ms, 1 s, 0.2)}, so a handler that fails on every message cannot spin a core.
 *
 * <p>The n-th restart in a row (n from 0) waits:
 * <ul>
 * <li>{@link #none()}: 0;</li>
 * <li>{@link #linear(Duration) linear(step)}: {@code step × (n + 1)};</li>
 * <li>{@link #exponential(Duration, Duration, double) exponential(min, max, f)}:
 *     {@code min(max, min × 2^n) × (1 + f × r)}, with r uniform in [0, 1) — truly exponential, and
 *     capped before the jitter (as Pekko's backoff does).</li>
 * </ul>
 * "In a row" means without a message handled successfully in between: a handler that works
 * between occasional crashes restarts after {@code delay(0)} every time, while a lost resource (every
 * message fails, or the handler factory fails) makes the wait grow. The count also goes back to 0
 * after {@link #resetAfter(Duration) a quiet period} (default 10 s) without a failure.
 */
public final class Backoff {
    enum Kind { NONE, LINEAR, EXPONENTIAL }

    /** The quiet period after which the restart count starts again from 0, when not set. */
    public static final Duration DEFAULT_RESET_AFTER = Duration.ofSeconds(10);

    static final Backoff DEFAULT = exponential(Duration.ofMillis(1), Duration.ofSeconds(1), 0.2);

    final Kind kind;
    final long minNanos;
    final long maxNanos;
    final double randomFactor;
    private final long resetAfterNanos;

    private Backoff(Kind kind, long minNanos, long maxNanos, double randomFactor, long resetAfterNanos) {
        this.kind = kind;
        this.minNanos = minNanos;
        this.maxNanos = maxNanos;
        this.randomFactor = randomFactor;
        this.resetAfterNanos = resetAfterNanos;
    }

    /** @return restart at once */
    public static Backoff none() {
        return new Backoff(Kind.NONE, 0, 0, 0, DEFAULT_RESET_AFTER.toNanos());
    }

    /**
     * @param step the added wait per restart in a row; positive
     * @return a linear backoff
     */
    public static Backoff linear(Duration step) {
        long s = positive(step, "linear backoff step");
        return new Backoff(Kind.LINEAR, s, Long.MAX_VALUE, 0, DEFAULT_RESET_AFTER.toNanos());
    }

    /**
     * @param min          the first wait; positive
     * @param max          the longest wait before jitter; at least {@code min}
     * @param randomFactor jitter, from 0 (none) to 1 (up to double)
     * @return an exponential backoff
     */
    public static Backoff exponential(Duration min, Duration max, double randomFactor) {
        long lo = positive(min, "exponential backoff min");
        long hi = positive(max, "exponential backoff max");
        if (hi < lo) {
            throw new IllegalArgumentException("exponential backoff max " + max + " is below its min " + min);
        }
        if (!(randomFactor >= 0 && randomFactor <= 1)) {
            throw new IllegalArgumentException("backoff random factor must be within [0, 1], was " + randomFactor);
        }
        return new Backoff(Kind.EXPONENTIAL, lo, hi, randomFactor, DEFAULT_RESET_AFTER.toNanos());
    }

    /**
     * @param quiet how long a slot must run without failing for its restart count to start again
     *              from 0; positive
     * @return a copy with that quiet period
     */
    public Backoff resetAfter(Duration quiet) {
        return new Backoff(kind, minNanos, maxNanos, randomFactor, positive(quiet, "backoff reset period"));
    }

    /**
     * The wait before the n-th restart in a row, without jitter.
     *
     * @param n restarts in a row before this one, from 0
     * @return the wait
     */
    public Duration delay(int n) {
        return Duration.ofNanos(delayNanos(n, 0));
    }

    /**
     * The wait before the n-th restart in a row, with jitter: what a supervisor waits.
     *
     * @param n      restarts in a row before this one, from 0
     * @param random the jitter draw, in [0, 1)
     * @return the wait in nanoseconds
     */
    public long delayNanos(int n, double random) {
        if (n < 0) {
            throw new IllegalArgumentException("restart count must be at least 0, was " + n);
        }
        return switch (kind) {
            case NONE -> 0;
            case LINEAR -> saturatedMultiply(minNanos, n + 1L);
            case EXPONENTIAL -> {
                long base = n >= 62 || minNanos > (maxNanos >> Math.min(n, 62)) ? maxNanos : Math.min(maxNanos, minNanos << n);
                yield (long) (base * (1 + randomFactor * random));
            }
        };
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    private static long positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d.toNanos();
    }

    /** @return how long a slot must run without failing before its backoff starts again from the minimum */
    public Duration resetAfter() {
        return Duration.ofNanos(resetAfterNanos);
    }

    @Override
    public String toString() {
        String reset = ", resetAfter " + Duration.ofNanos(resetAfterNanos);
        return switch (kind) {
            case NONE -> "none";
            case LINEAR -> "linear(" + Duration.ofNanos(minNanos) + reset + ")";
            case EXPONENTIAL -> "exponential(" + Duration.ofNanos(minNanos) + ", " + Duration.ofNanos(maxNanos) + ", "
                    + randomFactor + reset + ")";
        };
    }
}
