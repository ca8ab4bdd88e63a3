package io.rampart.bench;

import io.rampart.bench.peers.ConsumedCounter;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A fixed {@link ThreadPoolExecutor} whose worker threads each own a {@link ConsumedCounter}.
 *
 * <p>A task counts itself into the counter of the thread that runs it, so two workers never write the same
 * counter and the count stays exact without an atomic read-modify-write per task.
 */
public final class CountingWorkers {
    private static final long TERMINATE_SECONDS = 10;

    /** The task every message becomes: count one on the running worker. Shared, so no per-task allocation. */
    public static final Runnable COUNT_ONE = () -> ((Worker) Thread.currentThread()).consumed.increment();

    private final Worker[] workers;
    private final ThreadPoolExecutor executor;

    /** Starts {@code threads} workers behind an unbounded queue, as {@code Executors.newFixedThreadPool} does. */
    public CountingWorkers(int threads) {
        this.workers = new Worker[threads];
        ThreadFactory factory = new ThreadFactory() {
            private int created;

            @Override
            public synchronized Thread newThread(Runnable r) {
                Worker w = new Worker(r, "tpe-worker-" + created);
                workers[created++] = w;
                return w;
            }
        };
        this.executor = new ThreadPoolExecutor(threads, threads, 0L, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.prestartAllCoreThreads();
    }

    /** The executor tasks are submitted to. */
    public ThreadPoolExecutor executor() {
        return executor;
    }

    /** Tasks counted by all workers so far. */
    public long consumed() {
        long sum = 0;
        for (Worker w : workers) {
            sum += w.consumed.get();
        }
        return sum;
    }

    /** Shuts the pool down and waits for its threads. */
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(TERMINATE_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("executor did not terminate within " + TERMINATE_SECONDS + " s");
        }
    }

    private static final class Worker extends Thread {
        final ConsumedCounter consumed = new ConsumedCounter();

        Worker(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }
}
