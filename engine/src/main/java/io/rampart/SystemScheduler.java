package io.rampart;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** The default {@link Scheduler}: {@link System#nanoTime()} and one thread the engine owns and joins. */
final class SystemScheduler implements Scheduler {
    private final ScheduledThreadPoolExecutor executor;

    SystemScheduler(ThreadFactory threads, String name) {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = threads.newThread(r);
            t.setName(name);
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
        // Rejected once shut down (past the close deadline); the caller then acts at once.
        executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Drops pending wake-ups (nothing waits for them once the slots are gone) and joins the thread. */
    void shutdown() {
        executor.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                executor.awaitTermination(1, TimeUnit.MINUTES);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
