package io.rampart;

import io.rampart.balance.LoadBalancer;
import io.rampart.internal.Group;
import io.rampart.internal.Sender;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The handle to a named group: send to one slot (chosen by the group's {@link LoadBalancer}) or to
 * every slot, by tell (fire and forget) or ask (a future answer). Obtained from
 * {@link Engine#distributor(GroupSpec)} (typed as the spec),
 * {@link Engine#distributor(String, Class, Class)} (typed, checked at the lookup) or
 * {@link Engine#distributor(String)} (untyped); thread-safe, cheap to keep, and valid for the
 * engine's whole life, across slot restarts, or until its group is removed
 * ({@link Engine#removeGroup(String)}): then every send fails with {@link GroupRemovedException}.
 *
 * <pre>{@code
 * GroupSpec<Job, Integer> jobs = GroupSpec.builder("workers", Job.class).answers(Integer.class)
 *         .handler(JobHandler::new).build();
 * // ... engine built with .group(jobs) and started
 * Distributor<Job, Integer> workers = engine.distributor(jobs);
 * workers.tellOne(new Job(42));                                   // one slot
 * workers.tellEveryone(new Job(0));                               // every slot (restarting ones too)
 * CompletableFuture<Integer> size = workers.askOne(new Job(7));   // one slot answers
 * List<CompletableFuture<Integer>> all = workers.askEveryone(new Job(7));
 * workers.tellOne("oops");                                        // does not compile
 * }</pre>
 *
 * <h2>Types</h2>
 * {@code M} is what the group takes and {@code R} what its asks complete with, as its
 * {@link GroupSpec} declares. The compiler checks them for a typed handle; for every handle, typed or
 * not, each send also checks at run time that the message is an instance of the group's declared
 * message class ({@link GroupSpec#messageType()}), so a message of the wrong type (through
 * {@link Engine#distributor(String)}, a raw type or an unchecked cast) is refused at the call site
 * with an {@link IllegalArgumentException} naming the group and both types: nothing is queued, no
 * handler sees it, no slot restarts, nothing is dead-lettered. A handler's answer that is not an
 * {@code R} never completes an ask (see {@link Context#reply}).
 *
 * <h2>What a send tells you</h2>
 * A tell that returns normally was accepted: its message will be handled exactly once or reported
 * to dead letters with a reason. A tell that throws was not accepted and the caller still owns the
 * message. An ask's future completes exactly once: with the answer, the handler's failure, an
 * {@link AskTimeoutException}, or the rejection ({@link RingFullException},
 * {@link SlotUnavailableException}, {@link EngineClosedException}). Bad arguments and sends to an
 * engine that is not running throw at once, for asks too.
 *
 * <p>Messages from one sender thread to one slot are handled in the order they were sent.
 *
 * @param <M> the type of message the group takes
 * @param <R> the type of answer its asks complete with
 */
public final class Distributor<M, R> {
    private final Group group;
    private final Sender sender;
    private final long defaultTimeoutNanos;
    /** The group's declared message class; null when it is {@code Object} (nothing to check). */
    private final Class<?> messageType;

    Distributor(Group group, long defaultTimeoutNanos) {
        this.group = group;
        this.sender = group.sender();
        this.defaultTimeoutNanos = defaultTimeoutNanos;
        Class<?> type = group.spec().messageType();
        this.messageType = type == Object.class ? null : type;
    }

    /** @return the group's name */
    public String name() {
        return group.name();
    }

    /** The group's definition, for the engine's typed lookups. */
    GroupSpec<?, ?> spec() {
        return group.spec();
    }

    /** @return the number of slots in the group now (it changes with {@link Engine#resize(String, int)}) */
    public int redundancy() {
        return group.size();
    }

    /**
     * Sends a message to one slot. Allocates nothing.
     *
     * @param message the message; not null, an instance of the group's message type
     * @throws RingFullException        if the slot's ring is full and the backpressure policy is
     *                                  {@code block} (after its bound) or {@code failFast}
     * @throws GroupStoppedException   if every slot of the group stopped for good
     * @throws IllegalStateException    if the engine is not started, or {@link EngineClosedException}
     *                                  if it was closed
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was sent)
     */
    public void tellOne(M message) {
        sender.tell(requireMessage(message));
    }

    /**
     * Sends a message to one slot if its ring has room now; never waits, never dead-letters.
     *
     * @param message the message; not null, an instance of the group's message type
     * @return true if it was accepted, false if the chosen slot was full or none was running
     * @throws GroupStoppedException if every slot of the group stopped for good
     * @throws IllegalStateException if the engine is not started, or {@link EngineClosedException} if
     *                               it was closed
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was sent)
     */
    public boolean tryTellOne(M message) {
        return sender.tryTell(requireMessage(message));
    }

    /**
     * Sends the same message to every slot that is running or restarting (a restarting slot keeps it
     * in its ring for its next handler); stopped slots are skipped. <b>All or nothing</b>: either
     * every one of those slots takes it, or none does and this throws, so a caller that retries a
     * refused broadcast never duplicates it. Under {@link Backpressure#block(Duration)} it waits for
     * room in a full ring, without holding up the other slots, up to the bound; under
     * {@link Backpressure#deadLetter()} a refused broadcast is one {@code RING_FULL} dead letter and
     * this returns 0. Each copy is addressed to its slot: if that slot stops for good before handling
     * it, the copy is dead-lettered ({@code GROUP_STOPPED}), never moved to another slot.
     *
     * @param message the message; not null, an instance of the group's message type
     * @return how many slots accepted it
     * @throws RingFullException     if a slot's ring was full (after the bound, under {@code block};
     *                               at once under {@code failFast}); then no slot took the message
     * @throws GroupStoppedException if every slot of the group stopped for good
     * @throws IllegalStateException if the engine is not started, or {@link EngineClosedException} if
     *                               it was closed
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was sent)
     */
    public int tellEveryone(M message) {
        return sender.tellEveryone(requireMessage(message));
    }

    /**
     * Sends many messages, each to one slot as {@link #tellOne} would choose, with one claim per
     * slot for its share instead of one per message (one per ring's worth if a share is larger than
     * the ring). A separate method, not an overload: a message that happens to be a {@code List} still
     * goes through {@link #tellOne} whole.
     *
     * <p>What the caller learns when only some slots can take their share: the result says how many
     * messages each slot accepted and returns the refused ones. Per slot, a claim is all or nothing,
     * and a refused claim refuses the rest of that slot's share, so each slot accepts a prefix of its
     * share in the caller's order and resending {@link BatchResult#refused()} keeps every slot's
     * order. Nothing is half-accepted silently: an accepted message has {@code tellOne}'s guarantee,
     * a refused one was not accepted and is never dead-lettered, whatever the group's backpressure
     * policy. Under {@link Backpressure#block(Duration)} full rings are waited for, within one bound
     * for the whole call; otherwise never. Messages do not spill to another slot.
     *
     * <p>Allocates per call only its result (the routes live in an array reused by the calling
     * thread), not per message.
     *
     * @param messages the messages, in order; none null
     * @return what each slot accepted, and what was refused
     * @throws NullPointerException  if the list or one of its messages is null (nothing was sent)
     * @throws GroupStoppedException if every slot of the group stopped for good (nothing was sent), or
     *                               {@link SlotUnavailableException} if none can take a message now
     * @throws IllegalStateException if the engine is not started, or {@link EngineClosedException} if
     *                               it was closed
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was sent)
     */
    public BatchResult tellBatch(List<? extends M> messages) {
        Objects.requireNonNull(messages, () -> "message list to group '" + group.name() + "'");
        for (int i = 0; i < messages.size(); i++) {
            M m = messages.get(i);
            if (m == null) {
                throw new NullPointerException("message " + i + " of the batch to group '" + group.name()
                        + "' is null: nothing was sent");
            }
            if (messageType != null && !messageType.isInstance(m)) {
                throw wrongType(m, "message " + i + " of the batch; nothing was sent");
            }
        }
        return sender.tellBatch(messages);
    }

    /**
     * Asks one slot, with the engine's default ask timeout.
     *
     * @param message the message; not null, an instance of the group's message type
     * @return the answer's future; it completes exactly once
     * @throws IllegalStateException if the engine is not started, or {@link EngineClosedException} if it
     *                               was closed
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was sent)
     */
    public CompletableFuture<R> askOne(M message) {
        return sender.ask(requireMessage(message), defaultTimeoutNanos);
    }

    /**
     * Asks one slot.
     *
     * @param message the message; not null, an instance of the group's message type
     * @param timeout how long to wait for the answer; positive
     * @return the answer's future; it completes exactly once, at the latest with an
     *         {@link AskTimeoutException} once {@code timeout} has passed. Its {@code get} and
     *         {@code join} wait as the group's {@link WaitStrategy} says
     *         ({@link WaitStrategy#backOff(int)}: spin, yield, then park) before parking as any
     *         {@code CompletableFuture} does
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was
     *                                  sent), if the timeout is not positive
     * @throws IllegalStateException    if the engine is not started, or {@link EngineClosedException}
     *                                  if it was closed
     */
    public CompletableFuture<R> askOne(M message, Duration timeout) {
        return sender.ask(requireMessage(message), timeoutNanos(timeout));
    }

    /**
     * Asks one slot and waits for the answer in the calling thread, allocating nothing in steady
     * state: the answer comes back through a reply cell kept per calling thread (and group) and
     * reused ask after ask. For callers that would block on {@code askOne(...).join()} anyway.
     *
     * <p>What the caller gets: exactly what {@code askOne(message, timeout).join()} would give —
     * the answer, or a {@link java.util.concurrent.CompletionException} whose cause is the handler's
     * failure, the refusal ({@link RingFullException}, {@link SlotUnavailableException},
     * {@link GroupStoppedException}, {@link EngineClosedException}) or an
     * {@link AskTimeoutException} once {@code timeout} has passed on the engine's clock.
     *
     * <p>How it waits: the group's {@link WaitStrategy} ({@link WaitStrategy#backOff(int)}): with the
     * default {@link WaitStrategy#backoffThenPark()}, a bounded spin, a bounded run of yields, then a
     * park; the replying slot unparks the caller only if it really parked. An interrupt does not end
     * the wait (as with {@code join()}); it is still set on return.
     *
     * <p>An answer that comes after the timeout (a handler's late or deferred reply) is never taken
     * for the answer of a later ask from the same thread: each ask is a new generation of the cell,
     * and a reply for an older one goes to dead letters as {@code LATE_REPLY}. If the engine gives
     * up a stuck slot at its close deadline, a synchronous ask queued there ends at its timeout.
     *
     * @param message the message; not null, an instance of the group's message type
     * @param timeout how long to wait for the answer; positive
     * @return the answer
     * @throws java.util.concurrent.CompletionException as described above
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was
     *                                  sent), if the timeout is not positive
     * @throws IllegalStateException    if the engine is not started, or {@link EngineClosedException}
     *                                  if it was closed
     */
    public R askOneSync(M message, Duration timeout) {
        return sender.askSync(requireMessage(message), timeoutNanos(timeout), null);
    }

    /**
     * As {@link #askOneSync(Object, Duration)}, the caller waiting as {@code callerWait} says instead
     * of the group's strategy: {@link WaitStrategy#yielding()} to match a yielding slot (a whole core
     * while waiting), {@link WaitStrategy#backoffThenPark()} to never spin for long.
     *
     * @param message    the message; not null, an instance of the group's message type
     * @param timeout    how long to wait for the answer; positive
     * @param callerWait how this caller waits; not null
     * @return the answer
     * @throws java.util.concurrent.CompletionException as for {@link #askOneSync(Object, Duration)}
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was sent)
     */
    public R askOneSync(M message, Duration timeout, WaitStrategy callerWait) {
        Objects.requireNonNull(callerWait, () -> "caller wait strategy for group '" + group.name() + "'");
        return sender.askSync(requireMessage(message), timeoutNanos(timeout), callerWait);
    }

    /**
     * Asks every slot, with the engine's default ask timeout.
     *
     * @param message the message; not null, an instance of the group's message type
     * @return one future per slot, in slot order; a restarting slot answers after its restart, a
     *         stopped slot fails its future with {@link SlotUnavailableException}
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was sent)
     */
    public List<CompletableFuture<R>> askEveryone(M message) {
        return sender.askEveryone(requireMessage(message), defaultTimeoutNanos);
    }

    /**
     * Asks every slot.
     *
     * @param message the message; not null, an instance of the group's message type
     * @param timeout how long to wait for each answer; positive
     * @return one future per slot, in slot order
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was sent)
     */
    public List<CompletableFuture<R>> askEveryone(M message, Duration timeout) {
        return sender.askEveryone(requireMessage(message), timeoutNanos(timeout));
    }

    /**
     * Sends a message to one given slot, bypassing the balancer: for a message that only that slot
     * can act on (its connection, its partition, its cache). The message is addressed to the slot: it
     * never spills to another slot, and if the slot stops for good before handling it, it is
     * dead-lettered ({@code GROUP_STOPPED}), never moved. A restarting slot keeps it in its ring for
     * its next handler. Backpressure applies to that slot's ring.
     *
     * @param slot    the slot's index, in {@code [0, redundancy())}
     * @param message the message; not null, an instance of the group's message type
     * @throws IllegalArgumentException  if the message is not of the group's message type (nothing was
     *                                  sent), if there is no such slot
     * @throws SlotUnavailableException  if that slot stopped for good, or a resize removed it (the
     *                                  message was not accepted; one it accepted before is handled there)
     * @throws RingFullException         if its ring is full (after the bound, under {@code block})
     * @throws GroupStoppedException     if every slot of the group stopped for good
     * @throws IllegalStateException     if the engine is not started, or {@link EngineClosedException}
     *                                   if it was closed
     */
    public void tellTo(int slot, M message) {
        sender.tellTo(slot, requireMessage(message));
    }

    /**
     * Asks one given slot, with the engine's default ask timeout; see {@link #tellTo(int, Object)}.
     *
     * @param slot    the slot's index, in {@code [0, redundancy())}
     * @param message the message; not null, an instance of the group's message type
     * @return the answer's future; it completes exactly once (with {@link SlotUnavailableException}
     *         if that slot stopped for good or a resize removed it)
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was
     *                                  sent), if there is no such slot
     */
    public CompletableFuture<R> askTo(int slot, M message) {
        return sender.askTo(slot, requireMessage(message), defaultTimeoutNanos);
    }

    /**
     * Asks one given slot; see {@link #tellTo(int, Object)}.
     *
     * @param slot    the slot's index, in {@code [0, redundancy())}
     * @param message the message; not null, an instance of the group's message type
     * @param timeout how long to wait for the answer; positive
     * @return the answer's future; it completes exactly once
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was
     *                                  sent), if there is no such slot, or the timeout is not positive
     */
    public CompletableFuture<R> askTo(int slot, M message, Duration timeout) {
        return sender.askTo(slot, requireMessage(message), timeoutNanos(timeout));
    }

    /** On every send: a null check, one final-field load and an {@code isInstance}; allocates nothing. */
    private Object requireMessage(Object message) {
        if (message == null) {
            throw new NullPointerException("message to group '" + group.name() + "' must not be null");
        }
        if (messageType != null && !messageType.isInstance(message)) {
            throw wrongType(message, "nothing was sent");
        }
        return message;
    }

    private IllegalArgumentException wrongType(Object message, String what) {
        return new IllegalArgumentException("group '" + group.name() + "' takes " + messageType.getName() + "; got "
                + message.getClass().getName() + " (" + what + ")");
    }

    private long timeoutNanos(Duration timeout) {
        if (timeout == null) { // not requireNonNull with a capturing lambda: allocation-free without escape analysis
            throw new NullPointerException("ask timeout for group '" + group.name() + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("ask timeout for group '" + group.name() + "' must be positive, was "
                    + timeout);
        }
        return timeout.toNanos();
    }

    @Override
    public String toString() {
        return "Distributor[" + group.name() + "]";
    }

    /**
     * Sends a message to one slot, as {@link #tellOne(Object)}, with a context that rides with it:
     * its handler reads it with {@link Context#correlation()}, and a dead letter
     * ({@link DeadLetter#correlation()}) and the {@code rampart.RingFull} and {@code rampart.SlowHandler}
     * JFR events carry it. Typically a trace or correlation id; {@code tellOne(message, null)} is
     * {@code tellOne(message)}.
     *
     * <pre>{@code
     * orders.tellOne(new Order(42), request.traceId());
     * }</pre>
     *
     * @param message the message; not null
     * @param context the message's context, or null for none
     * @throws RingFullException     as for {@link #tellOne(Object)}
     * @throws GroupStoppedException as for {@link #tellOne(Object)}
     * @throws IllegalStateException as for {@link #tellOne(Object)}
     * @throws IllegalArgumentException as for {@link #tellOne(Object)}
     */
    public void tellOne(M message, Object context) {
        sender.tell(requireMessage(message), context);
    }

    /**
     * Asks one slot, as {@link #askOne(Object, Duration)}, with a context that rides with the message
     * (see {@link #tellOne(Object, Object)}).
     *
     * @param message the message; not null
     * @param context the message's context, or null for none
     * @param timeout how long to wait for the answer; positive
     * @return the answer's future; it completes exactly once
     * @throws IllegalArgumentException if the message is not of the group's message type (nothing was
     *                                  sent), or the timeout is not positive
     * @throws IllegalStateException    if the engine is not started, or {@link EngineClosedException}
     *                                  if it was closed
     */
    public CompletableFuture<R> askOne(M message, Object context, Duration timeout) {
        return sender.ask(requireMessage(message), context, timeoutNanos(timeout));
    }
}
