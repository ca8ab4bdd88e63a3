package io.rampart.internal;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One slot's latency recording, for groups built with {@code recordLatency(true)}: queue wait
 * (publish to dequeue) and service time (handler start to end), in nanoseconds, each in an
 * HdrHistogram {@link SingleWriterRecorder} written only by the slot's consumer thread. Recording
 * allocates nothing: the recorders' histograms are preallocated and never resized (values beyond
 * {@link #HIGHEST} are recorded as {@link #HIGHEST}).
 *
 * <p>Readers ({@link #snapshot}) take the interval recorded since the last read into a preallocated
 * histogram and add it to a cumulative one, under this object's lock, so any number of readers see
 * the same counts since the slot started.
 */
final class Latency {
    /** The largest value kept apart, in nanoseconds: one minute. Larger ones count as one minute. */
    static final long HIGHEST = 60_000_000_000L;
    /** Two significant digits: values are kept within 1%, in about 30 KB per histogram. */
    static final int DIGITS = 2;

    private final SingleWriterRecorder queueWait = new SingleWriterRecorder(1, HIGHEST, DIGITS);
    private final SingleWriterRecorder service = new SingleWriterRecorder(1, HIGHEST, DIGITS);
    // Reader side, under the lock.
    private final Histogram interval = new Histogram(1, HIGHEST, DIGITS);
    private final Histogram queueWaitTotal = new Histogram(1, HIGHEST, DIGITS);
    private final Histogram serviceTotal = new Histogram(1, HIGHEST, DIGITS);

    /** Consumer thread: a message published at {@code publishedAt} is dequeued now; returns now. */
    long dequeued(long publishedAt, boolean firstTry) {
        long now = System.nanoTime();
        if (firstTry) {
            queueWait.recordValue(clamp(now - publishedAt));
        }
        return now;
    }

    /** Consumer thread: the handler that started at {@code start} returned (or threw). */
    void handled(long start) {
        service.recordValue(clamp(System.nanoTime() - start));
    }

    private static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST);
    }

    /** Any thread: cumulative copies since the slot started, queue wait first, then service time. */
    synchronized Histogram[] snapshot() {
        queueWait.getIntervalHistogramInto(interval);
        queueWaitTotal.add(interval);
        service.getIntervalHistogramInto(interval);
        serviceTotal.add(interval);
        return new Histogram[] {queueWaitTotal.copy(), serviceTotal.copy()};
    }
}
