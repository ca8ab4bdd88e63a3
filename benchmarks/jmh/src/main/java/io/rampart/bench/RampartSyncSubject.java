package io.rampart.bench;

import io.rampart.bench.peers.RampartEngines;
import io.rampart.bench.peers.roundtrip.RampartEchoSubject;

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
final class RampartSyncSubject extends RampartEchoSubject {
    RampartSyncSubject(String name, String waitStrategy) {
        super(name, waitStrategy, "ask-sync-");
    }

    @Override
    public long roundTrip(long payload) {
        Long reply = (Long) group.askOneSync(payload, RampartEngines.ASK_TIMEOUT); // the echo group answers what it got
        return reply;
    }
}
