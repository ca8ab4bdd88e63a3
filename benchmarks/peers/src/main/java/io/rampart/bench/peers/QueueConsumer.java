package io.rampart.bench.peers;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A consumer thread that runs a loop until stopped and remembers the first failure.
 *
 * <p>The loop is given the thread's own {@link #running()} check; it must return soon after that turns false.
 */
public final class QueueConsumer {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    /** A consumer's loop body; runs until {@code running} says stop. */
    @FunctionalInterface
    public interface Loop {
        /** Consumes until {@code consumer.running()} is false. */
        void run(QueueConsumer consumer) throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Runnable wake;
    private volatile boolean running = true;

    /**
     * Starts {@code loop} on a new thread; {@code wake} unblocks the loop on close (e.g. offers a poison pill),
     * or is a no-op for a loop that polls.
     */
    public QueueConsumer(String name, Loop loop, Runnable wake) {
        this.wake = wake;
        this.thread = new Thread(() -> {
            try {
                loop.run(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether the loop should keep going. */
    public boolean running() {
        return running;
    }

    /** Throws if the loop failed. */
    public void checkNoFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException(thread.getName() + " failed", t);
        }
    }

    /** Stops the loop, joins the thread and reports any failure. */
    public void close() throws InterruptedException {
        running = false;
        wake.run();
        thread.join(JOIN_TIMEOUT.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop within " + JOIN_TIMEOUT);
        }
        checkNoFailure();
    }
}
