package io.rampart.bench;

import java.util.concurrent.Executor;

/**
 * {@code ThreadPoolExecutor}: every message is a tiny task (count one) run by the pool.
 *
 * <pre>
 * +----------+  execute  +---------------------+  take  +------------+
 * | producer |---------&gt; | LinkedBlockingQueue |------&gt; | worker(s)  |  each counting into its own counter
 * |          |           | (unbounded, 2 locks)|        | (count one)|
 * +----------+           +---------------------+        +------------+
 * </pre>
 *
 * <p>Threads: the pool's workers ({@link CountingWorkers}). Idle workers block in
 * {@code LinkedBlockingQueue.take} (park); there is no spinning. The queue is unbounded, so the benchmark's wait
 * for the count is what bounds a batch.
 */
final class ExecutorTell implements TellSubject {
    private final CountingWorkers workers;

    /** A started pool of {@code threads} workers. */
    ExecutorTell(int threads) {
        this.workers = new CountingWorkers(threads);
    }

    @Override
    public Sender sender() {
        Executor executor = workers.executor();
        return messages -> {
            for (int i = 0; i < messages; i++) {
                executor.execute(CountingWorkers.COUNT_ONE);
            }
        };
    }

    @Override
    public long consumed() {
        return workers.consumed();
    }

    @Override
    public void checkNoFailure() {
        // COUNT_ONE cannot throw; a task that did would leave the count short.
    }

    @Override
    public void close() throws InterruptedException {
        workers.close();
    }
}
