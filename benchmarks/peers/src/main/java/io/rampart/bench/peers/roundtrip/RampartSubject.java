package io.rampart.bench.peers.roundtrip;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.bench.peers.RampartEngines;
import java.util.concurrent.TimeUnit;

/**
 * Rampart {@code askOne} to a group of one slot whose handler replies at once with the message it got.
 *
 * <pre>
 * caller --askOne--&gt; sequencer --&gt; slot 0 ring --&gt; slot 0 consumer: ctx.reply(message)
 *    ^                                                     |
 *    +------ Ask (the caller's CompletableFuture) &lt;--------+
 * caller: get(timeout)
 * </pre>
 *
 * <p>Threads: the caller and the slot's consumer, plus the engine's ask-timer thread, which a new ask wakes
 * when it finds no other ask in flight and which parks again once the ask is done (it is part of what an ask
 * costs in Rampart, so it is measured, not hidden). Wait strategy of the slot: the one named at construction
 * ({@code backoffThenPark}, the default, or {@code yielding}); the caller blocks in
 * {@code CompletableFuture.get}. The payload is boxed to a {@code Long} by this interface, as for every peer.
 */
public final class RampartSubject implements LatencySubject {
    /** How long {@code get} waits: longer than the engine's own ask timeout, which fails the ask first. */
    private static final long GET_TIMEOUT_MILLIS = RampartEngines.ASK_TIMEOUT.toMillis() * 2;

    private final String waitStrategy;
    private final String name;
    private Engine engine;
    private Distributor group;
    /** Set by {@link #stampDequeues()} before {@link #start()}, which publishes it to the consumer thread. */
    private boolean stamp;
    private volatile long dequeued = NO_STAMP;

    /**
     * A subject whose slot waits with the Rampart strategy called {@code waitStrategy} (see
     * {@link RampartEngines#waitStrategy(String)}), reported as {@code name}.
     */
    public RampartSubject(String name, String waitStrategy) {
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
                ? RampartEngines.echo("ask-" + waitStrategy, waitStrategy, 1, () -> dequeued = System.nanoTime())
                : RampartEngines.echo("ask-" + waitStrategy, waitStrategy, 1);
        group = RampartEngines.distributor(engine);
    }

    @Override
    public long roundTrip(long payload) throws Exception {
        Object reply = group.askOne(payload).get(GET_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return (Long) reply;
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
