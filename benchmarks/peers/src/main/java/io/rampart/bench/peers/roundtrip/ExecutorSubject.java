package io.rampart.bench.peers.roundtrip;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code CompletableFuture.supplyAsync} on a 1-thread {@code ThreadPoolExecutor}: submit a task, get its result.
 *
 * <pre>
 * caller --supplyAsync--&gt; LinkedBlockingQueue --take--&gt; worker --complete--&gt; future --&gt; caller get()
 * </pre>
 */
public final class ExecutorSubject implements LatencySubject {
    private static final long TIMEOUT_SECONDS = 5;

    private ExecutorService executor;
    /** Set by {@link #stampDequeues()} before {@link #start()}, which publishes it to the consumer thread. */
    private boolean stamp;
    private volatile long dequeued = NO_STAMP;

    @Override
    public String name() {
        return "executor";
    }

    @Override
    public void start() {
        executor = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r, "executor-worker");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public long roundTrip(long payload) throws Exception {
        if (stamp) {
            return CompletableFuture.supplyAsync(() -> {
                dequeued = System.nanoTime();
                return payload;
            }, executor).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return CompletableFuture.supplyAsync(() -> payload, executor).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void stampDequeues() {
        stamp = true;
    }

    @Override
    public long lastDequeueNanos() {
        return dequeued;
    }

    @Override
    public void close() throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            if (!executor.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("executor did not terminate");
            }
        }
    }
}
