package io.rampart;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Times out asks without allocating per ask and without a lock on the ask path.
 *
 * <p>Askers push onto a lock-free stack (one CAS). The timer thread moves the stack into its own
 * list every tick and walks that list, dropping asks that are done and failing those past their
 * deadline. A walk costs a few nanoseconds per ask in flight, which is cheaper than keeping a heap
 * ordered for asks that nearly all complete long before their deadline.
 *
 * <p>Askers never wake the timer: at low ask rates an unpark per ask would cost every caller a
 * system call and put a third runnable thread on a 2-core machine. Instead the timer ticks every
 * {@code tickNanos} while asks are in flight and every {@link #IDLE_TICKS} ticks when none are, so
 * a timeout fires at most one idle period late after a quiet spell (10 ms by default), and an idle
 * engine wakes 100 times a second, a few microseconds each.
 *
 * <p>Time comes from the engine's clock; {@link #expire(long)} is the whole timing decision, so
 * tests drive it with exact instants.
 */
final class AskTimer implements Runnable {
    /** How many ticks the timer sleeps at a time when no ask is in flight. */
    static final int IDLE_TICKS = 10;
    private static final VarHandle INCOMING;

    static {
        try {
            INCOMING = MethodHandles.lookup().findVarHandle(AskTimer.class, "incoming", Ask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LongSupplier clock;
    private final long tickNanos;
    @SuppressWarnings("unused")
    private volatile Ask<?> incoming;
    private volatile boolean stopping;
    private volatile Thread thread;
    /** Owned by the timer thread (or by whoever calls expire/failAll once it has stopped). */
    private Ask<?> tracked;
    private int trackedCount;

    AskTimer(LongSupplier clock, long tickNanos) {
        this.clock = clock;
        this.tickNanos = tickNanos;
    }

    /** Any thread: start timing an ask. */
    void track(Ask<?> ask) {
        Ask<?> top;
        do {
            top = incoming;
            ask.nextInTimer = top;
        } while (!INCOMING.compareAndSet(this, top, ask));
    }

    /** Starts the timer on its thread; the thread is known before it runs so stop() can always join it. */
    void startOn(Thread t) {
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        while (!stopping) {
            expire(clock.getAsLong());
            boolean idle = trackedCount == 0 && incoming == null;
            LockSupport.parkNanos(this, idle ? IDLE_TICKS * tickNanos : tickNanos);
        }
    }

    /**
     * Fails every tracked ask whose deadline is at or before {@code now} and forgets every ask that
     * is done. Single-threaded: the timer thread, or a test in its place.
     *
     * @return how many asks this call timed out
     */
    int expire(long now) {
        takeIncoming();
        int expired = 0;
        Ask<?> prev = null;
        Ask<?> a = tracked;
        while (a != null) {
            Ask<?> next = a.nextInTimer;
            boolean drop = a.isDone();
            if (!drop && now - a.deadlineNanos >= 0) {
                if (a.completeExceptionally(new AskTimeoutException(a.group.name(), a.slot, a.timeoutNanos))) {
                    expired++;
                }
                drop = true;
            }
            if (drop) {
                a.nextInTimer = null;
                trackedCount--;
                if (prev == null) {
                    tracked = next;
                } else {
                    prev.nextInTimer = next;
                }
            } else {
                prev = a;
            }
            a = next;
        }
        return expired;
    }

    private void takeIncoming() {
        Ask<?> in = (Ask<?>) INCOMING.getAndSet(this, null);
        while (in != null) {
            Ask<?> next = in.nextInTimer;
            in.nextInTimer = tracked;
            tracked = in;
            trackedCount++;
            in = next;
        }
    }

    int trackedCount() {
        return trackedCount;
    }

    /** Stops the timer thread (if any) and waits for it. */
    void stop() throws InterruptedException {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            t.join();
        }
    }

    /** After {@link #stop()}: completes every ask still pending with {@code cause}; returns how many. */
    int failAll(Throwable cause) {
        takeIncoming();
        int failed = 0;
        for (Ask<?> a = tracked; a != null; a = a.nextInTimer) {
            if (a.completeExceptionally(cause)) {
                failed++;
            }
        }
        tracked = null;
        trackedCount = 0;
        return failed;
    }
}
