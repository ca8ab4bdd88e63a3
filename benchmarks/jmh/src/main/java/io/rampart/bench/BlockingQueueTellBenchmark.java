package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.QueueConsumer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ArrayBlockingQueue} tell throughput with one consumer thread: the plain JDK hand-off.
 *
 * <pre>
 * +----------+  put   +--------------------+  take  +----------+
 * | producer |------&gt; | ArrayBlockingQueue |------&gt; | consumer |
 * | (JMH)    |        | 2^16, one lock     |        | (count)  |
 * +----------+        +--------------------+        +----------+
 * </pre>
 *
 * <p>Threads: 2 (the JMH producer, one consumer). Wait strategy: blocking on both sides ({@code put} parks
 * while full, {@code take} parks while empty). Same capacity as the Disruptor ring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class BlockingQueueTellBenchmark {
    private static final Object MESSAGE = "tick";
    private static final Object STOP = "stop";

    private ArrayBlockingQueue<Object> queue;
    private ConsumedCounter consumed;
    private QueueConsumer consumer;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        queue = new ArrayBlockingQueue<>(DisruptorTellBenchmark.RING_SIZE);
        consumed = new ConsumedCounter();
        ArrayBlockingQueue<Object> q = queue;
        ConsumedCounter counter = consumed;
        consumer = new QueueConsumer("abq-consumer", c -> {
            while (q.take() != STOP) {
                counter.increment();
            }
        }, () -> q.offer(STOP));
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_1C, system = "ArrayBlockingQueue", threads = "1 producer, 1 consumer",
            waits = "blocking (put/take park)")
    public void tell() throws InterruptedException {
        ArrayBlockingQueue<Object> q = queue;
        for (int i = 0; i < Batch.MESSAGES; i++) {
            q.put(MESSAGE);
        }
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(consumed::get, expected, "array blocking queue");
        consumer.checkNoFailure();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        consumer.close();
    }
}
