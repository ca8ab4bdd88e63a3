package io.rampart.bench;

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
 * Broadcast throughput, one producer to each of two consumers ({@link Workloads#TELL_EVERYONE_2C}): the JMH
 * thread sends {@code Batch.MESSAGES / 2} messages per invocation, each delivered to both consumers, so they
 * count {@link Batch#MESSAGES} together; the invocation waits until they have, exactly, and checks that every
 * send reached both.
 *
 * <p>Threads: 3 on 2 cores (the JMH producer, two consumers). Only Rampart so far: a group of two slots sent to
 * with {@code tellEveryone} ({@link RampartTell}).
 *
 * <p>{@code @Param system} (see {@link Systems}): {@code rampart-backoffThenPark} (the default wait) and
 * {@code rampart-yielding}; sleeping and busySpin on request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class TellEveryoneBenchmark {
    private static final String THREADS = "1 producer, 2 slots (each gets every message)";

    static final Systems<TellSubject> SYSTEMS = new Systems<>(Workloads.TELL_EVERYONE_2C);

    static {
        for (String wait : List.of("backoffThenPark", "yielding")) {
            SYSTEMS.add("rampart-" + wait, Compared.RAMPART, "waitStrategy=" + wait, THREADS,
                    Waits.rampartConsumer(wait), () -> RampartTell.tellEveryone("tell-1p-2s", wait, 2));
        }
        for (String wait : List.of("sleeping", "busySpin")) {
            SYSTEMS.onRequest("rampart-" + wait, Compared.RAMPART, "waitStrategy=" + wait, THREADS,
                    Waits.rampartConsumer(wait), () -> RampartTell.tellEveryone("tell-1p-2s", wait, 2));
        }
    }

    /** The system and its configuration; the defaults are {@link #SYSTEMS}' defaults, in order. */
    @Param({"rampart-backoffThenPark", "rampart-yielding"})
    public String system;

    private TellSubject subject;
    private TellSubject.Sender sender;
    private long expected;

    @Setup(Level.Trial)
    public void start() {
        subject = SYSTEMS.create(system);
        sender = subject.sender();
    }

    /** One batch of broadcasts; one operation is one message consumed (half a broadcast). */
    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    public void tellEveryone() throws InterruptedException {
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
