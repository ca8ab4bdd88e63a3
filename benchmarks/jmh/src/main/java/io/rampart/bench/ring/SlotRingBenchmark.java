package io.rampart.bench.ring;

import io.rampart.bench.Batch;
import io.rampart.bench.Jvm;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.internal.Delivery;
import io.rampart.internal.SlotRing;
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

import java.util.concurrent.TimeUnit;

/**
 * The slot ring alone, without the engine around it: the measurement behind the ring's design choice
 * (see {@code SlotRing}'s javadoc). Same work as {@code TellBenchmark}'s Disruptor rings: one producer, one
 * consumer, 2^16 events (the slot's own {@code Delivery} entries), a batch of {@link Batch#MESSAGES} per operation; the report puts it in the same
 * table as the single- and multi-producer Disruptor rings ({@code ComparedBenchmarks} describes it).
 *
 * <pre>
 * +----------+ tryClaim (CAS tail) +==========+ poll (event's own sequence) +-------------------+
 * | producer |--------------------&gt;| SlotRing |&lt;----------------------------| consumer thread   |
 * | (JMH)    |  publish (release)  | 2^16     |  release (head, per event)   | (counts, yields   |
 * +----------+                     +==========+                              |  when empty)      |
 *                                                                            +-------------------+
 * </pre>
 *
 * <p>Threads: 2 (the JMH thread producing, one consumer). Wait strategy: yielding on both sides (the
 * consumer spins 100 times then yields when the ring is empty; the producer yields when it is full), to
 * compare with the Disruptor rings' yielding runs.
 *
 * <p>{@code SlotRing} is in the engine's internal package: not API, and not exported by the engine's module; the
 * benchmarks run on the class path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class SlotRingBenchmark {
    private static final Object MESSAGE = "tick";
    private static final int RING_SIZE = 1 << 16;

    private SlotRing<Delivery> ring;
    private ConsumedCounter consumed;
    private Thread consumer;
    private volatile boolean running;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        ring = new SlotRing<>(RING_SIZE, Delivery::new);
        consumed = new ConsumedCounter();
        running = true;
        SlotRing<Delivery> r = ring;
        ConsumedCounter counter = consumed;
        consumer = new Thread(() -> {
            long next = 0;
            int idle = 0;
            while (running) {
                Delivery e = r.poll(next);
                if (e != null) {
                    if (e.message != null) {
                        counter.increment();
                    }
                    e.clear();
                    r.release(++next);
                    idle = 0;
                } else if (++idle < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }, "slot-ring-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    public void publish() {
        SlotRing<Delivery> r = ring;
        for (int i = 0; i < Batch.MESSAGES; i++) {
            long seq;
            while ((seq = r.tryClaim()) < 0) {
                Thread.yield();
            }
            r.claimed(seq).message = MESSAGE;
            r.publish(seq);
        }
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(consumed::get, expected, "SlotRing alone");
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        running = false;
        consumer.join();
    }
}
