package io.rampart.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * One group's ask counts, for {@code Engine.metrics}: timeouts, counted where an ask times out (the
 * ask timer, or a synchronous asker's own thread), and asks in flight, tallied by the ask timer as
 * it walks the asks it tracks at each tick. Nothing here is touched on the ask's send or answer path.
 */
final class AskStats {
    private final LongAdder timeouts = new LongAdder();
    /** Timer thread only: the tally of the walk in progress, and whether the timer knows this group. */
    int counting;
    boolean known;
    /** The last complete tally. */
    private volatile int inFlight;

    void timedOut() {
        timeouts.increment();
    }

    long timeouts() {
        return timeouts.sum();
    }

    /** Timer thread: the walk is over, its tally is the count. */
    void publishTally() {
        inFlight = counting;
    }

    int inFlight() {
        return inFlight;
    }
}
