package io.rampart.bench;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.bench.peers.RampartEngines;
import java.util.concurrent.CompletableFuture;

/**
 * Rampart {@code askOne} to a group of one slot whose handler replies at once with the message it got.
 *
 * <pre>
 * caller --256 x askOne--&gt; slot 0 ring --&gt; slot 0 consumer
 *    ^                                             | ctx.reply
 *    +------ get() each &lt;---- 256 Ask futures &lt;----+
 * </pre>
 *
 * <p>Threads: the slot's consumer plus the engine's ask-timer thread, which ticks every millisecond while asks are
 * in flight. Wait strategy of the slot: the one named ({@link RampartEngines#waitStrategy(String)}). At close, the
 * engine must have no dead letters.
 */
final class RampartInFlight implements AskInFlightSubject {
    private final Engine engine;
    private final Distributor<Object, Object> group;

    /** A started echo engine whose one slot waits with the strategy called {@code waitStrategy}. */
    RampartInFlight(String waitStrategy) {
        this.engine = RampartEngines.echo("ask-in-flight", waitStrategy, 1);
        this.group = RampartEngines.distributor(engine);
    }

    @Override
    public CompletableFuture<?> ask(Object message) {
        return group.askOne(message);
    }

    @Override
    public void close() {
        RampartEngines.closeChecked(engine);
    }
}
