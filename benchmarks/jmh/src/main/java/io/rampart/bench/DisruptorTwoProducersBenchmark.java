package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.DisruptorWaits;
import io.rampart.bench.peers.LongEvent;
import io.rampart.bench.peers.ProcessorThread;
import com.lmax.disruptor.RingBuffer;
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
 * Raw Disruptor 4 tell throughput with two producers sharing one multi-producer ring and one consumer.
 *
 * <pre>
 * +------------+
 * | producer 1 |--+  next (CAS on cursor)   +=========+  waitFor  +---------------------+
 * | (JMH)      |  +-----------------------&gt; | ring    |&lt;----------| BatchEventProcessor |
 * +------------+  |                         | multi   |           | (1 thread, counts)  |
 * +------------+  |                         | 2^16    |           +---------------------+
 * | producer 2 |--+                         +=========+
 * | (helper)   |
 * +------------+
 * </pre>
 *
 * <p>Threads: 3 on 2 cores (two producers, one consumer), so this measures contention as much as the ring.
 * Wait strategy: {@code @Param waitStrategy}. Each producer sends half of {@link Batch#MESSAGES} per
 * invocation; the invocation ends when the consumer has counted all of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class DisruptorTwoProducersBenchmark {
    private static final int SHARE = Batch.MESSAGES / 2;

    @Param({"yielding", "sleeping", "blocking"})
    public String waitStrategy;

    private RingBuffer<LongEvent> ringBuffer;
    private ConsumedCounter consumed;
    private ProcessorThread consumer;
    private HelperProducer second;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        ringBuffer = RingBuffer.createMultiProducer(LongEvent.FACTORY, DisruptorTellBenchmark.RING_SIZE,
                DisruptorWaits.named(waitStrategy));
        consumed = new ConsumedCounter();
        ConsumedCounter counter = consumed;
        consumer = ProcessorThread.start(ringBuffer, (event, sequence, endOfBatch) -> counter.increment(),
                "disruptor-consumer");
        second = new HelperProducer("disruptor-producer-2", () -> publish(ringBuffer));
    }

    private static void publish(RingBuffer<LongEvent> rb) {
        for (int i = 0; i < SHARE; i++) {
            long sequence = rb.next();
            rb.get(sequence).value = i;
            rb.publish(sequence);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_2P_1C, system = "Disruptor", threads = "2 producers, 1 consumer",
            waits = "@Param waitStrategy")
    public void tell() {
        second.release();
        publish(ringBuffer);
        expected += 2L * SHARE;
        Batch.awaitConsumed(consumed::get, expected, "disruptor 2 producers/" + waitStrategy);
        consumer.checkNoFailure();
        second.checkNoFailure();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        second.close();
        consumer.close();
    }
}
