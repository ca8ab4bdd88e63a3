package io.rampart.bench;

import io.rampart.bench.peers.DisruptorWaits;
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
 * Tell throughput, two producers to one consumer ({@link Workloads#TELL_2P_1C}), for every system that takes
 * several producers: the JMH thread and a {@link HelperProducer} each send half of {@link Batch#MESSAGES} per
 * invocation through their own {@link TellSubject.Sender}; the invocation ends when the consumer has counted all
 * of them, exactly.
 *
 * <p>Threads: 3 on 2 cores for every system (two producers, one consumer), so this measures contention as much
 * as the hand-off: Rampart's one slot ({@link RampartTell}; its ring's many-producer path), the multi-producer
 * Disruptor ring ({@link DisruptorTell}), Agrona's MPSC queue ({@link AgronaQueueTell}).
 *
 * <p>{@code @Param system} (see {@link Systems}): {@code rampart-<wait>} (yielding, sleeping, backoffThenPark;
 * busySpin on request), {@code disruptor-multi-<wait>} (yielding, sleeping, and phasedLite and liteBlocking, the
 * like-for-like peers of backoffThenPark; blocking as an extra row that nothing is paired with; busySpin on
 * request), {@code agrona-<idle>} and {@code jctools-<idle>} (yielding, backoff; sleeping on request).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class TellTwoProducersBenchmark {
    private static final int SHARE = Batch.MESSAGES / 2;
    private static final String THREADS = "2 producers, 1 consumer";

    static final Systems<TellSubject> SYSTEMS = new Systems<>(Workloads.TELL_2P_1C);

    static {
        for (String wait : List.of("yielding", "sleeping", "backoffThenPark")) {
            SYSTEMS.add("rampart-" + wait, Compared.RAMPART, "waitStrategy=" + wait, "2 producers, 1 slot",
                    Waits.rampartConsumer(wait), () -> RampartTell.tellOne("tell-2p-1s", wait, 1));
        }
        for (String wait : List.of("yielding", "sleeping", "phasedLite", "liteBlocking", "blocking")) {
            SYSTEMS.add("disruptor-multi-" + wait, "Disruptor", "ring=multi, waitStrategy=" + wait, THREADS,
                    "consumer: " + DisruptorWaits.describe(wait), () -> new DisruptorTell("multi", wait));
        }
        for (String idle : List.of("yielding", "backoff")) {
            SYSTEMS.add("agrona-" + idle, "Agrona MPSC queue", "idle=" + idle, THREADS, Waits.agrona(idle),
                    () -> new AgronaQueueTell(idle));
        }
        for (String idle : List.of("yielding", "backoff")) {
            SYSTEMS.add("jctools-" + idle, "JCTools MpscArrayQueue", "idle=" + idle, THREADS, Waits.agrona(idle),
                    () -> new JctoolsQueueTell(idle));
        }
        SYSTEMS.onRequest("rampart-busySpin", Compared.RAMPART, "waitStrategy=busySpin", "2 producers, 1 slot",
                Waits.rampartConsumer("busySpin"), () -> RampartTell.tellOne("tell-2p-1s", "busySpin", 1));
        SYSTEMS.onRequest("disruptor-multi-busySpin", "Disruptor", "ring=multi, waitStrategy=busySpin", THREADS,
                "consumer: busySpin", () -> new DisruptorTell("multi", "busySpin"));
        SYSTEMS.onRequest("agrona-sleeping", "Agrona MPSC queue", "idle=sleeping", THREADS, Waits.agrona("sleeping"),
                () -> new AgronaQueueTell("sleeping"));
        SYSTEMS.onRequest("jctools-sleeping", "JCTools MpscArrayQueue", "idle=sleeping", THREADS,
                Waits.agrona("sleeping"), () -> new JctoolsQueueTell("sleeping"));
    }

    /** The system and its configuration; the defaults are {@link #SYSTEMS}' defaults, in order. */
    @Param({"rampart-yielding", "rampart-sleeping", "rampart-backoffThenPark",
            "disruptor-multi-yielding", "disruptor-multi-sleeping", "disruptor-multi-phasedLite",
            "disruptor-multi-liteBlocking", "disruptor-multi-blocking",
            "agrona-yielding", "agrona-backoff", "jctools-yielding", "jctools-backoff"})
    public String system;

    private TellSubject subject;
    private TellSubject.Sender sender;
    private HelperProducer second;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        subject = SYSTEMS.create(system);
        sender = subject.sender();
        TellSubject.Sender secondSender = subject.sender();
        second = new HelperProducer(system + "-producer-2", () -> secondSender.send(SHARE));
    }

    /** One batch, half from each producer; one operation is one message. */
    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    public void tell() throws InterruptedException {
        second.release();
        sender.send(SHARE);
        expected += 2L * SHARE;
        Batch.awaitConsumed(subject::consumed, expected, system);
        subject.checkNoFailure();
        second.checkNoFailure();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        try {
            second.close();
        } finally {
            subject.close();
        }
    }
}
