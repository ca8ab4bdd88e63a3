package io.rampart.bench.ring;

import io.rampart.bench.Batch;
import io.rampart.bench.Jvm;
import io.rampart.bench.peers.ConsumedCounter;
import io.rampart.internal.Delivery;
import io.rampart.internal.SlotRing;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The slot ring alone, without the engine around it: the measurement behind the ring's design choice
 * (see {@code SlotRing}'s javadoc). Same work as {@code TellBenchmark}'s Disruptor rings: one producer, one
 * consumer, 2^16 events (the slot's own {@code Delivery} entries), a batch of {@link Batch#MESSAGES} per operation;
 * the report pairs it with the single-producer Disruptor ring and the Agrona and JCTools queues, all yielding
 * ({@code ComparedBenchmarks} describes it).
 *
 * <pre>
 * +----------+ tryClaim (CAS tail) +==========+ poll (event's own sequence) +-------------------+
 * | producer |--------------------&gt;| SlotRing |&lt;----------------------------| consumer thread   |
 * | (JMH)    |  publish (release)  | 2^16     |  clear + release (head,     | (counts, spins    |
 * +----------+                     +==========+  per event)                 |  then yields)     |
 *                                                                            +-------------------+
 * </pre>
 *
 * <p>Threads: 2 (the JMH thread producing, one consumer). Waits are the engine's own, so that only the engine
 * around the ring is missing: the consumer does what a slot consumer with {@code WaitStrategy.yielding()} does per
 * event (commit: clear the entry, release {@code head}) and when the ring is empty (spin 100 times, then yield);
 * the producer, on a full ring, does what the engine's sender does ({@code Sender.pause}: spin 64 times, yield 64
 * times, then park 1 us doubling up to 1 ms), where this benchmark used to yield in a loop.
 *
 * <h2>Why it measured far less than the engine on the same ring (issue 10)</h2>
 * A ring between two threads runs in one of two regimes, and which one a fork falls into depends on which side is
 * faster, not on the ring's cost:
 * <ul>
 * <li><b>Near empty</b>: the consumer is at least as fast as the producer, so it keeps catching up and polls the very
 *     entry the producer is filling. Every message then moves that entry's cache line from the producer's core to
 *     the consumer's and back (the consumer writes it too, clearing the message), and the consumer spins or yields
 *     between messages.</li>
 * <li><b>Trailing</b>: the consumer is slower, the ring fills, the producer waits (parks) and the consumer drains
 *     lines the producer wrote long before, with no cache line going back and forth per message.</li>
 * </ul>
 * With this benchmark's consumer (count and release, nothing else) and a producer that pays a CAS per claim, the
 * consumer is the faster side and the ring runs near empty most of the time; the engine's slot consumer does more
 * per message (the handler call, its context, its counters), trails, and so runs the same ring in the faster
 * regime. A smoke experiment here showed it plainly: giving this consumer a few tens of nanoseconds of
 * {@link Blackhole#consumeCPU} per message raised the throughput several-fold and moved the mean backlog from a few
 * thousand events to most of the ring. Both figures are properties of the pair of threads, not of the ring, and a
 * fork that drifts between regimes is what made the old runs jump between forks.
 *
 * <p>So the default ({@code consumerWork=0}) is the ring alone in its worst, near-empty regime, which is what
 * the pairs with the Disruptor ring and the MPSC queues compare (their consumers are as cheap); it is a design
 * check, not an estimate of the engine's throughput. {@code -p consumerWork=N} adds N tokens of
 * {@code Blackhole.consumeCPU} per message on the consumer, to measure the trailing regime on request.
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
    /** The engine's yielding wait: spins before each yield while the ring is empty ({@code WaitStrategy}). */
    private static final int CONSUMER_SPINS = 100;
    /** The engine's sender on a full ring ({@code Sender.pause}): spins, then yields, then parks. */
    private static final int PRODUCER_SPINS = 64;
    private static final int PRODUCER_YIELDS = 64;
    private static final long PRODUCER_MAX_PARK_NANOS = 1_000_000;

    /** Tokens of {@code Blackhole.consumeCPU} the consumer spends per message; 0: the ring alone. */
    @Param({"0"})
    public int consumerWork;

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
        int work = consumerWork;
        consumer = new Thread(() -> {
            long next = 0;
            int idle = 0;
            while (running) {
                Delivery e = r.poll(next);
                if (e != null) {
                    if (e.message != null) {
                        counter.increment();
                    }
                    if (work > 0) {
                        Blackhole.consumeCPU(work);
                    }
                    e.clear();
                    r.release(++next);
                    idle = 0;
                } else if (++idle < CONSUMER_SPINS) {
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
            long seq = r.tryClaim();
            for (int round = 0; seq < 0; round++) {
                pause(round);
                seq = r.tryClaim();
            }
            r.claimed(seq).message = MESSAGE;
            r.publish(seq);
        }
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(consumed::get, expected, "SlotRing alone");
    }

    /** One round of the engine sender's wait for room ({@code Sender.pause}, without its deadline). */
    private static void pause(int round) {
        if (round < PRODUCER_SPINS) {
            Thread.onSpinWait();
        } else if (round < PRODUCER_SPINS + PRODUCER_YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(1_000L << Math.min(round - PRODUCER_SPINS - PRODUCER_YIELDS, 10),
                    PRODUCER_MAX_PARK_NANOS));
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        running = false;
        consumer.join();
    }
}
