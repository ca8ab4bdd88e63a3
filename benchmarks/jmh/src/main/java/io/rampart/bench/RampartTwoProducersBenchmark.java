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
 * Rampart {@code tellOne} throughput from two producers into a group of one slot: the many-producer path of
 * the slot's ring. Compared with the multi-producer Disruptor ring with two producers
 * ({@link DisruptorTwoProducersBenchmark}) and Agrona's MPSC queue on {@link Workloads#TELL_2P_1C}.
 *
 * <pre>
 * +------------+
 * | producer 1 |--+  tellOne (CAS on the ring's tail)  +==========+  wait  +---------------------+
 * | (JMH)      |  +---------------------------------&gt; | slot 0   |&lt;-------| slot 0 consumer     |
 * +------------+  |                                   | ring 2^16|        | (1 thread, counts)  |
 * +------------+  |                                   +==========+        +---------------------+
 * | producer 2 |--+
 * | (helper)   |
 * +------------+
 * </pre>
 *
 * <p>Threads: 3 on 2 cores (two producers, one consumer), as for the Disruptor peer, so this measures
 * contention as much as the ring. Wait strategy of the consumer: {@code @Param waitStrategy} (mapping to the
 * Disruptor's in {@link RampartEngines}). Each producer sends half of {@link Batch#MESSAGES} per invocation;
 * the invocation ends when the handler has counted all of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class RampartTwoProducersBenchmark {
    private static final Object MESSAGE = "tick";
    private static final int SHARE = Batch.MESSAGES / 2;

    @Param({"yielding", "sleeping", "backoffThenPark"})
    public String waitStrategy;

    private Engine engine;
    private Distributor group;
    private final ConsumedCounter[] consumed = new ConsumedCounter[1];
    private HelperProducer second;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        engine = RampartEngines.counting("tell-2p-1s", waitStrategy, consumed);
        group = RampartEngines.distributor(engine);
        Distributor g = group;
        second = new HelperProducer("rampart-producer-2", () -> tell(g));
    }

    private static void tell(Distributor g) {
        for (int i = 0; i < SHARE; i++) {
            g.tellOne(MESSAGE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_2P_1C, system = Compared.RAMPART, threads = "2 producers, 1 slot",
            waits = "@Param waitStrategy")
    public void tellOne() {
        second.release();
        tell(group);
        expected += 2L * SHARE;
        Batch.awaitConsumed(() -> consumed[0].get(), expected, "rampart tellOne 2 producers/" + waitStrategy);
        second.checkNoFailure();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        try {
            second.close();
        } finally {
            RampartEngines.closeChecked(engine);
        }
    }
}
