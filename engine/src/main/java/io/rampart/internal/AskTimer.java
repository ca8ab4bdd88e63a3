package io.rampart.internal;

import io.rampart.AskTimeoutException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Times out asks without allocating per ask and without a lock on the ask path.
 *
 * <p>Askers push onto a lock-free stack (one CAS). The timer thread moves the stack into its own
 * list every tick and walks that list, dropping asks that are done and failing accepted ones past
 * their deadline. A walk costs a few nanoseconds per ask in flight, which is cheaper than keeping a
 * heap ordered for asks that nearly all complete long before their deadline.
 *
 * <p>Askers never wake the timer: at low ask rates an unpark per ask would cost every caller a
 * system call and put one more runnable thread on a machine with few cores. Instead the timer ticks every
 * {@code tickNanos} while asks are in flight and every {@link #IDLE_TICKS} ticks when none are, so
 * a timeout fires at most one idle period late after a quiet spell (10 ms by default), and an idle
 * engine wakes 100 times a second, a few microseconds each.
 *
 * <p>When asked to {@link #stop(Supplier) stop}, the thread's last act is to fail every ask still
 * pending; it owns its list, so nobody else ever walks it while it runs. A failure inside a tick
 * (an {@code Error} from a completion, say) is logged and the timer goes on: a dead timer would
 * leave every later ask without a timeout.
 *
 * <p>Time comes from the engine's clock; {@link #expire(long)} is the whole timing decision, so
 * tests drive it with exact instants.
 */
public final class AskTimer implements Runnable {
    private static final System.Logger LOG = System.getLogger(AskTimer.class.getName());
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
    /** Run on the timer thread after its final sweep: the engine's termination step. */
    private final Runnable onExit;
    @SuppressWarnings("unused")
    private volatile Ask<?> incoming;
    /** Set once: why pending asks fail when the timer stops. */
    private volatile Supplier<? extends Throwable> stopCause;
    private volatile Thread thread;
    /** Owned by the timer thread (or by whoever calls expire/failAll in its place). */
    private Ask<?> tracked;
    private int trackedCount;
    /** Every group whose asks the timer has seen, for the per-group tally of asks in flight. Timer thread. */
    private final ArrayList<AskStats> groups = new ArrayList<>();
    /** {@link #trackedCount} as of the last tick, for readers on other threads. */
    private volatile int pending;

    public AskTimer(LongSupplier clock, long tickNanos, Runnable onExit) {
        this.clock = clock;
        this.tickNanos = tickNanos;
        this.onExit = onExit;
    }

    /** Any thread: start timing an ask. */
    public void track(Ask<?> ask) {
        Ask<?> top;
        do {
            top = incoming;
            ask.nextInTimer = top;
        } while (!INCOMING.compareAndSet(this, top, ask));
    }

    /** Starts the timer on its thread; the thread is known before it runs so it can always be joined. */
    public void startOn(Thread t) {
        thread = t;
        t.start();
    }

    public Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        try {
            while (stopCause == null) {
                tick();
                boolean idle = trackedCount == 0 && incoming == null;
                Thread.interrupted(); // a callback's leftover interrupt would turn this wait into a spin
                if (stopCause == null) {
                    LockSupport.parkNanos(this, idle ? IDLE_TICKS * tickNanos : tickNanos);
                }
            }
            finalSweep();
        } finally {
            onExit.run();
        }
    }

    private void tick() {
        try {
            expire(clock.getAsLong());
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "ask timer: a tick failed; the timer goes on", t);
        }
    }

    private void finalSweep() {
        try {
            int failed = failAll(stopCause.get());
            if (failed > 0) {
                LOG.log(Level.DEBUG, "ask timer: {0} asks were still unanswered when the engine closed", failed);
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "ask timer: failing the pending asks at close failed", t);
        }
    }

    /**
     * Fails every accepted ask whose deadline is at or before {@code now} and forgets every ask that
     * is done. An ask not yet accepted by a ring is left to its sender, which either publishes it or
     * refuses it. Single-threaded: the timer thread, or a test in its place.
     *
     * @return how many asks this call timed out
     */
    public int expire(long now) {
        takeIncoming();
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).counting = 0;
        }
        int expired = 0;
        Ask<?> prev = null;
        Ask<?> a = tracked;
        while (a != null) {
            Ask<?> next = a.nextInTimer;
            boolean drop = a.isDone();
            if (!drop && now - a.deadlineNanos >= 0 && a.isAccepted()) {
                if (a.completeExceptionally(new AskTimeoutException(a.group(), a.slot, a.timeoutNanos))) {
                    expired++;
                    a.stats().timedOut();
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
                tally(a.stats());
            }
            a = next;
        }
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).publishTally();
        }
        pending = trackedCount;
        return expired;
    }

    /** Counts one ask in flight for its group; the first time a group is seen, the timer remembers it. */
    private void tally(AskStats stats) {
        if (!stats.known) {
            stats.known = true;
            groups.add(stats);
        }
        stats.counting++;
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

    public int trackedCount() {
        return trackedCount;
    }

    /** Any thread: asks tracked and not yet done, as of the last tick. */
    public int pending() {
        return pending;
    }

    /**
     * Any thread: the timer fails what is pending with {@code cause} and exits; returns at once. The
     * first call's cause wins.
     */
    public void stop(Supplier<? extends Throwable> cause) {
        if (stopCause == null) {
            stopCause = cause;
        }
        LockSupport.unpark(thread);
    }

    /** Completes every ask still pending with {@code cause}; returns how many. Timer thread (or tests). */
    public int failAll(Throwable cause) {
        takeIncoming();
        int failed = 0;
        for (Ask<?> a = tracked; a != null; ) {
            Ask<?> next = a.nextInTimer;
            a.nextInTimer = null;
            if (a.completeExceptionally(cause)) {
                failed++;
            }
            a = next;
        }
        tracked = null;
        trackedCount = 0;
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).counting = 0;
            groups.get(i).publishTally();
        }
        pending = 0;
        return failed;
    }
}
