package io.rampart.bench;

import io.rampart.bench.peers.PekkoSystems;
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
 * Tell throughput, one producer to two consumers, each message to one of them ({@link Workloads#TELL_1P_2C}):
 * the JMH thread sends {@link Batch#MESSAGES} per invocation and waits until the two consumers' counts add up,
 * exactly.
 *
 * <p>Threads: 3 on 2 cores for every system (the JMH producer, two consumers): a Rampart group of two slots,
 * {@code tellOne} spread round robin ({@link RampartTell}), a Pekko {@code RoundRobinPool} of two actors on a
 * 2-thread dispatcher ({@link PekkoTell}), a 2-thread executor ({@link ExecutorTell}).
 *
 * <p>{@code @Param system} (see {@link Systems}): {@code rampart-backoffThenPark} (the default wait; the peers on
 * this workload park too) and {@code rampart-yielding} (two yielding consumers and a producer on 2 cores, which is
 * the point of that row; sleeping and busySpin on request), {@code pekko} (Pekko's defaults), {@code pekko-tuned}
 * (throughput 100, single-consumer mailbox; {@code PekkoSystems}), {@code executor}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class TellTwoConsumersBenchmark {
    private static final String RAMPART_THREADS = "1 producer, 2 slots (round robin)";

    static final Systems<TellSubject> SYSTEMS = new Systems<>(Workloads.TELL_1P_2C);

    static {
        for (String wait : List.of("backoffThenPark", "yielding")) {
            SYSTEMS.add("rampart-" + wait, Compared.RAMPART, "waitStrategy=" + wait, RAMPART_THREADS,
                    Waits.rampartConsumer(wait), () -> RampartTell.tellOne("tell-1p-2s", wait, 2));
        }
        SYSTEMS.add("pekko", "Pekko classic", "default", "1 producer, RoundRobinPool of 2 actors",
                Waits.pekko(PekkoSystems.Tuning.DEFAULT), () -> new PekkoTell("tell-pool", 2, PekkoSystems.Tuning.DEFAULT));
        SYSTEMS.add("pekko-tuned", "Pekko classic", "tuned", "1 producer, RoundRobinPool of 2 actors",
                Waits.pekko(PekkoSystems.Tuning.THROUGHPUT),
                () -> new PekkoTell("tell-pool", 2, PekkoSystems.Tuning.THROUGHPUT));
        SYSTEMS.add("executor", "ThreadPoolExecutor", "-", "1 producer, 2 workers",
                "workers block in LinkedBlockingQueue.take", () -> new ExecutorTell(2));
        for (String wait : List.of("sleeping", "busySpin")) {
            SYSTEMS.onRequest("rampart-" + wait, Compared.RAMPART, "waitStrategy=" + wait, RAMPART_THREADS,
                    Waits.rampartConsumer(wait), () -> RampartTell.tellOne("tell-1p-2s", wait, 2));
        }
    }

    /** The system and its configuration; the defaults are {@link #SYSTEMS}' defaults, in order. */
    @Param({"rampart-backoffThenPark", "rampart-yielding", "pekko", "pekko-tuned", "executor"})
    public String system;

    private TellSubject subject;
    private TellSubject.Sender sender;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        subject = SYSTEMS.create(system);
        sender = subject.sender();
    }

    /** One batch, then wait until both consumers together have counted it; one operation is one message. */
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
