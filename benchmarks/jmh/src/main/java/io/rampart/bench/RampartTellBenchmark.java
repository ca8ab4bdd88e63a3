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
 * Rampart {@code tellOne} throughput: one producer, a group of one slot. Compared with the single-producer
 * Disruptor ring ({@link DisruptorTellBenchmark}, same ring size, same wait strategy), Pekko, the executor and
 * the queues on {@link Workloads#TELL_1P_1C}.
 *
 * <pre>
 * +----------+ tellOne +-----------+ claim/publish +==========+  wait  +-----------------------+
 * | producer |-------&gt; | sequencer |-------------&gt; | slot 0   |&lt;-------| slot 0 consumer       |
 * | (JMH     |         | (round    |               | ring 2^16|        | (1 thread, handler    |
 * |  thread) |         |  robin)   |               +==========+        |  counts each message) |
 * +----------+         +-----------+                                   +-----------------------+
 * </pre>
 *
 * <p>Threads: 2 (the JMH thread producing, the slot's consumer). Wait strategy of the consumer:
 * {@code @Param waitStrategy}, mapped to the Disruptor peer's as documented in {@link RampartEngines}
 * (yielding = yielding, sleeping = sleeping, backoffThenPark (Rampart's default) = blocking). A full ring makes
 * the producer wait ({@code Backpressure.block}). The group uses the default load balancer (round robin),
 * as a user's one-slot group would.
 *
 * <p>One operation is one message; each invocation sends {@link Batch#MESSAGES} (a shared constant, so the
 * measurement is the hand-off, not message allocation) and waits until the handler has counted all of them.
 * This is also the benchmark {@code compare.sh} runs with {@code -prof gc} for tellOne's bytes per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class RampartTellBenchmark {
    private static final Object MESSAGE = "tick";

    @Param({"yielding", "sleeping", "backoffThenPark"})
    public String waitStrategy;

    private Engine engine;
    private Distributor group;
    private final ConsumedCounter[] consumed = new ConsumedCounter[1];
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        engine = RampartEngines.counting("tell-1p-1s", waitStrategy, consumed);
        group = RampartEngines.distributor(engine);
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_1C, system = Compared.RAMPART, threads = "1 producer, 1 slot",
            waits = "@Param waitStrategy")
    public void tellOne() {
        Distributor g = group;
        for (int i = 0; i < Batch.MESSAGES; i++) {
            g.tellOne(MESSAGE);
        }
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(() -> consumed[0].get(), expected, "rampart tellOne 1 slot/" + waitStrategy);
    }

    @TearDown(Level.Trial)
    public void stop() {
        RampartEngines.closeChecked(engine);
    }
}
