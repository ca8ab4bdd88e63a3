package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.roundtrip.LatencySubject;
import io.rampart.bench.peers.roundtrip.RampartSubject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ask round trip, one caller, back to back: {@code askOne} to a group of one slot that replies at once
 * ({@link RampartSubject}, the same code the latency harness drives).
 *
 * <pre>
 * caller --askOne--&gt; slot 0 ring --&gt; slot 0 consumer --ctx.reply--&gt; Ask future --&gt; caller get()
 * </pre>
 *
 * <p>Threads: 2 busy at most (1 caller, the slot's consumer), plus the engine's ask-timer thread, woken by an
 * ask that finds none other in flight. Wait strategy of the slot: {@code @Param waitStrategy},
 * {@code backoffThenPark} (Rampart's default; compare with Pekko and Disruptor "blocking") or {@code yielding}
 * (compare with Disruptor "yielding"); the caller blocks in {@code CompletableFuture.get}. SampleTime, so JMH
 * reports the percentiles. Every reply is checked against its request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class RampartAskBenchmark extends AskBenchmarkBase {
    @Param({"backoffThenPark", "yielding"})
    public String waitStrategy;

    @Override
    protected LatencySubject newSubject() {
        return new RampartSubject("rampart-" + waitStrategy, waitStrategy);
    }

    @Benchmark
    @Compared(workload = Workloads.ASK_ROUND_TRIP, system = Compared.RAMPART, threads = "1 caller, 1 slot",
            waits = "@Param waitStrategy")
    public long askOne() throws Exception {
        return roundTrip();
    }
}
