package io.rampart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Virtual time for tests: {@link #nanoTime()} moves only when {@link #advance(Duration)} is called,
 * and scheduled tasks run, in time order, on the thread that advances past them. It remembers every
 * delay it was asked for, so a test can check a backoff exactly.
 *
 * <pre>{@code
 * ManualScheduler time = new ManualScheduler();
 * Engine engine = Engine.builder().scheduler(time)...build();
 * ...                                  // a handler fails; the slot waits out its backoff
 * assertThat(time.delays()).containsExactly(Duration.ofMillis(10));
 * time.advance(Duration.ofMillis(10)); // the slot restarts now
 * }</pre>
 */
public final class ManualScheduler implements Scheduler {
    private record Task(long at, long order, Runnable run) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.order, b.order));
    private final List<Duration> delays = new ArrayList<>();
    private long now;
    private long order;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void schedule(long delayNanos, Runnable task) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must not be negative, was " + delayNanos);
        }
        delays.add(Duration.ofNanos(delayNanos));
        tasks.add(new Task(now + delayNanos, order++, task));
    }

    /**
     * Moves time forward, running every task that falls due, in order, on this thread.
     *
     * @param by how far; not negative
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward, not by " + by);
        }
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Task due;
            synchronized (this) {
                Task head = tasks.peek();
                if (head == null || head.at > target) {
                    now = target;
                    return;
                }
                due = tasks.poll();
                now = Math.max(now, due.at);
            }
            due.run.run();
        }
    }

    /** @return every delay asked for so far, in order */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** @return how many tasks wait for time to reach them */
    public synchronized int pending() {
        return tasks.size();
    }
}
