package io.rampart.bench.peers.roundtrip;

import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.bench.peers.RampartEngines;

/**
 * What every Rampart round-trip subject shares: an engine with one echo slot waiting with the named strategy
 * (see {@link RampartEngines#waitStrategy(String)}), its distributor, and the opt-in dequeue stamp. A subclass
 * says only how the caller asks ({@link #roundTrip(long)}).
 */
public abstract class RampartEchoSubject implements LatencySubject {
    private final String name;
    private final String waitStrategy;
    private final String enginePrefix;
    private Engine engine;
    /** The started engine's group; set by {@link #start()}. */
    protected Distributor<Object, Object> group;
    /** Set by {@link #stampDequeues()} before {@link #start()}, which publishes it to the consumer thread. */
    private boolean stamp;
    private volatile long dequeued = NO_STAMP;

    /**
     * @param name         the subject's name in reports
     * @param waitStrategy the slot's wait strategy; a typo fails here, not in {@link #start()}
     * @param enginePrefix the engine's name before the strategy's, e.g. {@code "ask-"}
     */
    protected RampartEchoSubject(String name, String waitStrategy, String enginePrefix) {
        this.name = name;
        this.waitStrategy = waitStrategy;
        this.enginePrefix = enginePrefix;
        RampartEngines.waitStrategy(waitStrategy);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void start() {
        String engineName = enginePrefix + waitStrategy;
        engine = stamp
                ? RampartEngines.echo(engineName, waitStrategy, 1, () -> dequeued = System.nanoTime())
                : RampartEngines.echo(engineName, waitStrategy, 1);
        group = RampartEngines.distributor(engine);
    }

    @Override
    public final void stampDequeues() {
        stamp = true;
    }

    @Override
    public final long lastDequeueNanos() {
        return dequeued;
    }

    @Override
    public final void close() {
        RampartEngines.closeChecked(engine);
    }
}
