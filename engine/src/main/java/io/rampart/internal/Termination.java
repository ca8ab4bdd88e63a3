package io.rampart.internal;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The engine's termination, counted rather than waited for under a lock, so that it completes from
 * whichever thread finishes last (a slot, the ask timer, or the closer) and never needs a thread to
 * wait for itself.
 *
 * <ol>
 * <li>Every launched slot is <b>undrained</b> until its thread exits or the closer abandons it at the
 *     close deadline. When the last one is out, while closing, {@code allSlotsOut} runs: the engine
 *     stops the ask timer, whose thread fails every ask still pending as its last act.</li>
 * <li>Every launched thread (slots and the ask timer) is <b>live</b> until its body ends. When the
 *     last one ends, while closing, {@code allThreadsEnded} runs: the engine marks itself terminated
 *     and calls {@link #ended()}.</li>
 * <li>Waiters wait for {@link #ended()}, then join each thread: a thread whose body ended is gone a
 *     moment later, and "joins every thread" means {@link Thread#join}, not a latch.</li>
 * </ol>
 * Each count is checked both where it drops and where closing begins ({@link #closing()}), so
 * whichever of the two comes last fires the step: at least once, and possibly twice when they race,
 * which is why both steps are idempotent.
 */
public final class Termination {
    private final AtomicInteger undrainedSlots = new AtomicInteger();
    private final AtomicInteger liveThreads = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final BooleanSupplier isClosing;
    private final Runnable allSlotsOut;
    private final Runnable allThreadsEnded;

    Termination(BooleanSupplier isClosing, Runnable allSlotsOut, Runnable allThreadsEnded) {
        this.isClosing = isClosing;
        this.allSlotsOut = allSlotsOut;
        this.allThreadsEnded = allThreadsEnded;
    }

    /** A slot is about to be launched; undo with {@link #slotOut()} if the launch fails. */
    void slotLaunched() {
        undrainedSlots.incrementAndGet();
    }

    /** A thread is about to start; its body must end with {@link #threadEnded()}, or a failed launch undo it. */
    void threadLaunched() {
        liveThreads.incrementAndGet();
    }

    /** One slot less to wait for: it exited, its launch failed, or the closer abandoned it. */
    void slotOut() {
        if (undrainedSlots.decrementAndGet() == 0 && isClosing.getAsBoolean()) {
            allSlotsOut.run();
        }
    }

    /** A launched thread's body ended. */
    void threadEnded() {
        if (liveThreads.decrementAndGet() == 0 && isClosing.getAsBoolean()) {
            allThreadsEnded.run();
        }
    }

    /** Closing has begun: fire whatever step its counts already allow (a failed start launched none). */
    void closing() {
        if (undrainedSlots.get() == 0) {
            allSlotsOut.run();
        }
        if (liveThreads.get() == 0) {
            allThreadsEnded.run();
        }
    }

    /** The engine is terminated: release the waiters. */
    void ended() {
        ended.countDown();
    }

    /**
     * Waits until the engine ended and every thread in {@code threads} is joined, up to a deadline
     * on {@link System#nanoTime()}. The threads are listed only once the engine has ended: a thread
     * made lazily during the drain (the default scheduler's, at a first restart) is on the list.
     *
     * @return whether all of it happened in time
     * @throws InterruptedException if interrupted while waiting
     */
    boolean await(Supplier<List<Thread>> threads, long deadline) throws InterruptedException {
        if (!ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        for (Thread t : threads.get()) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #await}, but an interrupt does not end the wait: it is kept for the caller. */
    boolean awaitUninterruptibly(Supplier<List<Thread>> threads, long deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return await(threads, deadline);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Joins one thread up to a deadline on {@link System#nanoTime()}, keeping an interrupt for the caller. */
    static boolean joinUninterruptibly(Thread t, long deadline) {
        boolean interrupted = false;
        try {
            while (t.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
