package io.rampart.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The failures injected into the workers, shared by the server and every worker of one dispatcher.
 *
 * <ul>
 * <li>A <b>crash rate</b>: each request makes its worker throw {@link WorkerCrash} with this
 *     probability (0.01 for 1%), as a bug on an odd input would.</li>
 * <li>An <b>outage</b>: for a moment the shared "connection" is down, as when a broker or database
 *     connection is lost. Every worker then throws {@link ConnectionLost} on every request, and
 *     {@link #connect()} (which Rampart's handler factory calls) throws too, so a restarted worker
 *     fails again until the connection is back.</li>
 * </ul>
 * The outage is a window of time rather than a flag flipped back by a timer, so no thread is
 * needed and it always ends.
 */
public final class Faults {
    private volatile double crashRate;
    private volatile long outageStartNanos = Long.MAX_VALUE;
    private volatile long outageEndNanos = Long.MIN_VALUE;
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong connectionFailures = new AtomicLong();

    /** @param rate the probability that a request crashes its worker, in [0, 1] */
    public void crashRate(double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("crash rate must be in [0, 1], was " + rate);
        }
        this.crashRate = rate;
    }

    /** @return the probability that a request crashes its worker */
    public double crashRate() {
        return crashRate;
    }

    /**
     * Takes the connection down from now for {@code millis}.
     *
     * @param millis how long; positive
     */
    public void outage(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("outage must last a positive number of ms, was " + millis);
        }
        long now = System.nanoTime();
        outageEndNanos = now + millis * 1_000_000;
        outageStartNanos = now;
    }

    /** @return true while the connection is down */
    public boolean down() {
        long now = System.nanoTime();
        return now - outageStartNanos >= 0 && now - outageEndNanos < 0;
    }

    /**
     * @param nanos a {@link System#nanoTime()} reading
     * @param graceNanos how long after the outage still counts as part of it (the recovery)
     * @return true if {@code nanos} falls in the last outage or its recovery
     */
    public boolean inOutage(long nanos, long graceNanos) {
        return nanos - outageStartNanos >= 0 && nanos - (outageEndNanos + graceNanos) < 0;
    }

    /**
     * Opens the worker's "connection"; what a handler factory calls.
     *
     * @throws ConnectionLost while the connection is down
     */
    public void connect() {
        if (down()) {
            connectionFailures.incrementAndGet();
            throw new ConnectionLost();
        }
    }

    /**
     * What a worker calls before doing the work of one request.
     *
     * @throws ConnectionLost while the connection is down
     * @throws WorkerCrash    at the crash rate
     */
    public void beforeWork() {
        connect();
        double rate = crashRate;
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            crashes.incrementAndGet();
            throw new WorkerCrash();
        }
    }

    /** @return how many crashes were injected */
    public long crashes() {
        return crashes.get();
    }

    /** @return how many requests or connects failed on the lost connection */
    public long connectionFailures() {
        return connectionFailures.get();
    }

    /** A worker crashed on a request (injected). No stack trace: it is expected and frequent. */
    public static final class WorkerCrash extends RuntimeException {
        WorkerCrash() {
            super("worker crashed (injected)", null, false, false);
        }
    }

    /** The shared connection is down (injected). No stack trace: it is expected and frequent. */
    public static final class ConnectionLost extends RuntimeException {
        ConnectionLost() {
            super("connection lost (injected)", null, false, false);
        }
    }
}
