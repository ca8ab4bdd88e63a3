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

    /** Stops the consumer and joins its thread; safe to call after a failed {@link #start()}. */
    void close() throws Exception;
}
