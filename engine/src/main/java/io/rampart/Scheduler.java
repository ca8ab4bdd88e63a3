package io.rampart;

/**
 * The engine's source of time and of delayed actions: ask deadlines, restart backoffs and restart
 * intensity windows all read it. The default is the system clock with one daemon thread per
 * engine; tests pass a {@link ManualScheduler} to make every delay exact and instant.
 */
public interface Scheduler {
    /** @return a monotonic time in nanoseconds */
    long nanoTime();

    /**
     * Runs a task once, after a delay. The task must be quick: it only wakes engine threads.
     *
     * @param delayNanos how long from now; 0 or more
     * @param task       what to run
     */
    void schedule(long delayNanos, Runnable task);
}
