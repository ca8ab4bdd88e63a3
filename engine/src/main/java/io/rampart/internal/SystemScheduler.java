package io.rampart.internal;

import io.rampart.Scheduler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link Scheduler}: {@link System#nanoTime()} and one thread the engine owns. It
 * remembers the threads it made, so the engine can join them and recognise them as its own.
 */
public final class SystemScheduler implements Scheduler {
    private final ScheduledThreadPoolExecutor executor;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    SystemScheduler(ThreadFactory factory, String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = factory.newThread(r);
            if (t != null) {
                t.setName(name);
                threads.add(t);
            }
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void schedule(long delayNanos, Runnable task) {
        // Rejected once shut down (every slot is gone by then); the caller then acts at once.
        executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Drops pending wake-ups (nothing waits for them once the slots are gone); returns at once. */
    void shutdownNow() {
        executor.shutdownNow();
    }

    List<Thread> threads() {
        return threads;
    }
}
