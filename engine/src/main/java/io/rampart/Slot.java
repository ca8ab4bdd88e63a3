package io.rampart;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A stable position in a group: its ring, its consumer thread, and its current handler. The slot
 * outlives its handlers; whatever addresses the slot stays valid across restarts.
 *
 * <p>The consumer commits its position after every message ({@link SlotRing#release}) rather than
 * at the end of a batch as Disruptor's {@code BatchEventProcessor} does, so a failure in the middle
 * of a batch can never replay the messages before it. On x86 that commit is a plain store.
 */
final class Slot implements Runnable {
    private static final VarHandle PARKED;
    private static final VarHandle HANDLED;
    private static final VarHandle FAILURES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PARKED = lookup.findVarHandle(Slot.class, "parked", int.class);
            HANDLED = lookup.findVarHandle(Slot.class, "handled", long.class);
            FAILURES = lookup.findVarHandle(Slot.class, "failures", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Group group;
    final int index;
    final SlotRing ring;
    private final WaitStrategy wait;
    private final SlotContext ctx;

    private volatile SlotState state = SlotState.NEW;
    /** 1 while the consumer is parked (or about to park) waiting for a producer's unpark. */
    @SuppressWarnings("unused")
    private volatile int parked;
    /** The sequence to drain up to once the ring is closed; -1 while open. */
    private volatile long drainTarget = -1;
    private volatile Throwable startFailure;
    private volatile Thread thread;

    private Handler<Object> handler;
    /**
     * Written only by the consumer, read by monitors: release stores (plain on x86) rather than
     * volatile ones, which would put a full fence on every message.
     */
    private long handled;
    private long failures;

    Slot(Group group, int index, int ringSize, WaitStrategy wait) {
        this.group = group;
        this.index = index;
        this.ring = new SlotRing(ringSize);
        this.wait = wait;
        this.ctx = new SlotContext(this);
    }

    SlotState state() {
        return state;
    }

    boolean isRunning() {
        return state == SlotState.RUNNING;
    }

    long handled() {
        return (long) HANDLED.getAcquire(this);
    }

    long failures() {
        return (long) FAILURES.getAcquire(this);
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

    /** Producer side, after publishing with a fence: wake the consumer if it parked. */
    void wakeIfParked() {
        if (parked != 0 && PARKED.compareAndSet(this, 1, 0)) {
            LockSupport.unpark(thread);
        }
    }

    /** Stops accepting; the consumer drains what was accepted, then exits. */
    void close() {
        drainTarget = ring.close();
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        try {
            handler = group.newHandler(index);
        } catch (Throwable t) {
            startFailure = t;
            state = SlotState.STOPPED;
            group.slotStarted(this);
            return;
        }
        state = SlotState.RUNNING;
        group.slotStarted(this);
        try {
            consume();
        } finally {
            state = SlotState.STOPPED;
        }
    }

    private void consume() {
        long next = ring.head();
        int idle = 0;
        while (true) {
            SlotRing.Event e = ring.poll(next);
            if (e != null) {
                handle(e);
                e.clear();
                ring.release(++next);
                idle = 0;
            } else if (drainTarget >= 0 && next >= drainTarget) {
                return;
            } else {
                idle = idle(idle, next);
            }
        }
    }

    private void handle(SlotRing.Event e) {
        Object message = e.message;
        Ask<?> ask = e.ask;
        if (ask != null && ask.isDone()) {
            group.deadLetters().send(group.name(), index, DeadLetter.Reason.EXPIRED_ASK, message, null);
            return;
        }
        ctx.bind(ask);
        try {
            handler.handle(message, ctx);
            if (ask != null && !ask.isAnswered() && !ctx.deferred()) {
                ask.fail(new NoReplyException(group.name(), index));
            }
            HANDLED.setRelease(this, handled + 1);
        } catch (Throwable t) {
            failed(message, ask, t);
        } finally {
            ctx.unbind();
        }
    }

    private void failed(Object message, Ask<?> ask, Throwable cause) {
        FAILURES.setRelease(this, failures + 1);
        if (ask != null && !ask.isAnswered() && !ask.isDone()) {
            ask.fail(cause);
        } else {
            group.deadLetters().send(group.name(), index, DeadLetter.Reason.HANDLER_FAILED, message, cause);
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
     * Parks until a producer publishes. The flag is set before the last look at the ring and the
     * producers publish with a fence before reading the flag, so one side always sees the other:
     * either this thread sees the message, or the producer sees the flag and unparks.
     */
    private void park(long next) {
        PARKED.setVolatile(this, 1);
        if (!ring.isPublishedVolatile(next) && drainTarget < 0) {
            LockSupport.park(this);
        }
        PARKED.setVolatile(this, 0);
    }

    @Override
    public String toString() {
        return "slot " + index + " of group '" + group.name() + "' (" + state + ", backlog " + ring.backlog() + ")";
    }
}
