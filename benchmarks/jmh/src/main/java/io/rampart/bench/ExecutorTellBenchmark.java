package io.rampart.bench;

import io.rampart.bench.report.Compared;
import java.util.concurrent.Executor;
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
 * {@code ThreadPoolExecutor} tell throughput: every message is a tiny task (count one) run by the pool.
 *
 * <pre>
 * +----------+  execute  +---------------------+  take  +------------+
 * | producer |---------&gt; | LinkedBlockingQueue |------&gt; | worker(s)  |  1 or 2 threads, each counting
 * | (JMH)    |           | (unbounded, 2 locks)|        | (count one)|  into its own counter
 * +----------+           +---------------------+        +------------+
 * </pre>
 *
 * <p>Threads: the JMH producer plus 1 worker ({@code oneThread}) or 2 workers ({@code twoThreads}). Idle
 * workers block in {@code LinkedBlockingQueue.take} (park); there is no spinning. The queue is unbounded,
 * so the invocation ends only when the workers have counted all {@link Batch#MESSAGES} tasks.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Jvm.ADD_OPENS, Jvm.HEAP_MIN, Jvm.HEAP_MAX})
public class ExecutorTellBenchmark {

    /** A pool and the running total of tasks it must have counted. */
    abstract static class Pool {
        CountingWorkers workers;
        long expected;

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            workers.close();
        }
    }

    /** A pool of one worker thread. */
    @State(Scope.Benchmark)
    public static class OneThread extends Pool {
        @Setup(Level.Trial)
        public void setUp() {
            workers = new CountingWorkers(1);
        }
    }

    /** A pool of two worker threads. */
    @State(Scope.Benchmark)
    public static class TwoThreads extends Pool {
        @Setup(Level.Trial)
        public void setUp() {
            workers = new CountingWorkers(2);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_1C, system = "ThreadPoolExecutor", threads = "1 producer, 1 worker",
            waits = "workers block in LinkedBlockingQueue.take")
    public void oneThread(OneThread pool) {
        executeBatch(pool, "executor 1 thread");
    }

    @Benchmark
    @OperationsPerInvocation(Batch.MESSAGES)
    @Compared(workload = Workloads.TELL_1P_2C, system = "ThreadPoolExecutor", threads = "1 producer, 2 workers",
            waits = "workers block in LinkedBlockingQueue.take")
    public void twoThreads(TwoThreads pool) {
        executeBatch(pool, "executor 2 threads");
    }

    private static void executeBatch(Pool pool, String what) {
        Executor executor = pool.workers.executor();
        for (int i = 0; i < Batch.MESSAGES; i++) {
            executor.execute(CountingWorkers.COUNT_ONE);
        }
        pool.expected += Batch.MESSAGES;
        Batch.awaitConsumed(pool.workers::consumed, pool.expected, what);
    }
}
