package io.rampart.internal;

import io.rampart.Reply;
import io.rampart.WaitStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * One caller thread's reusable answer slot for synchronous asks: the caller {@link #begin() begins}
 * an ask (a new generation), publishes it with the generation as its token, and {@link #await waits}
 * for the answer; nothing is allocated per ask.
 *
 * <p>All of the cell's state is one word, {@code generation << 3 | status}, changed only by CAS, so
 * every hand-over is decided by one atomic step:
 * <ul>
 * <li><b>Answer</b>: a replier CASes {@code (g, PENDING|PARKED)} to {@code (g, WRITING)}, writes the
 *     answer, then stores {@code (g, ANSWERED)} (the handler's answer, a value or a failure) or
 *     {@code (g, FAILED)} (the engine's own failure: no reply, handler threw, stopped, closed). A
 *     reply for an older generation finds another generation in the word, fails its CAS, and is late
 *     (dead letters, {@code LATE_REPLY}): it can never be taken as a later ask's answer, and it never
 *     writes the answer fields, because only the CAS winner does.</li>
 * <li><b>Park</b>: the caller, after its wait strategy's spin and yield phases, CASes
 *     {@code (g, PENDING)} to {@code (g, PARKED)} and parks only if that CAS won; the replier unparks
 *     it only if the word it replaced said {@code PARKED}. The two CASes are ordered, so either the
 *     caller saw the answer start (and does not park) or the replier saw the caller parked (and
 *     unparks it): "the caller parks with the answer set and nobody wakes it" cannot happen
 *     ({@code ReplyCellStress} in the jcstress suite).</li>
 * <li><b>Give up</b>: the caller's timeout CASes {@code (g, PENDING|PARKED)} to
 *     {@code (g, EXPIRED)}; if an answer is being written it waits the few instructions for it and
 *     takes it.</li>
 * </ul>
 */
public final class ReplyCell implements Pending {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ReplyCell.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final int PENDING = 0;
    static final int PARKED = 1;
    static final int WRITING = 2;
    static final int ANSWERED = 3;
    static final int FAILED = 4;
    static final int EXPIRED = 5;
    private static final long STATUS = 7;

    /** {@link #await} result: the answer is in {@link #value()} or {@link #failure()}. */
    public static final int DONE = 0;
    /** {@link #await} result: the deadline passed; the ask is given up, its answer will be late. */
    public static final int TIMED_OUT = 1;

    private final String group;
    private final DeadLetters deadLetters;
    /** The group's declared answer class. */
    private final Class<?> answerType;
    private final Thread caller;
    @SuppressWarnings("unused")
    private volatile long state = (0L << 3) | EXPIRED; // no ask yet: generation 0 is over
    /** Plain: written by the CAS winner before its release of ANSWERED/FAILED, read by the caller after. */
    private Object value;
    private Throwable failure;
    /** Unparks of the caller by a replier; written by repliers only when the caller had parked (jcstress). */
    private int wakes;
    /** The slot the current ask went to; for messages only. */
    private volatile int slot = -1;

    /**
     * @param group       the group asked, for dead letters
     * @param deadLetters where late answers go
     * @param caller      the one thread that asks through this cell and parks in {@link #await}
     */
    public ReplyCell(String group, DeadLetters deadLetters, Thread caller) {
        this(group, deadLetters, Object.class, caller);
    }

    /**
     * @param group       the group asked, for dead letters
     * @param deadLetters where late answers go
     * @param answerType  the group's declared answer class; an answer of another class fails the ask
     * @param caller      the one thread that asks through this cell and parks in {@link #await}
     */
    public ReplyCell(String group, DeadLetters deadLetters, Class<?> answerType, Thread caller) {
        this.group = group;
        this.deadLetters = deadLetters;
        this.answerType = answerType;
        this.caller = caller;
    }

    /**
     * Caller: starts the next ask. The previous one must be over (answered, or given up by
     * {@link #await}).
     *
     * @return its token, to publish with the message
     */
    public long begin() {
        long g = ((long) STATE.getVolatile(this) >>> 3) + 1;
        value = null;
        failure = null;
        slot = -1;
        STATE.setVolatile(this, g << 3 | PENDING);
        return g;
    }

    /**
     * Caller: waits for the answer to ask {@code token}, stepping through {@code wait}'s spin and
     * yield phases ({@link WaitStrategy#backOff(int)}), then parking until the replier unparks it or
     * the deadline passes. An interrupt does not end the wait (as with
     * {@link java.util.concurrent.CompletableFuture#join()}); it is restored on return.
     *
     * @param deadlineNanos on {@code clock}
     * @return {@link #DONE} or {@link #TIMED_OUT}
     */
    public int await(long token, WaitStrategy wait, long deadlineNanos, Core clock) {
        boolean interrupted = false;
        try {
            for (int round = 0; ; round++) {
                long s = (long) STATE.getAcquire(this);
                int st = (int) (s & STATUS);
                if (st == ANSWERED || st == FAILED) {
                    return DONE;
                }
                if (st == WRITING) {
                    continue; // an answer is being written: a few instructions away
                }
                // The deadline is checked every round: a strategy that never parks (yielding) must still end.
                long left = deadlineNanos - clock.nanoTime();
                if (left <= 0) {
                    if (expire(token)) {
                        return TIMED_OUT;
                    }
                    continue; // an answer is being written: take it
                }
                if (wait.backOff(round)) {
                    continue;
                }
                if (st == PENDING && !armPark(token)) {
                    continue; // the answer started meanwhile
                }
                if (Thread.interrupted()) {
                    interrupted = true; // parkNanos would return at once: clear it, restore it on return
                }
                // Slices of at most 10 ms, so a deadline on an injected clock is noticed.
                LockSupport.parkNanos(this, Math.min(left, 10_000_000L));
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Caller: announces it is about to park for ask {@code token}, in the one CAS the replier's
     * {@link #complete} races with.
     *
     * @return true if the caller may park (a replier will unpark it); false if the answer started
     */
    public boolean armPark(long token) {
        return STATE.compareAndSet(this, token << 3 | PENDING, token << 3 | PARKED);
    }

    /** Caller: gives ask {@code token} up; false if an answer is already there or being written. */
    public boolean expire(long token) {
        while (true) {
            long s = (long) STATE.getVolatile(this);
            int st = (int) (s & STATUS);
            if (s >>> 3 != token || (st != PENDING && st != PARKED)) {
                return false;
            }
            if (STATE.compareAndSet(this, s, token << 3 | EXPIRED)) {
                return true;
            }
        }
    }

    /** Caller, after {@link #DONE}: the answer (null if the ask failed). */
    public Object value() {
        return value;
    }

    /** Caller, after {@link #DONE}: the failure, or null if answered with a value. */
    public Throwable failure() {
        return failure;
    }

    /** The slot the current ask went to, or -1. */
    public int slot() {
        return slot;
    }

    /** The thread that asks through this cell. */
    public Thread caller() {
        return caller;
    }

    /**
     * Takes ask {@code token}'s answer slot: the one CAS every answer passes.
     *
     * @return the word replaced (its status tells whether the caller parked), or -1 if the ask is over
     */
    private long claim(long token) {
        while (true) {
            long s = (long) STATE.getVolatile(this);
            int st = (int) (s & STATUS);
            if (s >>> 3 != token || (st != PENDING && st != PARKED)) {
                return -1;
            }
            if (STATE.compareAndSet(this, s, token << 3 | WRITING)) {
                return s;
            }
        }
    }

    private void finish(long token, long replaced, int status) {
        STATE.setVolatile(this, token << 3 | status);
        if ((replaced & STATUS) == PARKED) {
            wakes++;
            LockSupport.unpark(caller);
        }
    }

    /**
     * Completes ask {@code token}: the handler's answer ({@code handler}: a value, or a failure the
     * handler gave) or the engine's failure. Used by the jcstress proof too.
     *
     * @return true if this answer is the one the caller sees; false if it is late
     */
    public boolean complete(long token, Object answer, Throwable cause, boolean handler) {
        long replaced = claim(token);
        if (replaced < 0) {
            return false;
        }
        value = answer;
        failure = cause;
        finish(token, replaced, handler ? ANSWERED : FAILED);
        return true;
    }

    /** How many times a replier unparked the caller (for the jcstress proof; read when quiet). */
    public int wakes() {
        return wakes;
    }

    @Override
    public boolean isDone(long token) {
        long s = (long) STATE.getVolatile(this);
        int st = (int) (s & STATUS);
        return s >>> 3 != token || (st != PENDING && st != PARKED);
    }

    @Override
    public boolean isAnswered(long token) {
        long s = (long) STATE.getVolatile(this);
        return s == (token << 3 | ANSWERED);
    }

    /** As {@link Ask#reply}: an answer of the wrong type fails the ask with the exception thrown here. */
    @Override
    public void reply(long token, Object answer) {
        IllegalArgumentException wrong = AnswerType.check(group, answerType, answer);
        if (wrong != null) {
            answer(token, null, wrong);
            throw wrong;
        }
        answer(token, answer, null);
    }

    @Override
    public void fail(long token, Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        answer(token, null, cause);
    }

    private void answer(long token, Object answer, Throwable cause) {
        if (complete(token, answer, cause, true)) {
            return;
        }
        if (isAnswered(token)) {
            throw new IllegalStateException("ask to group '" + group + "' slot " + slot
                    + " was already answered: reply or fail at most once");
        }
        deadLetters.late(group, slot, cause != null ? cause : answer);
    }

    @Override
    public boolean tryFail(long token, Throwable cause) {
        return complete(token, null, cause, false);
    }

    @Override
    public Reply deferred(long token) {
        // Allocates, but only when a handler defers: the token must travel with the reply.
        return new Reply() {
            @Override
            public void reply(Object answer) {
                ReplyCell.this.reply(token, answer);
            }

            @Override
            public void fail(Throwable cause) {
                ReplyCell.this.fail(token, cause);
            }
        };
    }

    @Override
    public void routedTo(int slot) {
        this.slot = slot;
    }

    @Override
    public String toString() {
        long s = state;
        return "ReplyCell[group=" + group + ", generation=" + (s >>> 3) + ", status=" + (s & STATUS) + "]";
    }
}
