package io.rampart.bench.latency;

import io.rampart.bench.peers.roundtrip.LatencySubject;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives one subject at a fixed rate, one request at a time, and records each round trip from its
 * <em>intended</em> send time.
 *
 * <p>Request {@code i} is due at {@code start + i * interval}. If the previous reply came late, request
 * {@code i} is sent late, and its latency still counts from when it was due: the wait the stall imposed on
 * requests that a real client would have sent meanwhile is in the histogram (coordinated-omission
 * correction, as wrk2 does). The histogram is therefore not also given {@code recordValueWithExpectedInterval},
 * which would count the same stall twice.
 */
final class FixedRateRun {
    /** Park until this close to the send time, then spin: parkNanos oversleeps by ~50 us on Linux. */
    private static final long SPIN_THRESHOLD_NANOS = 200_000;
    private static final long PARK_MARGIN_NANOS = 150_000;
    /** Significant digits of the histogram: 0.1% value resolution. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private final LatencySubject subject;
    private final long intervalNanos;

    /** Outcome of a measured phase: the histogram and how many requests were planned, sent and answered. */
    record Result(Histogram histogram, long planned, long sent, long replies) {
        /** Whether every planned request was sent and answered. */
        boolean complete() {
            return sent == planned && replies == sent && histogram.getTotalCount() == replies;
        }
    }

    FixedRateRun(LatencySubject subject, long ratePerSecond) {
        if (ratePerSecond <= 0 || ratePerSecond > 1_000_000_000L) {
            throw new IllegalArgumentException("rate must be in 1..1e9 msgs/s: " + ratePerSecond);
        }
        this.subject = subject;
        this.intervalNanos = 1_000_000_000L / ratePerSecond;
    }

    /**
     * Runs requests at the fixed rate for {@code duration}; gives up sending (and says so in the result) once
     * the run has taken {@code deadline}, so a subject that falls far behind cannot stall the harness.
     */
    Result run(Duration duration, Duration deadline) throws Exception {
        long planned = duration.toNanos() / intervalNanos;
        Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
        long start = System.nanoTime() + intervalNanos;
        long giveUp = start + deadline.toNanos();
        long sent = 0;
        long replies = 0;
        for (long i = 0; i < planned; i++) {
            long intended = start + i * intervalNanos;
            waitUntil(intended);
            if (System.nanoTime() - giveUp > 0) {
                break;
            }
            sent++;
            long echoed = subject.roundTrip(i);
            long latency = System.nanoTime() - intended;
            if (echoed != i) {
                throw new IllegalStateException(subject.name() + ": request " + i + " answered with " + echoed);
            }
            replies++;
            histogram.recordValue(latency);
        }
        return new Result(histogram, planned, sent, replies);
    }

    private static void waitUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            if (remaining > SPIN_THRESHOLD_NANOS) {
                LockSupport.parkNanos(remaining - PARK_MARGIN_NANOS);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
