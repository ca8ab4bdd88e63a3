package io.rampart.bench;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * The unit of work of every tell benchmark: {@link #MESSAGES} messages, sent and then awaited until consumed.
 *
 * <p>A benchmark invocation sends a whole batch and returns only when the consumers have counted every message,
 * so throughput is messages consumed, not messages enqueued into an unbounded buffer. The count is checked
 * exactly: a lost or duplicated message fails the benchmark instead of flattering it.
 */
public final class Batch {
    /** Messages per benchmark invocation; the {@code @OperationsPerInvocation} of every tell benchmark. */
    public static final int MESSAGES = 1_000_000;

    /** How long a batch may take to drain before the benchmark is declared broken (a lost message hangs). */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    /** Spins before the waiter starts parking; a drain usually ends within microseconds of the last send. */
    private static final int SPINS = 1_000;
    /** Park between polls once spinning stops; small against a batch that takes milliseconds. */
    private static final long PARK_NANOS = 10_000;

    private Batch() {
    }

    /**
     * Waits until {@code consumed} reaches {@code expected}, then checks that it is exactly {@code expected}.
     *
     * <p>The waiting thread spins briefly and then parks, so it does not compete for the 2 cores with the
     * consumers it is waiting for.
     *
     * @throws IllegalStateException if the count is not reached within {@link #DRAIN_TIMEOUT}, or overshoots
     */
    public static void awaitConsumed(LongSupplier consumed, long expected, String what) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        int spins = 0;
        long seen;
        while ((seen = consumed.getAsLong()) < expected) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + ": consumed " + seen + " of " + expected
                        + " messages within " + DRAIN_TIMEOUT + " (lost messages?)");
            }
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
        if (seen != expected) {
            throw new IllegalStateException(what + ": consumed " + seen + " messages, expected " + expected);
        }
    }
}
