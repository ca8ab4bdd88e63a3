package io.rampart.bench.peers;

import io.rampart.Backpressure;
import io.rampart.Distributor;
import io.rampart.Engine;
import io.rampart.GroupSpec;
import io.rampart.WaitStrategy;
import java.time.Duration;

/**
 * Rampart engines configured for the benchmarks, and Rampart wait strategies by the names used in
 * {@code @Param} values.
 *
 * <h2>Wait strategies, like for like with the Disruptor peers</h2>
 * A Rampart {@code @Param system} value of the JMH benchmarks is {@code rampart-<value>} with one of these
 * values (the latency harness and the idle probe take them bare); each maps to the Disruptor strategy it is
 * compared with (the report's "Targets" section pairs the {@code system} values the same way, e.g.
 * {@code rampart-backoffThenPark} with {@code disruptor-single-phasedLite}):
 * <table>
 * <caption>Rampart value, Rampart strategy, Disruptor peer</caption>
 * <tr><th>value</th><th>Rampart</th><th>Disruptor peer value</th><th>why they match</th></tr>
 * <tr><td>yielding</td><td>{@link WaitStrategy#yielding()}</td><td>yielding</td>
 *     <td>both spin ~100 times, then {@code Thread.yield()} forever; neither producer signals</td></tr>
 * <tr><td>sleeping</td><td>{@link WaitStrategy#sleeping(Duration) sleeping(100 ns)}</td><td>sleeping</td>
 *     <td>Disruptor's {@code SleepingWaitStrategy} defaults spin 100, yield 100, then {@code parkNanos(100)};
 *     Rampart's sleeping spins 100, yields 100, then {@code parkNanos(period)}: a 100 ns period is the same
 *     loop (the OS rounds such a park up to its timer slack)</td></tr>
 * <tr><td>backoffThenPark</td><td>{@link WaitStrategy#backoffThenPark()} (the default)</td>
 *     <td>phasedLite, liteBlocking</td>
 *     <td>the strategies of each library that spin, yield and then sleep until a producer signals, where the producer
 *     signals only a consumer that said it sleeps (Rampart: a read of the parked flag per publish and an unpark only
 *     when the consumer parked; Disruptor "phasedLite": {@code PhasedBackoffWaitStrategy.withLiteLock}, spin and
 *     yield timed like Rampart's phases, then {@code LiteBlockingWaitStrategy}, whose publish takes the lock only
 *     when a consumer waits; "liteBlocking": that strategy alone, with no spin or yield phase). The Disruptor's
 *     "blocking" ({@code BlockingWaitStrategy}) locks and signals on every publish: an extra row, never a pair
 *     ({@link DisruptorWaits})</td></tr>
 * </table>
 * "busySpin" exists only on explicit request ({@code -p system=rampart-busySpin}), as for the Disruptor peers.
 *
 * <p>Every group uses a ring of {@link #RING_SIZE} events per slot, as the Disruptor peers do, and
 * {@code Backpressure.block} with a bound long enough ({@link #BLOCK_BOUND}) that a full ring makes the
 * producer wait rather than fail: a {@code RingFullException} would fail the benchmark, never hide a message.
 */
public final class RampartEngines {
    /**
     * Ring size per slot: 2^16, the same as the Disruptor and Agrona peers, so a batch streams. The system property
     * {@code rampart.bench.ringSize} overrides it for an A/B of ring layouts at another size (e.g. the default
     * 1,024: {@code -jvmArgsAppend -Drampart.bench.ringSize=1024}); the comparison scripts never set it.
     */
    public static final int RING_SIZE = Integer.getInteger("rampart.bench.ringSize", 1 << 16);
    /** How long a send may wait for room before it fails; far longer than any healthy stall. */
    public static final Duration BLOCK_BOUND = Duration.ofSeconds(10);
    /** Ask timeout of the benchmark engines: long enough never to fire on a working engine. */
    public static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    /** The group every benchmark engine has. */
    public static final String GROUP = "bench";
    /** The period of the "sleeping" strategy: the park of Disruptor's {@code SleepingWaitStrategy}. */
    static final Duration SLEEP_PERIOD = Duration.ofNanos(100);
    /**
     * Suffix of a wait-strategy value that also turns the group's latency recording on
     * ({@code GroupSpec.Builder.recordLatency(true)}): {@code backoffThenPark-latency} is the default
     * configuration with queue-wait and service-time histograms, for measuring what recording costs (JMH
     * {@code -p system=rampart-backoffThenPark,rampart-backoffThenPark-latency}).
     */
    public static final String LATENCY = "-latency";

    private RampartEngines() {
    }

    /**
     * The Rampart wait strategy called {@code name}: yielding, sleeping, backoffThenPark or busySpin, each
     * optionally followed by {@link #LATENCY}.
     */
    public static WaitStrategy waitStrategy(String name) {
        switch (withoutLatency(name)) {
            case "yielding":
                return WaitStrategy.yielding();
            case "sleeping":
                return WaitStrategy.sleeping(SLEEP_PERIOD);
            case "backoffThenPark":
                return WaitStrategy.backoffThenPark();
            case "busySpin":
                return WaitStrategy.busySpin();
            default:
                throw new IllegalArgumentException("unknown Rampart wait strategy: " + name
                        + " (yielding, sleeping, backoffThenPark, busySpin)");
        }
    }

    /**
     * A started engine with one group of {@code counters.length} slots whose handlers count every message
     * into the counter of their slot (one writer per counter: the slot's thread).
     */
    public static Engine counting(String name, String waitStrategy, ConsumedCounter[] counters) {
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new ConsumedCounter();
        }
        // Indexed by ctx.slot() rather than handed out by the factory, so a restarted handler keeps its slot's
        // counter (a restart would be a bug here, but it must not also skew the count).
        GroupSpec<Object, Object> spec = group(waitStrategy, counters.length)
                .handler(() -> (message, ctx) -> counters[ctx.slot()].increment())
                .build();
        return started(name, spec);
    }

    /** A started engine with one group of {@code slots} slots whose handlers reply to each ask with its message. */
    public static Engine echo(String name, String waitStrategy, int slots) {
        GroupSpec<Object, Object> spec = group(waitStrategy, slots)
                .handler(() -> (message, ctx) -> ctx.reply(message))
                .build();
        return started(name, spec);
    }

    /**
     * As {@link #echo(String, String, int)}, but each handler first runs {@code onMessage} (the latency harness
     * stamps the dequeue time there).
     */
    public static Engine echo(String name, String waitStrategy, int slots, Runnable onMessage) {
        GroupSpec<Object, Object> spec = group(waitStrategy, slots)
                .handler(() -> (message, ctx) -> {
                    onMessage.run();
                    ctx.reply(message);
                })
                .build();
        return started(name, spec);
    }

    /** The engine's benchmark group. */
    public static Distributor<Object, Object> distributor(Engine engine) {
        return engine.distributor(GROUP);
    }

    /** Sum of every counter. */
    public static long consumed(ConsumedCounter[] counters) {
        long sum = 0;
        for (ConsumedCounter c : counters) {
            sum += c.get();
        }
        return sum;
    }

    /**
     * Closes the engine (drains, joins its threads) and fails if anything went to dead letters: every message
     * of a benchmark must have been handled.
     */
    public static void closeChecked(Engine engine) {
        if (engine == null) {
            return;
        }
        engine.close();
        long dead = engine.deadLetterCount();
        if (dead != 0) {
            throw new IllegalStateException(engine.name() + ": " + dead + " dead letters");
        }
    }

    private static GroupSpec.Builder<Object, Object> group(String waitStrategy, int slots) {
        return GroupSpec.builder(GROUP, Object.class)
                .redundancy(slots)
                .ringSize(RING_SIZE)
                .waitStrategy(waitStrategy(waitStrategy))
                .backpressure(Backpressure.block(BLOCK_BOUND))
                .recordLatency(waitStrategy.endsWith(LATENCY));
    }

    private static String withoutLatency(String name) {
        return name.endsWith(LATENCY) ? name.substring(0, name.length() - LATENCY.length()) : name;
    }

    private static Engine started(String name, GroupSpec<Object, Object> spec) {
        Engine engine = Engine.builder().name(name).askTimeout(ASK_TIMEOUT).group(spec).build();
        engine.start();
        return engine;
    }
}
