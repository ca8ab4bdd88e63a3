package io.rampart.bench;

import io.rampart.bench.peers.DisruptorWaits;
import io.rampart.bench.peers.PekkoSystems;
import io.rampart.bench.peers.RampartEngines;
import io.rampart.bench.report.Compared;
import java.util.List;
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
 * Tell throughput, one producer to one consumer ({@link Workloads#TELL_1P_1C}), for every system: the JMH thread
 * sends {@link Batch#MESSAGES} per invocation through the system's {@link TellSubject} and waits until its
 * consumer has counted all of them, exactly (a lost or duplicated message fails the benchmark).
 *
 * <p>Threads: 2 for every system, the JMH thread producing and one consumer: Rampart's slot consumer
 * ({@link RampartTell}, one slot), the Disruptor's {@code BatchEventProcessor} ({@link DisruptorTell}), one Pekko
 * actor on a 1-thread dispatcher ({@link PekkoTell}), one executor worker ({@link ExecutorTell}), the queues'
 * consumer thread ({@link BlockingQueueTell}, {@link AgronaQueueTell}). Rampart also has its ask-timer thread and
 * Pekko its scheduler thread, both idle here. Rings and bounded queues hold 2^16.
 *
 * <p>{@code @Param system} (see {@link Systems} for the naming; the report pairs them, see its {@code Targets}):
 * <ul>
 * <li>{@code rampart-<wait>}: Rampart {@code tellOne}, wait strategy yielding, sleeping or backoffThenPark (the
 *     default); busySpin on request; {@code rampart-backoffThenPark-batch64}: the same messages sent 64 at a time
 *     with {@code tellBatch} (one ring claim per call; 2 threads too), to compare with
 *     {@code rampart-backoffThenPark}; {@code rampart-backoffThenPark-latency} on request: the default
 *     configuration with {@code recordLatency(true)} (queue-wait and service-time histograms), to measure what
 *     recording costs against {@code rampart-backoffThenPark};</li>
 * <li>{@code disruptor-single-<wait>}: the single-producer ring, wait yielding, sleeping, phasedLite
 *     ({@code PhasedBackoffWaitStrategy.withLiteLock}) or liteBlocking ({@code LiteBlockingWaitStrategy}), the
 *     like-for-like peers of Rampart's yielding, sleeping and backoffThenPark ({@code DisruptorWaits}); blocking
 *     ({@code BlockingWaitStrategy}, a lock and a signal on every publish) as an extra row that nothing is paired
 *     with; busySpin on request;</li>
 * <li>{@code disruptor-multi-yielding}: the multi-producer ring with this one producer, a design note (why the slot
 *     ring is not a multi-producer ring), not a peer a user would choose for this workload; its other waits on
 *     request;</li>
 * <li>{@code pekko} (Pekko's defaults) and {@code pekko-tuned} (throughput 100, single-consumer mailbox),
 *     {@code executor}, {@code abq} (ArrayBlockingQueue);</li>
 * <li>{@code agrona-<idle>} (ManyToOneConcurrentArrayQueue) and {@code jctools-<idle>} (MpscArrayQueue), idle
 *     yielding or backoff (Agrona's idle strategies on both); sleeping on request.</li>
 * </ul>
 * {@code rampart-backoffThenPark} is also what {@code compare.sh} runs with {@code -prof gc} for tellOne's bytes
 * per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class TellBenchmark {
    static final Systems<TellSubject> SYSTEMS = new Systems<>(Workloads.TELL_1P_1C);

    static {
        for (String wait : List.of("yielding", "sleeping", "backoffThenPark")) {
            SYSTEMS.add("rampart-" + wait, Compared.RAMPART, "waitStrategy=" + wait, "1 producer, 1 slot",
                    Waits.rampartConsumer(wait), () -> RampartTell.tellOne("tell-1p-1s", wait, 1));
        }
        SYSTEMS.add("rampart-backoffThenPark-batch64", Compared.RAMPART, "waitStrategy=backoffThenPark, tellBatch of 64",
                "1 producer, 1 slot", Waits.rampartConsumer("backoffThenPark"),
                () -> RampartTell.tellBatch("tell-1p-1s-batch", "backoffThenPark", 1, 64));
        for (String wait : List.of("yielding", "sleeping", "phasedLite", "liteBlocking", "blocking")) {
            disruptor(SYSTEMS::add, "single", wait);
        }
        disruptor(SYSTEMS::add, "multi", "yielding");
        SYSTEMS.add("pekko", "Pekko classic", "default", "1 producer, 1 actor", Waits.pekko(PekkoSystems.Tuning.DEFAULT),
                () -> new PekkoTell("tell-one", 1, PekkoSystems.Tuning.DEFAULT));
        SYSTEMS.add("pekko-tuned", "Pekko classic", "tuned", "1 producer, 1 actor",
                Waits.pekko(PekkoSystems.Tuning.THROUGHPUT),
                () -> new PekkoTell("tell-one", 1, PekkoSystems.Tuning.THROUGHPUT));
        SYSTEMS.add("executor", "ThreadPoolExecutor", "-", "1 producer, 1 worker",
                "workers block in LinkedBlockingQueue.take", () -> new ExecutorTell(1));
        SYSTEMS.add("abq", "ArrayBlockingQueue", "-", "1 producer, 1 consumer", "blocking (put/take park)",
                BlockingQueueTell::new);
        for (String idle : List.of("yielding", "backoff")) {
            SYSTEMS.add("agrona-" + idle, "Agrona MPSC queue", "idle=" + idle, "1 producer, 1 consumer",
                    Waits.agrona(idle), () -> new AgronaQueueTell(idle));
        }
        for (String idle : List.of("yielding", "backoff")) {
            SYSTEMS.add("jctools-" + idle, "JCTools MpscArrayQueue", "idle=" + idle, "1 producer, 1 consumer",
                    Waits.agrona(idle), () -> new JctoolsQueueTell(idle));
        }
        SYSTEMS.onRequest("rampart-backoffThenPark-latency", Compared.RAMPART,
                "waitStrategy=backoffThenPark, recordLatency(true)", "1 producer, 1 slot",
                Waits.rampartConsumer("backoffThenPark"),
                () -> RampartTell.tellOne("tell-1p-1s-latency", "backoffThenPark" + RampartEngines.LATENCY, 1));
        SYSTEMS.onRequest("rampart-busySpin", Compared.RAMPART, "waitStrategy=busySpin", "1 producer, 1 slot",
                Waits.rampartConsumer("busySpin"), () -> RampartTell.tellOne("tell-1p-1s", "busySpin", 1));
        disruptor(SYSTEMS::onRequest, "single", "busySpin");
        for (String wait : List.of("sleeping", "phasedLite", "liteBlocking", "blocking", "busySpin")) {
            disruptor(SYSTEMS::onRequest, "multi", wait);
        }
        SYSTEMS.onRequest("agrona-sleeping", "Agrona MPSC queue", "idle=sleeping", "1 producer, 1 consumer",
                Waits.agrona("sleeping"), () -> new AgronaQueueTell("sleeping"));
        SYSTEMS.onRequest("jctools-sleeping", "JCTools MpscArrayQueue", "idle=sleeping", "1 producer, 1 consumer",
                Waits.agrona("sleeping"), () -> new JctoolsQueueTell("sleeping"));
    }

    /** Adds {@code disruptor-<ring>-<wait>} with {@code adder} ({@link Systems#add} or {@link Systems#onRequest}). */
    private static void disruptor(Systems.Adder<TellSubject> adder, String ring, String wait) {
        adder.add("disruptor-" + ring + "-" + wait, "Disruptor", "ring=" + ring + ", waitStrategy=" + wait
                        + ("multi".equals(ring) ? " (design note: multi-producer ring, 1 producer)" : ""),
                "1 producer, 1 consumer", "consumer: " + DisruptorWaits.describe(wait),
                () -> new DisruptorTell(ring, wait));
    }

    /** The system and its configuration; the defaults are {@link #SYSTEMS}' defaults, in order. */
    @Param({"rampart-yielding", "rampart-sleeping", "rampart-backoffThenPark", "rampart-backoffThenPark-batch64",
            "disruptor-single-yielding", "disruptor-single-sleeping", "disruptor-single-phasedLite",
            "disruptor-single-liteBlocking", "disruptor-single-blocking", "disruptor-multi-yielding",
            "pekko", "pekko-tuned", "executor", "abq",
            "agrona-yielding", "agrona-backoff", "jctools-yielding", "jctools-backoff"})
    public String system;

    private TellSubject subject;
    private TellSubject.Sender sender;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        subject = SYSTEMS.create(system);
        sender = subject.sender();
    }

    /** One batch: send it, then wait until the consumer has counted it. One operation is one message. */
    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    public void tell() throws InterruptedException {
        sender.send(Batch.MESSAGES);
        expected += Batch.MESSAGES;
        Batch.awaitConsumed(subject::consumed, expected, system);
        subject.checkNoFailure();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        subject.close();
    }
}
