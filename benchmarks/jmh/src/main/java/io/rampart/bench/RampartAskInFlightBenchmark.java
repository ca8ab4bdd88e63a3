package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.RampartEngines;
import io.rampart.Distributor;
import io.rampart.Engine;
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
 * Ask throughput with many asks in flight: one caller sends {@link AskWindow#SIZE} {@code askOne} to a group
 * of one slot that replies at once, then waits for all of them ({@link Workloads#ASK_IN_FLIGHT}, beside
 * {@link PekkoAskInFlightBenchmark}).
 *
 * <pre>
 * caller --256 x askOne--&gt; slot 0 ring --&gt; slot 0 consumer
 *    ^                                             | ctx.reply
 *    +------ get() each &lt;---- 256 Ask futures &lt;----+
 * </pre>
 *
 * <p>Threads: 2 busy (the caller, the slot's consumer) plus the engine's ask-timer thread, which ticks every
 * millisecond while asks are in flight. Wait strategy of the slot: Rampart's default, {@code backoffThenPark};
 * the caller blocks in {@code CompletableFuture.get} for replies not yet in. One operation is one ask. The
 * message is a shared constant and each reply must be that very object.
 *
 * <p>This is also the benchmark {@code compare.sh} runs with {@code -prof gc} for askOne's bytes per ask: the
 * window's array is preallocated, so what it allocates per op is the ask (its future) and, when the caller
 * must wait, the future's waiter node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class RampartAskInFlightBenchmark {
    private static final Object MESSAGE = "ping";

    private Engine engine;
    private Distributor group;
    private final AskWindow window = new AskWindow();

    @Setup(Level.Trial)
    public void start() {
        engine = RampartEngines.echo("ask-in-flight", "backoffThenPark", 1);
        group = RampartEngines.distributor(engine);
    }

    @Benchmark
    @OperationsPerInvocation(AskWindow.SIZE)
    @Compared(workload = Workloads.ASK_IN_FLIGHT, system = Compared.RAMPART, threads = "1 caller, 1 slot",
            waits = "slot: backoffThenPark (default); caller blocks in get")
    public void askOne() throws Exception {
        Distributor g = group;
        for (int i = 0; i < AskWindow.SIZE; i++) {
            window.sent(i, g.askOne(MESSAGE));
        }
        window.awaitAll(MESSAGE, "rampart askOne window");
    }

    @TearDown(Level.Trial)
    public void stop() {
        RampartEngines.closeChecked(engine);
        window.checkComplete("rampart askOne window");
    }
}
