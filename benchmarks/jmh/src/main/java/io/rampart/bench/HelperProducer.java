package io.rampart.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A second producer thread for the two-producer benchmarks: each {@link #release()} makes it run its share of
 * a batch once, while the benchmark thread sends the other share.
 *
 * <p>It parks on a semaphore between batches, so it costs nothing while the consumer drains.
 */
public final class HelperProducer {
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    /** One producer's share of a batch. */
    @FunctionalInterface
    public interface Share {
        /** Sends the share; an interrupt ends the helper. */
        void send() throws InterruptedException;
    }

    private final Share share;
    private final Semaphore go = new Semaphore(0);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts a parked producer thread that runs {@code share} once per {@link #release()}. */
    public HelperProducer(String name, Share share) {
        this.share = share;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Lets the helper send its share of one batch. */
    public void release() {
        checkNoFailure();
        go.release();
    }

    /** Throws if a share failed. */
    public void checkNoFailure() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException(thread.getName() + " failed", t);
        }
    }

    private void loop() {
        try {
            while (true) {
                go.acquire();
                if (!running) {
                    return;
                }
                share.send();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    /** Stops and joins the helper. */
    public void close() throws InterruptedException {
        running = false;
        go.release();
        thread.join(JOIN_TIMEOUT.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " did not stop within " + JOIN_TIMEOUT);
        }
        checkNoFailure();
    }
}
