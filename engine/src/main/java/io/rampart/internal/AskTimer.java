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
 * <p>Askers do not wake a ticking timer: at ask rates where asks are in flight most of the time, an
 * unpark per ask would cost every caller a system call and put one more runnable thread on a machine
 * with few cores. The timer ticks every {@code tickNanos} while asks are in flight and every
 * {@link #IDLE_TICKS} ticks when none are (a timeout fires at most one idle period late after a short
 * quiet spell). After {@link #SLEEP_AFTER} idle periods in a row (100 ms at the default 1 ms tick) it
 * sleeps until an ask comes, so an idle engine's timer costs nothing: it {@link Doorbell#arm() arms}
 * a {@link Doorbell}, looks at the incoming stack once more, and parks only if that is still empty; an
 * asker whose push found the stack empty {@link Doorbell#ring() rings} the bell (a read of a flag the
 * timer writes only when it goes to sleep; the unpark only if it is armed). The same Dekker handshake
 * as a slot's consumer and its producers: the forbidden outcome, "the timer sleeps with an ask pushed
 * and nobody wakes it", is checked by {@code AskTimerStress} in the jcstress suite. Only the first ask
 * after a quiet spell of 100 ms or more pays for the unpark.
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
    /** How many idle periods in a row before the timer sleeps until an ask comes. */
    static final int SLEEP_AFTER = 10;
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
    /** Where the timer sleeps when no ask has been in flight for a while; askers ring it. */
    private final Doorbell bell = new Doorbell();
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

    /**
     * Any thread: start timing an ask. The push that finds the stack empty rings the timer's bell, in
     * case it sleeps (a later push onto a non-empty stack need not: the ask below it already rang, or
     * the timer, arming after that push, sees the stack non-empty and stays awake).
     */
    public void track(Ask<?> ask) {
        Ask<?> top;
        do {
            top = incoming;
            ask.nextInTimer = top;
        } while (!INCOMING.compareAndSet(this, top, ask));
        if (top == null) {
            bell.ring();
        }
    }

    /** Starts the timer on its thread; the thread is known before it runs so it can always be joined. */
    public void startOn(Thread t) {
        thread = t;
        bell.bind(t);
        t.start();
    }

    public Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        try {
            int idlePeriods = 0;
            while (stopCause == null) {
                boolean asked = incoming != null; // asks came since the last tick: not a quiet period
                tick();
                boolean idle = !asked && trackedCount == 0 && incoming == null;
                idlePeriods = idle ? idlePeriods + 1 : 0;
                Thread.interrupted(); // a callback's leftover interrupt would turn this wait into a spin
                if (stopCause != null) {
                    break;
                }
                if (idlePeriods > SLEEP_AFTER) {
                    sleepUntilAsked();
                } else {
                    LockSupport.parkNanos(this, idle ? IDLE_TICKS * tickNanos : tickNanos);
                }
            }
            finalSweep();
        } finally {
            onExit.run();
        }
    }

    /**
     * Sleeps until an asker rings (or {@link #stop} unparks). Spurious wake-ups return early; the loop
     * in {@link #run()} ticks and comes back.
     */
    private void sleepUntilAsked() {
        if (armToSleep()) {
            bell.park();
        }
        bell.disarm();
    }

    /**
     * Timer thread, going to sleep: arms the bell, then looks at the incoming stack once more, so an
     * ask pushed before the bell was armed is seen here and one pushed after it rings. Public for the
     * jcstress test of this handshake.
     *
     * @return whether the timer may park: nothing was pushed and it is not stopping
     */
    public boolean armToSleep() {
        bell.arm();
        return incoming == null && stopCause == null;
    }

    /** Whether the timer's bell is armed: asleep, or about to be, and not yet rung (for tests). */
    public boolean isAsleep() {
        return bell.isArmed();
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
