package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.PekkoSystems;
import io.rampart.bench.peers.roundtrip.PekkoAskSubject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
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
 * Pekko classic ask throughput with many asks in flight: one caller sends {@link AskWindow#SIZE}
 * {@code Patterns.ask} to one echo actor, then waits for all of them ({@link Workloads#ASK_IN_FLIGHT}, beside
 * {@link RampartAskInFlightBenchmark}).
 *
 * <pre>
 * caller --256 x Patterns.ask--&gt; 256 PromiseActorRefs --&gt; echo actor mailbox
 *    ^                                                              | reply
 *    +---------- get() each &lt;-------- 256 promises &lt;--------------+
 * </pre>
 *
 * <p>Threads: 2 busy (the caller, the actor on a 1-thread dispatcher) plus Pekko's scheduler thread, which
 * holds each ask's timeout. Wait strategy: the dispatcher thread parks when idle; the caller blocks in
 * {@code CompletableFuture.get}. One operation is one ask; each reply must be the message sent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class PekkoAskInFlightBenchmark {
    private static final Object MESSAGE = "ping";
    /** Pekko's own ask timeout; as for Rampart's engine, long enough never to fire on a working system. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    private ActorSystem system;
    private ActorRef echo;
    private final AskWindow window = new AskWindow();

    @Setup(Level.Trial)
    public void start() {
        system = PekkoSystems.create("ask-in-flight", 1);
        echo = system.actorOf(Props.create(PekkoAskSubject.Echo.class, PekkoAskSubject.Echo::new), "echo");
    }

    @Benchmark
    @OperationsPerInvocation(AskWindow.SIZE)
    @Compared(workload = Workloads.ASK_IN_FLIGHT, system = "Pekko classic",
            threads = "1 caller, 1 actor on a 1-thread dispatcher",
            waits = "actor thread parks; caller blocks in get")
    public void ask() throws Exception {
        ActorRef ref = echo;
        for (int i = 0; i < AskWindow.SIZE; i++) {
            window.sent(i, Patterns.ask(ref, MESSAGE, ASK_TIMEOUT).toCompletableFuture());
        }
        window.awaitAll(MESSAGE, "pekko ask window");
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        PekkoSystems.terminate(system);
        window.checkComplete("pekko ask window");
    }
}
