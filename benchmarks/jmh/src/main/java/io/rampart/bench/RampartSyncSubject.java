package io.rampart.bench;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.bench.peers.RampartEngines;
import io.rampart.bench.peers.roundtrip.LatencySubject;

/**
 * Rampart {@code askOneSync} to a group of one slot whose handler replies at once with the message it got: the
 * synchronous ask, whose answer comes back through the caller thread's reusable reply cell (no allocation per
 * ask on the caller's side), the caller waiting as the slot does.
 *
 * <pre>
 * caller --askOneSync--&gt; sequencer --&gt; slot 0 ring --&gt; slot 0 consumer: ctx.reply(message)
 *    ^                                                         |
 *    +------ the caller's ReplyCell (generation-tagged) &lt;------+
 * caller: spins, yields, then parks as the slot's wait strategy says (yielding: never parks)
 * </pre>
 *
 * <p>Threads: 2, the caller and the slot's consumer; unlike {@code askOne}, a synchronous ask does not involve
 * the engine's ask-timer thread (the caller times itself out). Wait strategy: the one named at construction,
 * for the slot and the caller alike. The payload is boxed to a {@code Long} by this interface, as for every
 * peer.
 */
final class RampartSyncSubject implements LatencySubject {
    private final String waitStrategy;
    private final String name;
    private Engine engine;
    private Distributor group;
    /** Set by {@link #stampDequeues()} before {@link #start()}, which publishes it to the consumer thread. */
    private boolean stamp;
    private volatile long dequeued = NO_STAMP;

    RampartSyncSubject(String name, String waitStrategy) {
        this.name = name;
        this.waitStrategy = waitStrategy;
        RampartEngines.waitStrategy(waitStrategy); // fail on a typo now, not in start()
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        engine = stamp
                ? RampartEngines.echo("ask-sync-" + waitStrategy, waitStrategy, 1, () -> dequeued = System.nanoTime())
                : RampartEngines.echo("ask-sync-" + waitStrategy, waitStrategy, 1);
        group = RampartEngines.distributor(engine);
    }

    @Override
    public long roundTrip(long payload) {
        Long reply = group.askOneSync(payload, RampartEngines.ASK_TIMEOUT);
        return reply;
    }

    @Override
    public void stampDequeues() {
        stamp = true;
    }

    @Override
    public long lastDequeueNanos() {
        return dequeued;
    }

    @Override
    public void close() {
        RampartEngines.closeChecked(engine);
    }
}
