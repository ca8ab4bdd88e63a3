package io.rampart.bench;

import io.rampart.bench.peers.PekkoSystems;
import io.rampart.bench.report.Compared;
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
 * Ask throughput with many asks in flight ({@link Workloads#ASK_IN_FLIGHT}): one caller sends
 * {@link AskWindow#SIZE} asks to one echo consumer through the system's {@link AskInFlightSubject}, then waits for
 * all of them, each reply checked to be the very message sent. One operation is one ask.
 *
 * <p>Threads: 2 busy for every system (the caller, the consumer), plus a timer: Rampart's ask-timer thread, which
 * ticks every millisecond while asks are in flight ({@link RampartInFlight}), or Pekko's scheduler thread, which
 * holds each ask's timeout ({@link PekkoInFlight}). The caller blocks in {@code CompletableFuture.get} for
 * replies not yet in.
 *
 * <p>{@code @Param system} (see {@link Systems}): {@code rampart-backoffThenPark} (Rampart's default wait),
 * {@code pekko} (Pekko's defaults) and {@code pekko-tuned} (affinity pool, throughput 100, single-consumer mailbox;
 * {@code PekkoSystems}). {@code rampart-backoffThenPark} is also what {@code compare.sh} runs with {@code -prof gc} for
 * askOne's bytes per ask: the window's array is preallocated, so what it allocates per op is the ask (its future)
 * and, when the caller must wait, the future's waiter node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class AskInFlightBenchmark {
    private static final Object MESSAGE = "ping";

    static final Systems<AskInFlightSubject> SYSTEMS = new Systems<AskInFlightSubject>(Workloads.ASK_IN_FLIGHT)
            .add("rampart-backoffThenPark", Compared.RAMPART, "waitStrategy=backoffThenPark", "1 caller, 1 slot",
                    Waits.rampartSlot("backoffThenPark"), () -> new RampartInFlight("backoffThenPark"))
            .add("pekko", "Pekko classic", "default", "1 caller, 1 actor on a 1-thread dispatcher",
                    Waits.pekko(PekkoSystems.Tuning.DEFAULT) + "; caller blocks in get",
                    () -> new PekkoInFlight(PekkoSystems.Tuning.DEFAULT))
            .add("pekko-tuned", "Pekko classic", "tuned", "1 caller, 1 actor on a 1-thread affinity pool",
                    Waits.pekko(PekkoSystems.Tuning.LATENCY) + "; caller blocks in get",
                    () -> new PekkoInFlight(PekkoSystems.Tuning.LATENCY));

    /** The system and its configuration; the defaults are {@link #SYSTEMS}' defaults, in order. */
    @Param({"rampart-backoffThenPark", "pekko", "pekko-tuned"})
    public String system;

    private AskInFlightSubject subject;
    private final AskWindow window = new AskWindow();

    @Setup(Level.Trial)
    public void start() {
        subject = SYSTEMS.create(system);
    }

    /** One window: send every ask, then wait for each reply in order. */
    @Benchmark
    @OperationsPerInvocation(AskWindow.SIZE)
    public void ask() throws Exception {
        AskInFlightSubject s = subject;
        for (int i = 0; i < AskWindow.SIZE; i++) {
            window.sent(i, s.ask(MESSAGE));
        }
        window.awaitAll(MESSAGE, system);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        subject.close();
        window.checkComplete(system);
    }
}
