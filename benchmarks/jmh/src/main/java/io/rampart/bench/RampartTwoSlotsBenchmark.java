package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.RampartEngines;
import io.rampart.Distributor;
import io.rampart.Engine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rampart with one producer and a group of two slots: {@code tellOne} spread round robin
 * ({@link Workloads#TELL_1P_2C}, beside Pekko's RoundRobinPool of 2 and a 2-thread executor) and
 * {@code tellEveryone} ({@link Workloads#TELL_EVERYONE_2C}, every message to both slots).
 *
 * <pre>
 * +----------+ tellOne / tellEveryone +-----------+   +==========+   +------------------+
 * | producer |----------------------&gt; | sequencer |--&gt;| slot 0   |--&gt;| consumer 0 (count)|
 * | (JMH)    |                        | (round    |   +==========+   +------------------+
 * +----------+                        |  robin)   |   +==========+   +------------------+
 *                                     |           |--&gt;| slot 1   |--&gt;| consumer 1 (count)|
 *                                     +-----------+   +==========+   +------------------+
 * </pre>
 *
 * <p>Threads: 3 on 2 cores (the JMH producer, two slot consumers). Wait strategy of the consumers:
 * {@code @Param waitStrategy}, by default only Rampart's default {@code backoffThenPark} (the peers on this
 * workload park too) and {@code yielding}; with yielding, two yielding consumers and a producer share 2 cores,
 * which is the point of that row. Rings of 2^16 per slot, {@code Backpressure.block}.
 *
 * <p>One operation is one message consumed. {@code roundRobin} sends {@link Batch#MESSAGES} messages with
 * {@code tellOne}; {@code tellEveryone} sends {@code Batch.MESSAGES / 2} messages with {@code tellEveryone},
 * so both slots together consume {@link Batch#MESSAGES}. Each invocation waits until the two handlers' counts
 * add up exactly, and {@code tellEveryone} also checks that each call reached both slots.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class RampartTwoSlotsBenchmark {
    private static final Object MESSAGE = "tick";
    private static final int SLOTS = 2;

    @Param({"backoffThenPark", "yielding"})
    public String waitStrategy;

    private Engine engine;
    private Distributor group;
    private final ConsumedCounter[] consumed = new ConsumedCounter[SLOTS];
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        engine = RampartEngines.counting("tell-1p-2s", waitStrategy, consumed);
        group = RampartEngines.distributor(engine);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_2C, system = Compared.RAMPART,
            threads = "1 producer, 2 slots (round robin)", waits = "@Param waitStrategy")
    public void roundRobin() {
        Distributor g = group;
        for (int i = 0; i < Batch.MESSAGES; i++) {
            g.tellOne(MESSAGE);
        }
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(() -> RampartEngines.consumed(consumed), expected,
                "rampart tellOne round robin 2 slots/" + waitStrategy);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_EVERYONE_2C, system = Compared.RAMPART,
            threads = "1 producer, 2 slots (each gets every message)", waits = "@Param waitStrategy")
    public void tellEveryone() {
        Distributor g = group;
        int reached = 0;
        for (int i = 0; i < Batch.MESSAGES / SLOTS; i++) {
            reached += g.tellEveryone(MESSAGE);
        }
        if (reached != Batch.MESSAGES) {
            throw new IllegalStateException("tellEveryone reached " + reached + " slot deliveries, expected "
                    + Batch.MESSAGES);
        }
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(() -> RampartEngines.consumed(consumed), expected,
                "rampart tellEveryone 2 slots/" + waitStrategy);
    }

    @TearDown(Level.Trial)
    public void stop() {
        RampartEngines.closeChecked(engine);
    }
}
