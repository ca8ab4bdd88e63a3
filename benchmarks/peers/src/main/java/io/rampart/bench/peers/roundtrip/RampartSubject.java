package io.rampart.bench.peers.roundtrip;

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
public final class RampartSubject extends RampartEchoSubject {
    /** How long {@code get} waits: longer than the engine's own ask timeout, which fails the ask first. */
    private static final long GET_TIMEOUT_MILLIS = RampartEngines.ASK_TIMEOUT.toMillis() * 2;

    /**
     * A subject whose slot waits with the Rampart strategy called {@code waitStrategy} (see
     * {@link RampartEngines#waitStrategy(String)}), reported as {@code name}.
     */
    public RampartSubject(String name, String waitStrategy) {
        super(name, waitStrategy, "ask-");
    }

    @Override
    public long roundTrip(long payload) throws Exception {
        Object reply = group.askOne(payload).get(GET_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        return (Long) reply;
    }
}
