package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.bench.peers.QueueConsumer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
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
 * Agrona {@code ManyToOneConcurrentArrayQueue} tell throughput, one consumer draining in batches.
 *
 * <pre>
 * +------------+  offer  +==============================+  drain  +----------+
 * | producer 1 |-------&gt; | ManyToOneConcurrentArrayQueue|-------&gt; | consumer |
 * | (JMH)      |    +--&gt; | 2^16                         |         | (count,  |
 * +------------+    |    +==============================+         |  idle)   |
 * +------------+    |                                             +----------+
 * | producer 2 |----+   (twoProducers only)
 * +------------+
 * </pre>
 *
 * <p>Threads: {@code oneProducer} 2 (JMH producer, consumer); {@code twoProducers} 3 on 2 cores. Wait
 * strategy: {@code @Param idle} is the Agrona idle strategy of the consumer when the queue is empty and of a
 * producer when it is full (yielding, or Agrona's default backoff: spin, yield, then park 1 us..1 ms).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class AgronaQueueTellBenchmark {
    private static final Object MESSAGE = "tick";
    private static final int SHARE = Batch.MESSAGES / 2;

    @Param({"yielding", "backoff"})
    public String idle;

    private ManyToOneConcurrentArrayQueue<Object> queue;
    private ConsumedCounter consumed;
    private QueueConsumer consumer;
    private HelperProducer second;
    private IdleStrategy producerIdle;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        queue = new ManyToOneConcurrentArrayQueue<>(DisruptorTellBenchmark.RING_SIZE);
        consumed = new ConsumedCounter();
        producerIdle = AgronaIdles.named(idle);
        ManyToOneConcurrentArrayQueue<Object> q = queue;
        ConsumedCounter counter = consumed;
        IdleStrategy consumerIdle = AgronaIdles.named(idle);
        consumer = new QueueConsumer("agrona-consumer", c -> {
            Consumer<Object> count = m -> counter.increment();
            while (c.running()) {
                consumerIdle.idle(q.drain(count));
            }
        }, () -> { });
        IdleStrategy secondIdle = AgronaIdles.named(idle);
        second = new HelperProducer("agrona-producer-2", () -> offer(q, SHARE, secondIdle));
    }

    private static void offer(ManyToOneConcurrentArrayQueue<Object> q, int messages, IdleStrategy whenFull) {
        for (int i = 0; i < messages; i++) {
            if (!q.offer(MESSAGE)) {
                do {
                    whenFull.idle();
                } while (!q.offer(MESSAGE));
                whenFull.reset();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_1C, system = "Agrona MPSC queue", threads = "1 producer, 1 consumer",
            waits = "@Param idle (Agrona idle strategy)")
    public void oneProducer() {
        offer(queue, Batch.MESSAGES, producerIdle);
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(consumed::get, expected, "agrona queue/" + idle);
        consumer.checkNoFailure();
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_2P_1C, system = "Agrona MPSC queue", threads = "2 producers, 1 consumer",
            waits = "@Param idle (Agrona idle strategy)")
    public void twoProducers() {
        second.release();
        offer(queue, SHARE, producerIdle);
        expected += 2L * SHARE;
        Batch.awaitConsumed(consumed::get, expected, "agrona queue 2 producers/" + idle);
        consumer.checkNoFailure();
        second.checkNoFailure();
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        second.close();
        consumer.close();
    }
}
