package io.rampart.internal;

import io.rampart.Reply;
import io.rampart.RingFullException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import io.rampart.WaitStrategy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One ask in flight. It is the caller's future itself, so an ask costs one allocation plus what
 * {@link CompletableFuture} does on completion. It also links itself into the {@link AskTimer}'s
 * lists, so timing it out allocates nothing either.
 *
 * <p>Three facts are tracked apart because they differ on purpose:
 * <ul>
 * <li><b>done</b>: the caller's future completed, exactly once ({@code CompletableFuture}'s own CAS);</li>
 * <li><b>answered</b>: the handler answered through {@link #reply} or {@link #fail}. A second answer is
 *     a bug in the handler and throws; an answer after the future was completed by someone else (a
 *     timeout, a cancel, the engine failing the ask) is late and goes to dead letters;</li>
 * <li><b>accepted</b>: a ring took it. The timer times out only accepted asks, so an ask still
 *     waiting for room in a full ring is refused as a refusal ({@link RingFullException}) and never
 *     reported as a timeout ("never accepted" and "accepted, then timed out" stay distinguishable).</li>
 * </ul>
 * The engine's own failures ({@link #tryFail}) complete the future without marking it answered, so
 * a reply the handler deferred and sends later is counted as late, not rejected as a second answer.
 */
public final class Ask<R> extends CompletableFuture<R> implements Reply, Pending {
    private static final VarHandle ANSWERED;
    private static final VarHandle ACCEPTED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ANSWERED = lookup.findVarHandle(Ask.class, "answered", int.class);
            ACCEPTED = lookup.findVarHandle(Ask.class, "accepted", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The group's shared parts: its name, dead letters and the callers' wait (a field per ask costs 4-8 bytes per ask). */
    private final AskSite site;
    final long timeoutNanos;
    final long deadlineNanos;
    /** The slot it was routed to, for messages; -1 until routed. */
    public int slot = -1;
    @SuppressWarnings("unused")
    private volatile int answered;
    @SuppressWarnings("unused")
    private volatile int accepted;
    /** AskTimer's intrusive links: the incoming stack, then the timer's own list. */
    Ask<?> nextInTimer;

    public Ask(String group, DeadLetters deadLetters, long timeoutNanos, long nowNanos) {
        this(new AskSite(group, deadLetters, null, Object.class, new AskStats()), timeoutNanos, nowNanos);
    }

    /**
     * @param site the group's name and dead letters, and how a caller blocked in {@link #get()}, {@link #join()}
     *             or {@link #get(long, TimeUnit)} waits before parking ({@link WaitStrategy#backOff(int)})
     */
    Ask(AskSite site, long timeoutNanos, long nowNanos) {
        this.site = site;
        this.timeoutNanos = timeoutNanos;
        this.deadlineNanos = nowNanos + timeoutNanos;
    }

    /** @return the group's name */
    String group() {
        return site.group();
    }

    /** @return the group's ask counts */
    AskStats stats() {
        return site.stats();
    }

    /**
     * The handler's answer. One that is not of the group's answer type is refused: the ask fails with
     * the {@link IllegalArgumentException} thrown here (that was its answer), so it still completes
     * exactly once and never with a value of the wrong type.
     */
    @Override
    public void reply(Object value) {
        markAnswered();
        IllegalArgumentException wrong = AnswerType.check(site.group(), site.answerType(), value);
        if (wrong != null) {
            if (!completeExceptionally(wrong)) {
                site.deadLetters().late(site.group(), slot, value);
            }
            throw wrong;
        }
        @SuppressWarnings("unchecked")
        R r = (R) value;
        if (!complete(r)) {
            site.deadLetters().late(site.group(), slot, value);
        }
    }

    @Override
    public void fail(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        markAnswered();
        if (!completeExceptionally(cause)) {
            site.deadLetters().late(site.group(), slot, cause);
        }
    }

    /**
     * The engine's own failure of an ask (handler threw, no reply, stopped slot, close): never throws
     * and does not count as the handler's answer.
     *
     * @return true if the caller's future now holds {@code cause}; false if the handler already
     *         answered or the future was already done, so the caller will not see it
     */
    public boolean tryFail(Throwable cause) {
        return answered == 0 && completeExceptionally(cause);
    }

    /** Whether the handler answered (reply or fail), whoever completed the future. */
    public boolean isAnswered() {
        return answered != 0;
    }

    /**
     * The sender published it into a ring: from now on it can time out. A release store, outside the
     * claim-to-publish window; the timer seeing it a tick late only delays a timeout by a tick.
     */
    public void markAccepted() {
        ACCEPTED.setRelease(this, 1);
    }

    public boolean isAccepted() {
        return (int) ACCEPTED.getAcquire(this) != 0;
    }

    private void markAnswered() {
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("ask to group '" + site.group() + "' slot " + slot
                    + " was already answered: reply or fail at most once");
        }
    }

    // ---- The caller's wait: the strategy's spin and yield phases, then CompletableFuture's park -----
    // CompletableFuture parks at once, and its completion unparks only a waiter that pushed itself on
    // its stack (the JDK's own flag protocol): spinning first keeps a quick answer from costing an
    // unpark, and a caller that did park is still woken by the completion.

    private void backOff() {
        WaitStrategy wait = site.callerWait();
        if (wait != null) {
            for (int round = 0; !isDone() && wait.backOff(round); round++) {
                // the strategy spun or yielded; the ask's own timeout ends the wait at the latest
            }
        }
    }

    /** As {@link #backOff()}, never past {@code timeout} (a yielding strategy never parks by itself). */
    private void backOff(long deadline) {
        WaitStrategy wait = site.callerWait();
        if (wait != null) {
            for (int round = 0; !isDone() && System.nanoTime() - deadline < 0 && wait.backOff(round); round++) {
                // the strategy spun or yielded
            }
        }
    }

    /** Waits the group's way (spin, yield, then park), then as {@link CompletableFuture#get()}. */
    @Override
    public R get() throws InterruptedException, ExecutionException {
        backOff();
        return super.get();
    }

    /** Waits the group's way (spin, yield, then park), then as {@link CompletableFuture#get(long, TimeUnit)}. */
    @Override
    public R get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        backOff(deadline);
        return super.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Waits the group's way (spin, yield, then park), then as {@link CompletableFuture#join()}. */
    @Override
    public R join() {
        backOff();
        return super.join();
    }

    // ---- Pending: an Ask is used once, so the token is ignored ----------------------------------

    @Override
    public boolean isDone(long token) {
        return isDone();
    }

    @Override
    public boolean isAnswered(long token) {
        return isAnswered();
    }

    @Override
    public void reply(long token, Object value) {
        reply(value);
    }

    @Override
    public void fail(long token, Throwable cause) {
        fail(cause);
    }

    @Override
    public boolean tryFail(long token, Throwable cause) {
        return tryFail(cause);
    }

    @Override
    public Reply deferred(long token) {
        return this;
    }

    @Override
    public void routedTo(int slot) {
        this.slot = slot;
    }

    /** Derived stages are plain futures: only the ask itself is tracked. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "Ask[group=" + site.group() + ", slot=" + slot + ", " + super.toString() + "]";
    }
}
