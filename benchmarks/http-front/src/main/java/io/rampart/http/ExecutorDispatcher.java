package io.rampart.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dispatch through a {@link ThreadPoolExecutor} of {@code workers} threads and one bounded queue
 * ({@link RampartDispatcher#RING_SIZE} per worker, the same capacity as Rampart's rings) with the
 * abort policy: a full queue is a 503 at once, never a wait on the event loop.
 *
 * <p>A task that throws only fails its future; the pool keeps its thread, so there is nothing to
 * restart ({@code restarts} is -1) and no backoff: the next request simply runs. The timeout is
 * {@link CompletableFuture#orTimeout}, whose timer is the JDK's shared delayer thread.
 */
final class ExecutorDispatcher implements Dispatcher {
    private final ThreadPoolExecutor pool;
    private final Duration timeout;
    private final Faults faults;
    private final int workers;
    private final AtomicLong failures = new AtomicLong();

    ExecutorDispatcher(int workers, Duration timeout, Faults faults) {
        this.workers = workers;
        this.timeout = timeout;
        this.faults = faults;
        AtomicLong ids = new AtomicLong();
        this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(workers * RampartDispatcher.RING_SIZE), r -> {
                    Thread t = new Thread(r, "http-executor-" + ids.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.prestartAllCoreThreads();
    }

    @Override
    public CompletableFuture<String> dispatch(String uri) {
        try {
            return CompletableFuture.supplyAsync(() -> work(uri), pool)
                    .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private String work(String uri) {
        try {
            faults.beforeWork();
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            throw e;
        }
        return Work.answer(uri);
    }

    @Override
    public String name() {
        return "executor";
    }

    @Override
    public String describe() {
        return "ThreadPoolExecutor of " + workers + " threads, one ArrayBlockingQueue of "
                + workers * RampartDispatcher.RING_SIZE + ", AbortPolicy; timeouts on the JDK's CompletableFuture "
                + "delayer thread";
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("restarts", -1L);
        c.put("failures", failures.get());
        c.put("handled", pool.getCompletedTaskCount());
        return c;
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
