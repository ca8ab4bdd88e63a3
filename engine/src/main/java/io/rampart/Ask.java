package io.rampart;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One ask in flight. It is the caller's future itself, so an ask costs one allocation plus what
 * {@link CompletableFuture} does on completion. It also links itself into the {@link AskTimer}'s
 * lists, so timing it out allocates nothing either.
 *
 * <p>"Answered" (a handler replied or failed it) is tracked apart from "done" (the future
 * completed) because they differ on purpose: a reply after a timeout is late (dead letter), while
 * a second reply is a bug in the handler (exception).
 */
final class Ask<R> extends CompletableFuture<R> implements Reply {
    private static final VarHandle ANSWERED;

    static {
        try {
            ANSWERED = MethodHandles.lookup().findVarHandle(Ask.class, "answered", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Group group;
    final long timeoutNanos;
    final long deadlineNanos;
    /** The slot it was routed to, for messages; -1 until routed. */
    int slot = -1;
    @SuppressWarnings("unused")
    private volatile int answered;
    /** AskTimer's intrusive links: the incoming stack, then the timer's own list. */
    Ask<?> nextInTimer;

    Ask(Group group, long timeoutNanos, long nowNanos) {
        this.group = group;
        this.timeoutNanos = timeoutNanos;
        this.deadlineNanos = nowNanos + timeoutNanos;
    }

    @Override
    public void reply(Object value) {
        markAnswered();
        @SuppressWarnings("unchecked")
        R r = (R) value;
        if (!complete(r)) {
            group.deadLetters().late(group.name(), slot, value);
        }
    }

    @Override
    public void fail(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        markAnswered();
        if (!completeExceptionally(cause)) {
            group.deadLetters().late(group.name(), slot, cause);
        }
    }

    /**
     * The engine's own failure of an ask (handler threw, no reply, stopped slot): never throws.
     *
     * @return true if the caller's future now holds {@code cause}; false if the ask was already
     *         answered or done, so the caller will not see it
     */
    boolean tryFail(Throwable cause) {
        return ANSWERED.compareAndSet(this, 0, 1) && completeExceptionally(cause);
    }

    boolean isAnswered() {
        return answered != 0;
    }

    private void markAnswered() {
        if (!ANSWERED.compareAndSet(this, 0, 1)) {
            throw new IllegalStateException("ask to group '" + group.name() + "' slot " + slot
                    + " was already answered: reply or fail at most once");
        }
    }

    /** Derived stages are plain futures: only the ask itself is tracked. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    @Override
    public String toString() {
        return "Ask[group=" + group.name() + ", slot=" + slot + ", " + super.toString() + "]";
    }
}
