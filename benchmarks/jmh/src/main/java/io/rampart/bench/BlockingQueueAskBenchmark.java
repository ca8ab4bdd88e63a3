package io.rampart.bench;

import io.rampart.bench.report.Compared;
import io.rampart.bench.peers.roundtrip.BlockingQueueSubject;
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
 * Ask round trip, one caller, back to back: Ping-pong over two ArrayBlockingQueues.
 *
 * <pre>
 * caller --put--&gt; requests --take--&gt; echo --put--&gt; replies --poll--&gt; caller
 * </pre>
 *
 * <p>Threads: 2 (1 caller, 1 echo thread). Wait strategy: blocking (lock and condition) on both queues.
 * SampleTime, so JMH reports the percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class BlockingQueueAskBenchmark extends AskBenchmarkBase {
    @Override
    protected LatencySubject newSubject() {
        return new BlockingQueueSubject();
    }

    @Benchmark
    @Compared(workload = Workloads.ASK_ROUND_TRIP, system = "ArrayBlockingQueue", threads = "1 caller, 1 echo thread",
            waits = "blocking on both queues")
    public long ask() throws Exception {
        return roundTrip();
    }
}
