package io.rampart.bench.peers.roundtrip;

/**
 * A system measured by its request/reply round trip: one caller sends a payload, one consumer echoes it.
 *
 * <p>{@link #roundTrip(long)} blocks until the reply arrives, waiting the way that system's own callers wait
 * (a future's {@code get}, a queue's {@code take}, a ring's barrier), because only one request is ever in
 * flight. Each subject runs at most two threads: the caller and one consumer.
 *
 * <p>Used by both the latency harness ({@code io.rampart.bench.latency.LatencyHarness}: fixed rate,
 * coordinated-omission corrected) and the JMH {@code io.rampart.bench.AskBenchmark} (back-to-back, SampleTime),
 * which is why it lives in this module, below both. A new system is one more implementation, one more line in
 * the harness's {@code Subjects} and one more {@code @Param system} value of {@code AskBenchmark}.
 */
public interface LatencySubject {
    /** What {@link #lastDequeueNanos()} returns when this subject records no dequeue times. */
    long NO_STAMP = Long.MIN_VALUE;

    /** Short stable name: the file name of its {@code .hgrm} and its row in the report. */
    String name();

    /** Starts the consumer; called once before the first round trip. */
    void start() throws Exception;

    /**
     * Sends {@code payload} and returns the consumer's echo of it.
     *
     * @throws Exception if no reply arrives within the subject's own timeout, or the consumer failed
     */
    long roundTrip(long payload) throws Exception;

    /**
     * Makes the consumer read {@code System.nanoTime()} when it takes each request, before it replies, so that the
     * latency harness can report service time (reply received minus dequeue). Off unless called, so that JMH's
     * {@code AskBenchmark} measures the round trip without it; call before {@link #start()}. Costs the consumer one
     * {@code nanoTime} and one volatile write per request.
     */
    void stampDequeues();

    /**
     * {@code System.nanoTime()} at which the consumer took the request whose reply {@link #roundTrip(long)} last
     * returned (the reply's hand-off orders it before the caller's read), or {@link #NO_STAMP} before
     * {@link #stampDequeues()}.
     */
    long lastDequeueNanos();

    /** Stops the consumer and joins its thread; safe to call after a failed {@link #start()}. */
    void close() throws Exception;
}
