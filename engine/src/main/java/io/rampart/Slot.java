package io.rampart;

import com.lmax.disruptor.Sequence;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A stable position in a group: its ring, its consumer thread, and its current handler. The slot
 * outlives its handlers: a restart replaces the handler in place, on the same thread, and the
 * messages queued in the ring stay where they are. Whatever addresses the slot stays valid.
 *
 * <p>The consumer commits its position after every message ({@link SlotRing#release}) rather than
 * at the end of a batch as Disruptor's {@code BatchEventProcessor} does, so a failure in the middle
 * of a batch can never replay the messages before it. On x86 that commit is a plain store.
 *
 * <p>Requests from other threads (restart, stop) bump {@link #requests}; the consumer compares it
 * with the last value it saw before each message. That is one read of a line nobody writes on the
 * hot path, which keeps restarts out of the per-message cost.
 */
final class Slot implements Runnable {
    private static final System.Logger LOG = System.getLogger("io.rampart.Slot");
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(Slot.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Stop kinds, strongest last: a stronger request replaces a weaker one. */
    static final int NO_STOP = 0;
    /** Stop for good, handing queued messages to the group's other running slots. */
    static final int STOP_HAND_OVER = 1;
    /** Stop for good with the group: queued messages to dead letters, asks failed. */
    static final int STOP_GROUP = 2;
    /** The engine's close deadline passed while this slot was stuck: dead-letter the rest and exit. */
    static final int ABANDON = 3;

    final Group group;
    final int index;
    final SlotRing ring;
    private final WaitStrategy wait;
    private final SlotContext ctx;
    private final Lifecycle lifecycle;

    private volatile SlotState state = SlotState.NEW;
    /** 1 while the consumer is parked (or about to park) waiting for a producer's unpark. */
    @SuppressWarnings("unused")
    private volatile int parked;
    /** The sequence to drain up to once the ring is closed; -1 while open. */
    private volatile long drainTarget = -1;
    private volatile Throwable startFailure;
    private volatile Thread thread;

    // Control plane: written under the supervision lock (or by the closer), read by the consumer.
    private volatile int requests;
    private volatile int stopKind = NO_STOP;
    private volatile String stopReason;
    private volatile long restartRequested;
    private volatile long restartGranted;
    private volatile Throwable restartCause;
    private volatile Object restartMessage;

    // Supervision bookkeeping, guarded by the supervision lock.
    int restartsGranted;
    int backoffAttempt;
    long lastFailureNanos = Long.MIN_VALUE;
    long handledAtLastFailure;

    // Consumer-thread state.
    private Handler<Object> handler;
    private int seenRequests;
    private long restartApplied;

    /** Counters written only by the consumer; padded so producers reading slot state never share their line. */
    private final Sequence handled = new Sequence(0);
    private final Sequence failures = new Sequence(0);
    private final Sequence restarts = new Sequence(0);

    Slot(Group group, int index, int ringSize, WaitStrategy wait, Lifecycle lifecycle) {
        this.group = group;
        this.index = index;
        this.ring = new SlotRing(ringSize);
        this.wait = wait;
        this.lifecycle = lifecycle;
        this.ctx = new SlotContext(this);
    }

    SlotState state() {
        return state;
    }

    boolean isRunning() {
        return state == SlotState.RUNNING;
    }

    long handled() {
        return handled.get();
    }

    long failures() {
        return failures.get();
    }

    long restarts() {
        return restarts.get();
    }

    Throwable startFailure() {
        return startFailure;
    }

    Thread thread() {
        return thread;
    }

    void startOn(Thread t) {
        this.thread = t;
        t.start();
    }

    /** Producer side, after publishing: wake the consumer if it parked. */
    void wakeIfParked() {
        if (parked != 0 && PARKED.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(thread);
        }
    }

    /** Engine close: stop accepting; the consumer drains what was accepted, then exits. */
    void close() {
        drainTarget = ring.close();
        LockSupport.unpark(thread);
    }

    // ---- requests from the supervisor (under its lock) and the closer ----------------------------

    /** Asks the consumer to replace its handler once {@code delayNanos} have passed. */
    void requestRestart(Throwable cause, Object failingMessage, long delayNanos, Scheduler scheduler) {
        if (stopKind != NO_STOP) {
            return;
        }
        long generation = restartRequested + 1;
        restartCause = cause;
        restartMessage = failingMessage;
        restartRequested = generation;
        if (state == SlotState.RUNNING) {
            state = SlotState.RESTARTING; // route new messages elsewhere from now on
        }
        requests++;
        LockSupport.unpark(thread);
        if (delayNanos <= 0) {
            grant(generation);
            return;
        }
        try {
            scheduler.schedule(delayNanos, () -> grant(generation));
        } catch (RuntimeException rejected) {
            // The scheduler is gone (the engine is past its close deadline) or broken: a restart
            // that cannot be timed happens now rather than never.
            grant(generation);
        }
    }

    private void grant(long generation) {
        if (generation > restartGranted) {
            restartGranted = generation;
        }
        LockSupport.unpark(thread);
    }

    /**
     * Asks the consumer to stop for good; a stronger kind replaces a weaker one. Called under the
     * supervision lock, so two requests never interleave.
     */
    void requestStop(int kind, String reason) {
        if (kind <= stopKind) {
            return;
        }
        stopReason = reason;
        stopKind = kind;
        if (kind != ABANDON && state != SlotState.NEW) {
            state = SlotState.STOPPED; // no new messages from now on
        }
        requests++;
        LockSupport.unpark(thread);
    }

    // ---- the consumer thread -------------------------------------------------------------------

    @Override
    public void run() {
        try {
            hook("beforeStart", () -> lifecycle.beforeStart(group.name(), index));
            try {
                handler = group.newHandler(index);
            } catch (Throwable t) {
                startFailure = t;
                state = SlotState.STOPPED;
                group.slotStarted(this);
                return;
            }
            if (state == SlotState.NEW) {
                state = SlotState.RUNNING;
            }
            group.slotStarted(this);
            hook("afterStart", () -> lifecycle.afterStart(group.name(), index));
            consume();
        } catch (Throwable bug) {
            // Not a handler failure (those are caught per message): an engine bug or a fatal error.
            // Whatever is queued must still be accounted for.
            LOG.log(Level.ERROR, this + ": consumer failed; dead-lettering its queue", bug);
            drainAway(DeadLetter.Reason.GROUP_STOPPED, new RampartException(this + ": consumer failed", bug), false);
        } finally {
            state = SlotState.STOPPED;
            group.engine().slotExited(this);
        }
    }

    private void consume() {
        long next = ring.head();
        int idle = 0;
        while (true) {
            if (requests != seenRequests) {
                if (!control()) {
                    return;
                }
                next = ring.head();
                continue;
            }
            SlotRing.Event e = ring.poll(next);
            if (e != null) {
                Object message = e.message;
                Throwable failure = handle(e, message);
                if (failure == null) {
                    e.clear();
                    ring.release(++next);
                } else if (e.failures < group.spec().retries) {
                    e.failures++; // keep it: the restarted handler gets it again
                    e.lastFailure = failure;
                    failed(failure, message);
                } else {
                    settle(e, message, failure);
                    e.clear();
                    ring.release(++next);
                    failed(failure, message);
                }
                idle = 0;
            } else if (drainTarget >= 0 && next >= drainTarget) {
                hook("afterStop", () -> lifecycle.afterStop(group.name(), index));
                return;
            } else {
                idle = idle(idle, next);
            }
        }
    }

    /** Runs the handler on one message; returns its failure or null. Never throws. */
    private Throwable handle(SlotRing.Event e, Object message) {
        Ask<?> ask = e.ask;
        if (ask != null && ask.isDone()) {
            group.deadLetters().send(group.name(), index, DeadLetter.Reason.EXPIRED_ASK, message, null);
            return null;
        }
        ctx.bind(ask);
        try {
            handler.handle(message, ctx);
            if (ask != null && !ask.isAnswered() && !ctx.deferred()) {
                ask.tryFail(new NoReplyException(group.name(), index));
            }
            handled.set(handled.get() + 1);
            return null;
        } catch (Throwable t) {
            return t;
        } finally {
            ctx.unbind();
        }
    }

    /** A failing message out of retries: its ask fails with the cause, or a tell goes to dead letters. */
    private void settle(SlotRing.Event e, Object message, Throwable cause) {
        Ask<?> ask = e.ask;
        if (ask == null || !ask.tryFail(cause)) {
            group.deadLetters().send(group.name(), index, DeadLetter.Reason.HANDLER_FAILED, message, cause);
        }
    }

    private void failed(Throwable cause, Object message) {
        failures.set(failures.get() + 1);
        group.engine().supervision().onFailure(this, cause, message);
    }

    /** Acts on pending requests; false when the consumer must exit. */
    private boolean control() {
        seenRequests = requests;
        int stop = stopKind;
        if (stop != NO_STOP) {
            stop(stop);
            return false;
        }
        if (restartRequested != restartApplied) {
            restart();
        }
        return true;
    }

    private void restart() {
        if (stopKind == NO_STOP) {
            state = SlotState.RESTARTING;
        }
        Throwable cause = restartCause;
        Object message = restartMessage;
        hook("beforeRestart", () -> lifecycle.beforeRestart(group.name(), index, cause, message));
        while (true) {
            if (group.spec().redistributeWhileRestarting) {
                handOverQueued(); // again at each wake: messages keep arriving while the state changes
            }
            long wanted = restartRequested;
            if (stopKind != NO_STOP) {
                return; // control() sees the stop next
            }
            // Closing skips the backoff: what was accepted must drain.
            if (restartGranted >= wanted || drainTarget >= 0) {
                restartApplied = wanted;
                break;
            }
            Thread.interrupted(); // a handler's leftover interrupt would turn this wait into a spin
            LockSupport.park(this);
        }
        try {
            handler = group.newHandler(index);
        } catch (Throwable t) {
            failures.set(failures.get() + 1);
            group.engine().supervision().onFailure(this, t, null);
            return;
        }
        restarts.set(restarts.get() + 1);
        if (stopKind == NO_STOP && restartRequested == restartApplied && state == SlotState.RESTARTING) {
            state = SlotState.RUNNING;
        }
        hook("afterRestart", () -> lifecycle.afterRestart(group.name(), index));
    }

    private void stop(int kind) {
        state = SlotState.STOPPED;
        switch (kind) {
            case STOP_HAND_OVER -> drainAway(null, null, true);
            case STOP_GROUP -> drainAway(DeadLetter.Reason.GROUP_STOPPED,
                    new GroupStoppedException(group.name(), stopReason), false);
            default -> drainAway(DeadLetter.Reason.ENGINE_CLOSED, new EngineClosedException(
                    "engine '" + group.engine().name() + "' gave up on " + this + " at its close deadline"), false);
        }
        if (kind != ABANDON) {
            hook("afterStop", () -> lifecycle.afterStop(group.name(), index));
        }
        group.slotStopped(this);
    }

    /**
     * Closes the ring and empties it. A message kept for a retry is settled with its own failure.
     * With {@code handOver}, every other message goes to another running slot if one can take it
     * within one backpressure bound for the whole drain; otherwise (and without hand-over) it goes to
     * dead letters with {@code reason}, its ask failed with {@code cause}. An abandon request
     * (close deadline) switches to dead-lettering at once.
     */
    private void drainAway(DeadLetter.Reason reason, RampartException cause, boolean handOver) {
        long target = ring.close();
        Backpressure bp = group.spec().backpressure;
        long deadline = System.nanoTime() + (bp.kind == Backpressure.Kind.BLOCK ? bp.blockNanos : 0);
        for (long seq = ring.head(); seq < target; seq++) {
            SlotRing.Event e;
            while ((e = ring.poll(seq)) == null) {
                Thread.yield(); // claimed, not yet published: the producer is between two instructions
            }
            Object message = e.message;
            Ask<?> ask = e.ask;
            if (e.lastFailure != null) {
                settle(e, message, e.lastFailure);
            } else if (!(handOver && stopKind != ABANDON
                    && group.forward(message, ask, this, Math.max(0, deadline - System.nanoTime())))) {
                DeadLetter.Reason r = reason != null ? reason : stopKind == ABANDON
                        ? DeadLetter.Reason.ENGINE_CLOSED : DeadLetter.Reason.GROUP_STOPPED;
                RampartException c = cause != null ? cause : new GroupStoppedException(group.name(),
                        "slot " + index + " stopped for good and no other running slot could take the message");
                if (ask == null || !ask.tryFail(c)) {
                    group.deadLetters().send(group.name(), index, r, message, c);
                }
            }
            e.clear();
            ring.release(seq + 1);
        }
    }

    /**
     * While restarting: move what is queued now to the running slots, without waiting for room; what
     * cannot move waits for the next handler. A message kept for a retry stays at the head, and so
     * does everything behind it (moving those would break per-sender order past the retry).
     */
    private void handOverQueued() {
        long seq = ring.head();
        SlotRing.Event e;
        while ((e = ring.poll(seq)) != null && e.failures == 0) {
            if (!group.forward(e.message, e.ask, this, 0)) {
                return;
            }
            e.clear();
            ring.release(++seq);
        }
    }

    private void hook(String name, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "lifecycle hook " + name + " of " + this + " threw", t);
        }
    }

    private int idle(int count, long next) {
        switch (wait.kind) {
            case BUSY_SPIN -> Thread.onSpinWait();
            case YIELDING -> {
                if (count < wait.spins) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            case SLEEPING -> {
                if (count < wait.spins) {
                    Thread.onSpinWait();
                } else if (count < wait.spins + wait.yields) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, wait.sleepNanos);
                }
            }
            case BACKOFF_THEN_PARK -> {
                if (count < wait.spins) {
                    Thread.onSpinWait();
                } else if (count < wait.spins + wait.yields) {
                    Thread.yield();
                } else {
                    park(next);
                }
            }
        }
        return count == Integer.MAX_VALUE ? count : count + 1;
    }

    /**
     * Parks until a producer claims and publishes. Dekker's handshake without a fence on the
     * producer's path: this thread sets the flag, fences, then reads the claim counter; a producer
     * claims with a CAS (a full fence), publishes, then reads the flag. Either this thread sees the
     * claim and does not park, or the producer sees the flag and unparks it.
     */
    private void park(long next) {
        PARKED.setVolatile(this, 1);
        if (ring.claimedBeyond(next)) {
            Thread.yield(); // claimed, about to be published
        } else if (requests == seenRequests) {
            Thread.interrupted(); // a handler's leftover interrupt would turn parking into a spin
            LockSupport.park(this);
        }
        PARKED.setVolatile(this, 0);
    }

    @Override
    public String toString() {
        return "slot " + index + " of group '" + group.name() + "' (" + state + ", backlog " + ring.backlog() + ")";
    }
}
