package io.rampart.bench.latency;

import io.rampart.bench.peers.roundtrip.LatencySubject;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Drives one subject at a fixed rate, one request at a time, and records three times per request:
 *
 * <pre>
 *   intended send     actual send        consumer dequeue          reply received
 *        |---- lag ------|                       |------ service --------|
 *        |------------------------------ response ----------------------|
 *                        |-------------------- busy ---------------------|
 * </pre>
 *
 * <ul>
 *   <li><b>response</b> time counts from the <em>intended</em> send time {@code start + i * interval}: if the
 *       previous reply came late, request {@code i} is sent late and the wait the stall imposed is in the
 *       histogram (coordinated-omission correction, as wrk2 does; so not also
 *       {@code recordValueWithExpectedInterval}, which would count the stall twice);</li>
 *   <li><b>schedule lag</b> is actual minus intended send: the previous reply's lateness (catch-up) plus this
 *       thread's oversleep. Its part that is the generator's <em>own</em> lateness, actual send minus the later of
 *       the intended time and the previous reply, is recorded apart ({@link Result#ownLag}): an own lag that stays
 *       small says the response tail is the subject's, not the generator's;</li>
 *   <li><b>service</b> time is reply received minus the consumer's dequeue stamp
 *       ({@link LatencySubject#stampDequeues()}): the consumer's work and the hand-back, without the wake-up of
 *       the consumer (for a parking subject the dominant cost);</li>
 *   <li><b>busy</b> time is actual send to reply: while one request is in flight the next cannot be sent, so
 *       {@link Result#utilisation} = rate x mean busy time is the fraction of time the subject is occupied,
 *       wake-ups included. Above ~30% the next request often finds the previous still in flight and the tail
 *       measures catch-up rather than the subject.</li>
 * </ul>
 */
final class FixedRateRun {
    /** Park until this close to the send time, then spin: parkNanos oversleeps by ~50 us on Linux. */
    private static final long SPIN_THRESHOLD_NANOS = 200_000;
    private static final long PARK_MARGIN_NANOS = 150_000;
    /** Significant digits of the histograms: 0.1% value resolution. */
    private static final int SIGNIFICANT_DIGITS = 3;
    private static final double NANOS_PER_SECOND = 1e9;

    private final LatencySubject subject;
    private final long rate;
    private final long intervalNanos;

    /**
     * Outcome of a measured phase: the histograms (nanoseconds), how many requests were planned, sent and answered,
     * and the sum of busy times.
     */
    record Result(long rate, Histogram response, Histogram service, Histogram lag, Histogram ownLag, long planned,
                  long sent, long replies, long busyNanos) {
        /** Whether every planned request was sent and answered. */
        boolean complete() {
            return sent == planned && replies == sent && response.getTotalCount() == replies;
        }

        /** Mean busy time (actual send to reply) in nanoseconds; NaN without replies. */
        double meanBusyNanos() {
            return replies == 0 ? Double.NaN : (double) busyNanos / replies;
        }

        /** Fraction of the time the subject had a request in flight: rate x mean busy time. */
        double utilisation() {
            return utilisation(rate, meanBusyNanos());
        }

        /** {@code ratePerSecond} x {@code meanBusyNanos}, as a fraction of one second. */
        static double utilisation(long ratePerSecond, double meanBusyNanos) {
            return ratePerSecond * meanBusyNanos / NANOS_PER_SECOND;
        }
    }

    FixedRateRun(LatencySubject subject, long ratePerSecond) {
        if (ratePerSecond <= 0 || ratePerSecond > 1_000_000_000L) {
            throw new IllegalArgumentException("rate must be in 1..1e9 msgs/s: " + ratePerSecond);
        }
        this.subject = subject;
        this.rate = ratePerSecond;
        this.intervalNanos = 1_000_000_000L / ratePerSecond;
    }

    /**
     * Runs requests at the fixed rate for {@code duration}; gives up sending (and says so in the result) once
     * the run has taken {@code deadline}, so a subject that falls far behind cannot stall the harness.
     */
    Result run(Duration duration, Duration deadline) throws Exception {
        long planned = duration.toNanos() / intervalNanos;
        Histogram response = new Histogram(SIGNIFICANT_DIGITS);
        Histogram service = new Histogram(SIGNIFICANT_DIGITS);
        Histogram lag = new Histogram(SIGNIFICANT_DIGITS);
        Histogram ownLag = new Histogram(SIGNIFICANT_DIGITS);
        long start = System.nanoTime() + intervalNanos;
        long giveUp = start + deadline.toNanos();
        long sent = 0;
        long replies = 0;
        long busy = 0;
        long previousReply = start;
        for (long i = 0; i < planned; i++) {
            long intended = start + i * intervalNanos;
            waitUntil(intended);
            long actual = System.nanoTime();
            if (actual - giveUp > 0) {
                break;
            }
            sent++;
            long echoed = subject.roundTrip(i);
            long replied = System.nanoTime();
            if (echoed != i) {
                throw new IllegalStateException(subject.name() + ": request " + i + " answered with " + echoed);
            }
            replies++;
            response.recordValue(replied - intended);
            lag.recordValue(actual - intended);
            ownLag.recordValue(Math.max(0, actual - Math.max(intended, previousReply)));
            previousReply = replied;
            busy += replied - actual;
            long dequeued = subject.lastDequeueNanos();
            if (dequeued != LatencySubject.NO_STAMP) {
                service.recordValue(Math.max(0, replied - dequeued));
            }
        }
        return new Result(rate, response, service, lag, ownLag, planned, sent, replies, busy);
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
