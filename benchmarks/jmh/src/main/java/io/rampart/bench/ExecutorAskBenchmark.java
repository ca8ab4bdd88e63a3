package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.roundtrip.ExecutorSubject;
import io.rampart.bench.peers.roundtrip.LatencySubject;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ask round trip, one caller, back to back: CompletableFuture.supplyAsync on a 1-thread ThreadPoolExecutor,
 * then get.
 *
 * <pre>
 * caller --supplyAsync--&gt; LinkedBlockingQueue --take--&gt; worker --complete--&gt; caller get()
 * </pre>
 *
 * <p>Threads: 2 (1 caller, 1 worker). Wait strategy: the worker blocks in LinkedBlockingQueue.take; the
 * caller blocks in CompletableFuture.get. SampleTime, so JMH reports the percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class ExecutorAskBenchmark extends AskBenchmarkBase {
    @Override
    protected LatencySubject newSubject() {
        return new ExecutorSubject();
    }

    @Benchmark
    @Compared(workload = Workloads.ASK_ROUND_TRIP, system = "CompletableFuture on ThreadPoolExecutor",
            threads = "1 caller, 1 worker",
            waits = "worker blocks in take; caller blocks in get")
    public long ask() throws Exception {
        return roundTrip();
    }
}
