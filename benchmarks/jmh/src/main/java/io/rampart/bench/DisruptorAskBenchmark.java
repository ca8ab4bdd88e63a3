package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.roundtrip.DisruptorSubject;
import io.rampart.bench.peers.roundtrip.LatencySubject;
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
 * Ask round trip, one caller, back to back: raw Disruptor ping-pong over two single-producer rings.
 *
 * <pre>
 * caller --publish--&gt; ping ring --&gt; ponger (BatchEventProcessor) --publish--&gt; pong ring --waitFor--&gt; caller
 * </pre>
 *
 * <p>Threads: 2 (the caller, the ponger). Wait strategy: {@code @Param waitStrategy} on both rings; with
 * "yielding" both threads spin-then-yield, which is the whole of a 2-core machine. SampleTime, so JMH reports
 * the percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class DisruptorAskBenchmark extends AskBenchmarkBase {
    @Param({"yielding", "blocking"})
    public String waitStrategy;

    @Override
    protected LatencySubject newSubject() {
        return new DisruptorSubject(waitStrategy);
    }

    @Benchmark
    @Compared(workload = Workloads.ASK_ROUND_TRIP, system = "Disruptor", threads = "1 caller, 1 ponger",
            waits = "@Param waitStrategy")
    public long ask() throws Exception {
        return roundTrip();
    }
}
