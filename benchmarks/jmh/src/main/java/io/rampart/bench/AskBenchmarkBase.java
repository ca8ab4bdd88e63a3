package io.rampart.bench;

import io.rampart.bench.peers.roundtrip.LatencySubject;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Shared life cycle of the ask benchmarks: each wraps one {@link LatencySubject}, the same code the latency
 * harness drives, so the JMH numbers (back-to-back round trips) and the harness numbers (fixed rate) measure
 * one implementation per system.
 *
 * <p>Every round trip's reply is checked against its request; at tear-down the number of replies must equal
 * the number of asks.
 */
public abstract class AskBenchmarkBase {
    private LatencySubject subject;
    private long asks;
    private long replies;

    /** The subject to measure, not yet started. */
    protected abstract LatencySubject newSubject();

    @Setup(Level.Trial)
    public void startSubject() throws Exception {
        subject = newSubject();
        subject.start();
    }

    /** One checked round trip; returns the reply so JMH consumes it. */
    protected final long roundTrip() throws Exception {
        long request = asks++;
        long reply = subject.roundTrip(request);
        if (reply != request) {
            throw new IllegalStateException(subject.name() + ": ask " + request + " answered with " + reply);
        }
        replies++;
        return reply;
    }

    @TearDown(Level.Trial)
    public void closeSubject() throws Exception {
        subject.close();
        if (replies != asks) {
            throw new IllegalStateException(subject.name() + ": " + asks + " asks but " + replies + " replies");
        }
    }
}
