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
 * Raw Disruptor 4 tell throughput: one producer, one {@code BatchEventProcessor}, one ring.
 *
 * <pre>
 * +----------+  next/publish  +=========+  waitFor  +-----------------------+
 * | producer |---------------&gt;| ring    |&lt;----------| BatchEventProcessor   |
 * | (JMH     |                | 2^16    |           | (1 thread, counts     |
 * |  thread) |                +=========+           |  each event)          |
 * +----------+                     ^  gating seq     +-----------------------+
 *                                  +-------------------------|
 * </pre>
 *
 * <p>Threads: 2 (the JMH thread producing, one consumer). Wait strategy: {@code @Param waitStrategy}
 * (yielding, sleeping, blocking; busySpin only on request). {@code ring=single} is the single-producer
 * sequencer, the upper bound for any per-slot ring; {@code ring=multi} is the multi-producer sequencer with
 * the same single producer, the naive design whose claim is an atomic update of the shared cursor.
 *
 * <p>One operation is one message; each invocation sends {@link Batch#MESSAGES} and waits until the consumer
 * has counted all of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class DisruptorTellBenchmark {
    /** Ring size; large enough that a batch streams rather than ping-pongs on a full ring. */
    static final int RING_SIZE = 1 << 16;

    @Param({"single", "multi"})
    public String ring;

    @Param({"yielding", "sleeping", "blocking"})
    public String waitStrategy;

    private RingBuffer<LongEvent> ringBuffer;
    private ConsumedCounter consumed;
    private ProcessorThread consumer;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        ringBuffer = "single".equals(ring)
                ? RingBuffer.createSingleProducer(LongEvent.FACTORY, RING_SIZE, DisruptorWaits.named(waitStrategy))
                : RingBuffer.createMultiProducer(LongEvent.FACTORY, RING_SIZE, DisruptorWaits.named(waitStrategy));
        consumed = new ConsumedCounter();
        ConsumedCounter counter = consumed;
        consumer = ProcessorThread.start(ringBuffer, (event, sequence, endOfBatch) -> counter.increment(),
                "disruptor-consumer");
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_1C, system = "Disruptor", threads = "1 producer, 1 consumer",
            waits = "@Param waitStrategy")
    public void tell() {
        RingBuffer<LongEvent> rb = ringBuffer;
        for (int i = 0; i < Batch.MESSAGES; i++) {
            long sequence = rb.next();
            rb.get(sequence).value = i;
            rb.publish(sequence);
        }
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(consumed::get, expected, "disruptor " + ring + "/" + waitStrategy);
        consumer.checkNoFailure();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        consumer.close();
    }
}
