package io.rampart.internal;

import io.rampart.BatchAware;
import io.rampart.DeadLetter;
import io.rampart.Directive;
import io.rampart.EngineClosedException;
import io.rampart.GroupSpec;
import io.rampart.GroupStoppedException;
import io.rampart.Handler;
import io.rampart.Lifecycle;
import io.rampart.NoReplyException;
import io.rampart.RampartException;
import io.rampart.Reply;
import io.rampart.Scheduler;
import io.rampart.SlotInfo;
import io.rampart.SlotMetrics;
import io.rampart.SlotState;
import io.rampart.WaitStrategy;
import com.lmax.disruptor.Sequence;
import org.HdrHistogram.Histogram;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A stable position in a group: its ring, its consumer thread, and its current handler. The slot
 * outlives its handlers: a restart replaces the handler in place, on the same thread, and the
 * messages queued in the ring stay where they are. Whatever addresses the slot stays valid.
 *
 * <p>The consumer commits its position after every message ({@link SlotRing#release}) rather than
 * at the end of a batch as Disruptor's {@code BatchEventProcessor} does, so a failure in the middle
 * of a batch can never replay the messages before it. The commit is a release store: no fence.
 *
 * <p>Requests from other threads (restart, stop) bump {@link #requests}; the consumer compares it
 * with the last value it saw before each message. That is one read of a line nobody writes on the
 * hot path, which keeps restarts out of the per-message cost.
 */
public final class Slot implements Runnable {
    private static final System.Logger LOG = System.getLogger(Slot.class.getName());
    private static final VarHandle OUT;

    static {
        try {
            OUT = MethodHandles.lookup().findVarHandle(Slot.class, "out", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Requests to stop for good, weakest first: a stronger request replaces a weaker one. */
    enum Stop {
        /** No stop requested. */
        NONE,
        /** Stop for good, handing queued messages over in order to one of the group's running slots. */
        HAND_OVER,
        /** Stop for good with the group: queued messages to dead letters, asks failed. */
        GROUP,
        /** The engine's close deadline passed while this slot was stuck: dead-letter the rest and exit. */
        ABANDON;

        boolean requested() {
            return this != NONE;
        }
    }

    /**
     * What a slot needs from its group: its definition, handlers, the hand-over of its queue, dead
     * letters, the clock, and where to report a failure, a start, a stop and its thread's end. The
     * group implements it; the slot knows nothing else above it.
     */
    interface Host {
        String groupName();

        String engineName();

        GroupSpec<?, ?> spec();

        Handler<Object> newHandler(int slot);

        long nanoTime();

        DeadLetters deadLetters();

        /** The handler failed (or its factory did): supervision decides, and calls back with a request. */
        void failed(Slot slot, Throwable cause, Object failingMessage, Directive directive);

        /** The slot made its first handler, or gave up trying. */
        void started(Slot slot);

        /** The slot stopped for good. */
        void stopped(Slot slot);

        /** The slot's thread is ending. */
        void exited(Slot slot);

        /** The running slot that takes this slot's queue, in order; null if none. */
        Slot handOverTarget(Slot from, Object firstMessage);

        /** Moves one message into {@code to}, waiting for room until the deadline; false if it could not. */
        boolean handOver(Slot to, Delivery from, long deadlineNanos);
    }

    private final Host host;
    final int index;
    final SlotRing<Delivery> ring;
    private final WaitStrategy wait;
    private final SlotContext ctx;
    /** The wait strategy's way to park this slot; a field, so idling allocates nothing. */
    private final WaitStrategy.Parker parker = this::park;
    private final Lifecycle lifecycle;

    private volatile SlotState state = SlotState.NEW;
    private final Doorbell doorbell = new Doorbell();
    /** 1 once the engine stopped waiting for this slot: it exited, or was abandoned at the close deadline. */
    @SuppressWarnings("unused")
    private volatile int out;
    /** The sequence to drain up to once the ring is closed; -1 while open. */
    private volatile long drainTarget = -1;
    /**
     * The engine is closing (not merely this slot retiring after a resize): a restart skips its
     * backoff, since what was accepted must drain before the close deadline.
     */
    private volatile boolean closing;
    /** Counted down once the slot made its first handler or gave up trying: a grow waits for it. */
    private final CountDownLatch firstHandler = new CountDownLatch(1);
    private volatile Throwable startFailure;
    private volatile Thread thread;
    /** Written by the stall watch only: busy on one message past the group's threshold. */
    private volatile boolean stalled;

    // Control plane: written under the supervision lock (or by the closer), read by the consumer.
    private volatile int requests;
    private volatile Stop stop = Stop.NONE;
    private volatile String stopReason;
    private final RestartGenerations generations = new RestartGenerations();
    private volatile Throwable restartCause;
    private volatile Object restartMessage;

    // Consumer-thread state.
    private Handler<Object> handler;
    /** The handler, if it asked for batch callbacks ({@link BatchAware}); else null and batches cost nothing. */
    private BatchAware batch;
    /** Batch-aware only: the end (exclusive) of the batch found at its start, and its last message's sequence. */
    private long batchEnd;
    private long batchLast = -1;
    /** Batch-aware only: a message was handled since the ring last ran dry. */
    private boolean busy;
    private int seenRequests;
    private boolean startReported;
    private long restartApplied;

    /** Counters written only by the consumer; padded so producers reading slot state never share their line. */
    private final Sequence handled = new Sequence(0);
    private final Sequence failures = new Sequence(0);
    private final Sequence restarts = new Sequence(0);
    /** Sends refused because this ring was full: counted by the refusing senders, on the refusal path only. */
    private final LongAdder ringFullRefusals = new LongAdder();
    /** The slot's latency recorders when its group records latency, else null (and nothing is recorded). */
    private final Latency latency;
    /** When its group interrupts stalled handlers: what confines that interrupt to the stalled call; else null. */
    private final InterruptGate gate;

    Slot(Host host, int index, int ringSize, WaitStrategy wait, Lifecycle lifecycle) {
        this.host = host;
        this.index = index;
        this.ring = new SlotRing<>(ringSize, Delivery::new);
        this.wait = wait;
        this.lifecycle = lifecycle;
        this.ctx = new SlotContext(host.groupName(), index, host.spec().answerType());
        this.latency = host.spec().recordLatency() ? new Latency() : null;
        this.gate = host.spec().interruptsWhenStalled() ? new InterruptGate(new InterruptGate.Target() {
            @Override
            public void interrupt() {
                Thread t = thread;
                if (t != null) {
                    t.interrupt();
                }
            }

            @Override
            public void clear() {
                Thread.interrupted(); // on the consumer's own thread
            }
        }) : null;
    }

    /**
     * The stall watch, on a slot it found stalled at position {@code seq}: interrupts the handler if
     * it is still inside its call on that message (see {@link InterruptGate}).
     *
     * @return whether it interrupted; false if the group does not interrupt or the call has returned
     */
    boolean interruptStalled(long seq) {
        return gate != null && gate.interrupt(seq);
    }

    /** @return the slot's position in its group, from 0 */
    public int index() {
        return index;
    }

    /** @return a snapshot of the slot for {@code Engine.slots()} */
    public SlotInfo info() {
        return new SlotInfo(host.groupName(), index, state, ring.backlog(), handled(), failures(), restarts(), stalled);
    }

    /** @return a snapshot of the slot for {@code Engine.metrics()} */
    public SlotMetrics metrics() {
        Histogram[] h = latency != null ? latency.snapshot() : null;
        return new SlotMetrics(host.groupName(), index, state, ring.backlog(), handled(), failures(), restarts(),
                ringFullRefusals.sum(), stalled, h != null ? h[0] : null, h != null ? h[1] : null);
    }

    /** A sender found this slot's ring full and refused its message. */
    void refusedFull() {
        ringFullRefusals.increment();
    }

    /** Any thread, for diagnostics: the context of the message being handled, or null (racy: may be stale). */
    Object currentCorrelation() {
        return ctx.correlation();
    }

    SlotState state() {
        return state;
    }

    /** Running and not stalled: what the balancers and the sender's choices may pick. */
    boolean isRunning() {
        return state == SlotState.RUNNING && !stalled;
    }

    boolean isStalled() {
        return stalled;
    }

    void markStalled(boolean stalled) {
        this.stalled = stalled;
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
        doorbell.bind(t);
        t.start();
    }

    /** Producer side, after publishing: wake the consumer if it parked. */
    void wakeIfParked() {
        doorbell.ring();
    }

    /**
     * Marks the slot as no longer awaited by the engine's termination; true for the first caller
     * only (the slot's own exit, or the closer abandoning it).
     */
    boolean markOut() {
        return OUT.compareAndSet(this, 0, 1);
    }

    /** Engine close: stop accepting; the consumer drains what was accepted, then exits. */
    void close() {
        closing = true; // before the drain starts: a restart now skips its backoff
        retire();
    }

    /**
     * A resize removed this slot: stop accepting; the consumer drains what was accepted with its own
     * handler, in order (a restart first waits out its backoff, as it would have), then exits. The
     * ring's close is the handshake with senders: a claim lands before it (and is drained) or fails.
     */
    void retire() {
        drainTarget = ring.close();
        LockSupport.unpark(thread);
    }

    /** Waits, keeping an interrupt for the caller, until the slot made its first handler or gave up. */
    void awaitStartedUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                firstHandler.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- requests from the supervisor (under its lock) and the closer ----------------------------

    /** Asks the consumer to replace its handler once {@code delayNanos} have passed. */
    void requestRestart(Throwable cause, Object failingMessage, long delayNanos, Scheduler scheduler) {
        if (stop.requested()) {
            return;
        }
        restartCause = cause;
        restartMessage = failingMessage;
        long generation = generations.request();
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
        generations.grant(generation);
        LockSupport.unpark(thread);
    }

    /**
     * Asks the consumer to stop for good; a stronger kind replaces a weaker one. Called under the
     * supervision lock, so two requests never interleave.
     */
    void requestStop(Stop kind, String reason) {
        if (kind.compareTo(stop) <= 0) {
            return;
        }
        stopReason = reason;
        stop = kind;
        if (kind == Stop.ABANDON) {
            state = SlotState.ABANDONED;
        } else if (state != SlotState.NEW) {
            state = SlotState.STOPPED; // no new messages from now on
        }
        requests++;
        LockSupport.unpark(thread);
    }

    // ---- the consumer thread -------------------------------------------------------------------

    @Override
    public void run() {
        try {
            hook("beforeStart", () -> lifecycle.beforeStart(host.groupName(), index));
            try {
                useHandler(host.newHandler(index));
            } catch (Throwable t) {
                startFailure = t;
                state = SlotState.STOPPED;
                reportStarted();
                return;
            }
            if (state == SlotState.NEW) {
                state = SlotState.RUNNING;
            }
            reportStarted();
            hook("afterStart", () -> lifecycle.afterStart(host.groupName(), index));
            consume();
        } catch (Throwable bug) {
            // Not a handler failure (those are caught per message): an engine bug or a fatal error.
            // Whatever is queued must still be accounted for.
            LOG.log(Level.ERROR, this + ": consumer failed; dead-lettering its queue", bug);
            drainAway(DeadLetter.Reason.GROUP_STOPPED, new RampartException(this + ": consumer failed", bug), false);
        } finally {
            if (state != SlotState.ABANDONED) {
                state = SlotState.STOPPED;
            }
            reportStarted(); // releases start() if the slot never got that far
            host.exited(this);
        }
    }

    /** Counts this slot once in the group's start latch, whichever way it got there. */
    private void reportStarted() {
        if (!startReported) {
            startReported = true;
            host.started(this);
            firstHandler.countDown();
        }
    }

    /**
     * The consumer loop: control requests first, then the next message, then the drain's end, else an
     * idle step of the wait strategy.
     */
    private void consume() {
        long next = ring.head();
        int idle = 0;
        while (true) {
            if (requests != seenRequests) {
                if (!control()) {
                    return;
                }
                next = ring.head();
                batchEnd = 0; // a new handler (or none): the next message starts a batch
                continue;
            }
            Delivery e = ring.poll(next);
            if (e != null) {
                if (batch != null) {
                    if (next >= batchEnd) {
                        startBatch(next);
                    }
                    busy = true;
                }
                next = process(e, next);
                idle = 0;
            } else if (drainTarget >= 0 && next >= drainTarget) {
                hook("afterStop", () -> lifecycle.afterStop(host.groupName(), index));
                return;
            } else {
                if (busy) {
                    ranDry();
                }
                idle = idle(idle, next);
            }
        }
    }

    /**
     * One published event: passes over a skip, handles a message, and commits past it; a failing
     * message is kept at the head for a retry or settled (dead letter, or its ask failed).
     *
     * @return the next sequence to wait for ({@code seq} again when the message is kept)
     */
    private long process(Delivery e, long seq) {
        Object message = e.message;
        if (message == Delivery.SKIP) {
            return commit(e, seq);
        }
        Throwable failure = handle(e, message, seq);
        if (failure == null) {
            return commit(e, seq);
        }
        return fail(e, seq, message, failure);
    }

    /**
     * A message its handler failed on: the group's decider chooses the directive. Under
     * {@code RESTART}, while the message has retries left, it stays at the head for the restarted
     * handler; otherwise it is settled and committed. Supervision hears of every directive but
     * {@code RESUME}, which keeps the handler.
     *
     * @return the next sequence to wait for ({@code seq} again when the message is kept)
     */
    private long fail(Delivery e, long seq, Object message, Throwable failure) {
        Directive directive = decide(failure, message);
        if (directive == Directive.RESTART && e.failures < host.spec().retries() && retryable(e.ask, e.token)) {
            e.failures++; // keep it: the restarted handler gets it again
            e.lastFailure = failure;
            failed(failure, message, directive);
            return seq;
        }
        settle(e, message, failure);
        long next = commit(e, seq);
        failed(failure, message, directive);
        return next;
    }

    /** The group's directive for a failure; RESTART (logged) if the decider throws or answers null. */
    private Directive decide(Throwable failure, Object message) {
        try {
            Directive d = host.spec().failureDecider().decide(failure, message);
            if (d != null) {
                return d;
            }
            LOG.log(Level.WARNING, () -> this + ": failure decider returned null for " + failure + "; restarting");
        } catch (Throwable t) {
            LOG.log(Level.WARNING, this + ": failure decider threw on " + failure + "; restarting", t);
        }
        return Directive.RESTART;
    }

    /**
     * Done with the event at {@code seq}: frees it for its next lap and releases it to producers, one
     * event at a time (never per batch, so a failure can never replay an earlier message).
     *
     * @return the next sequence
     */
    private long commit(Delivery e, long seq) {
        e.clear();
        ring.release(seq + 1);
        return seq + 1;
    }

    /** Runs the handler on one message; returns its failure or null. Never throws. */
    private Throwable handle(Delivery e, Object message, long seq) {
        Pending ask = e.ask;
        long token = e.token;
        if (ask != null && ask.isDone(token)) {
            host.deadLetters().send(host.groupName(), index, DeadLetter.Reason.EXPIRED_ASK, message, null, e.correlation);
            return null;
        }
        ctx.bind(ask, token, e.correlation);
        if (batch != null) {
            ctx.endOfBatch(seq == batchLast);
        }
        Latency lat = latency;
        long start = lat != null ? lat.dequeued(e.publishedAt, e.failures == 0) : 0;
        InterruptGate g = gate;
        if (g != null) {
            g.enter(seq);
        }
        try {
            handler.handle(message, ctx);
            if (ask != null && !ask.isAnswered(token) && !ctx.deferred()) {
                ask.tryFail(token, new NoReplyException(host.groupName(), index));
            }
            handled.set(handled.get() + 1);
            return null;
        } catch (Throwable t) {
            return t;
        } finally {
            if (g != null && g.exit(seq)) {
                LOG.log(Level.DEBUG, () -> this + ": the handler call interrupted as stalled has returned");
            }
            ctx.unbind();
            if (lat != null) {
                lat.handled(start);
            }
        }
    }

    /**
     * Whether a failed message may be given again: a tell, or an ask its handler neither answered nor
     * deferred. Once the answer was given or handed to a {@link Reply}, running the handler again
     * would answer twice.
     */
    private boolean retryable(Pending ask, long token) {
        return ask == null || !ask.isAnswered(token) && !ctx.deferred() && !ask.isDone(token);
    }

    /**
     * A failing message out of retries: its ask fails with the cause (a reply the handler deferred
     * and sends later is then late), or a tell goes to dead letters.
     */
    private void settle(Delivery e, Object message, Throwable cause) {
        Pending ask = e.ask;
        if (ask == null || !ask.tryFail(e.token, cause)) {
            host.deadLetters().send(host.groupName(), index, DeadLetter.Reason.HANDLER_FAILED, message, cause,
                    e.correlation);
        }
    }

    private void failed(Throwable cause, Object message, Directive directive) {
        failures.set(failures.get() + 1);
        if (directive != Directive.RESUME) {
            host.failed(this, cause, message, directive);
        }
    }

    /** Acts on pending requests; false when the consumer must exit. */
    private boolean control() {
        seenRequests = requests;
        Stop requested = stop;
        if (requested.requested()) {
            stop(requested);
            return false;
        }
        if (generations.requested() != restartApplied) {
            return restart();
        }
        return true;
    }

    /** Waits out the backoff and makes a new handler; false when the consumer must exit. */
    private boolean restart() {
        if (!stop.requested()) {
            state = SlotState.RESTARTING;
        }
        Throwable cause = restartCause;
        Object message = restartMessage;
        hook("beforeRestart", () -> lifecycle.beforeRestart(host.groupName(), index, cause, message));
        while (true) {
            if (host.spec().redistributeWhileRestarting()) {
                handOverQueued(); // again at each wake: messages keep arriving while the state changes
            }
            long wanted = generations.requested();
            if (stop.requested()) {
                return true; // control() sees the stop next
            }
            // Closing skips the backoff: what was accepted must drain.
            if (generations.granted() >= wanted || closing) {
                restartApplied = wanted;
                break;
            }
            Thread.interrupted(); // a handler's leftover interrupt would turn this wait into a spin
            LockSupport.park(this);
        }
        try {
            useHandler(host.newHandler(index));
        } catch (Throwable t) {
            failures.set(failures.get() + 1);
            if (closing) {
                // Closing: no backoff is waited out any more, so another try would come at once and
                // fail the same way (a lost connection), in a hot loop until the close deadline. One
                // try is what a closing engine owes; the queue goes to dead letters with the cause.
                LOG.log(Level.WARNING, () -> this + ": handler factory failed while the engine was closing; "
                        + "dead-lettering its queue: " + t);
                state = SlotState.STOPPED;
                drainAway(DeadLetter.Reason.ENGINE_CLOSED, new RampartException(this
                        + ": handler factory failed while the engine was closing", t), false);
                hook("afterStop", () -> lifecycle.afterStop(host.groupName(), index));
                return false;
            }
            host.failed(this, t, null, Directive.RESTART); // a factory failure: always restarted with backoff
            return true;
        }
        restarts.set(restarts.get() + 1);
        if (!stop.requested() && generations.requested() == restartApplied && state == SlotState.RESTARTING) {
            state = SlotState.RUNNING;
        }
        hook("afterRestart", () -> lifecycle.afterRestart(host.groupName(), index));
        return true;
    }

    private void stop(Stop kind) {
        state = SlotState.STOPPED;
        switch (kind) {
            case HAND_OVER -> drainAway(null, null, true);
            case GROUP -> drainAway(DeadLetter.Reason.GROUP_STOPPED,
                    new GroupStoppedException(host.groupName(), stopReason), false);
            case ABANDON, NONE -> drainAway(DeadLetter.Reason.ENGINE_CLOSED, new EngineClosedException(
                    "engine '" + host.engineName() + "' gave up on " + this + " at its close deadline"), false);
        }
        if (kind != Stop.ABANDON) {
            hook("afterStop", () -> lifecycle.afterStop(host.groupName(), index));
        }
        host.stopped(this);
    }

    /**
     * Closes the ring and empties it. A message kept for a retry is settled with its own failure.
     * With {@code handOver}, the queue moves <b>in order to one running slot</b> (see
     * {@link Group#handOverTarget}), waiting for room there up to one backpressure bound for the
     * whole drain; from the first message that cannot move, the rest go to dead letters rather than to
     * another slot, which would let them overtake the ones already moved. Without hand-over (or once
     * it has failed) every message goes to dead letters with {@code reason}, its ask failed with
     * {@code cause}. An abandon request (close deadline) switches to dead-lettering at once.
     */
    private void drainAway(DeadLetter.Reason reason, RampartException cause, boolean handOver) {
        long target = ring.close();
        long deadline = host.nanoTime() + host.spec().backpressure().waitNanos();
        Slot to = null;
        boolean moving = handOver;
        for (long seq = ring.head(); seq < target; seq++) {
            Delivery e = awaitPublished(seq);
            if (e == null) {
                return; // abandoned while a producer's claim stayed unpublished: see awaitPublished
            }
            Object message = e.message;
            if (message == Delivery.SKIP) {
                // given up by its producer: nothing to account for
            } else if (e.lastFailure != null) {
                settle(e, message, e.lastFailure);
            } else if (e.pinned) {
                // addressed to this slot: never moved; the messages behind it keep moving in order
                deadLetter(e, reason, cause, "the message was addressed to it (tellEveryone/askEveryone)");
            } else {
                if (moving && stop != Stop.ABANDON) {
                    if (to == null) {
                        to = host.handOverTarget(this, message);
                    }
                    moving = to != null && host.handOver(to, e, deadline);
                } else {
                    moving = false;
                }
                if (!moving) {
                    deadLetter(e, reason, cause, "no other running slot could take the message");
                }
            }
            commit(e, seq);
        }
    }

    /**
     * A drained message that cannot be handed over: its ask fails with {@code cause}, or the message
     * goes to dead letters with {@code reason}. Null {@code reason} and {@code cause} mean a stop for
     * good ({@code GROUP_STOPPED}, or {@code ENGINE_CLOSED} once abandoned), explained by {@code why}.
     */
    private void deadLetter(Delivery e, DeadLetter.Reason reason, RampartException cause, String why) {
        Object message = e.message;
        Pending ask = e.ask;
        long token = e.token;
        DeadLetter.Reason r = reason != null ? reason
                : stop == Stop.ABANDON ? DeadLetter.Reason.ENGINE_CLOSED : DeadLetter.Reason.GROUP_STOPPED;
        RampartException c = cause != null ? cause
                : new GroupStoppedException(host.groupName(), "slot " + index + " stopped for good; " + why);
        if (ask == null || !ask.tryFail(token, c)) {
            host.deadLetters().send(host.groupName(), index, r, message, c, e.correlation);
        }
    }

    /**
     * The event at {@code seq}, claimed before the ring closed, once its producer publishes it: the
     * producer is between two instructions (nothing runs between a claim and its publish). Should
     * that producer's thread die in between (only a VM error can do that), the event is never
     * published; the wait then ends when the engine abandons this slot at its close deadline, and
     * returns null. That send never returned, so it was never accepted.
     */
    private Delivery awaitPublished(long seq) {
        Delivery e;
        while ((e = ring.poll(seq)) == null) {
            if (stop == Stop.ABANDON) {
                return null;
            }
            Thread.yield();
        }
        return e;
    }

    /**
     * While restarting: move what is queued now, in order, to one running slot, without waiting for
     * room; what cannot move waits for the next handler. A message kept for a retry, or addressed to
     * this slot (a broadcast copy), stays at the head, and so does everything behind it.
     * Redistribution trades per-sender order for latency: the moved messages and those that stay run
     * on different slots.
     */
    private void handOverQueued() {
        long seq = ring.head();
        Slot to = null;
        Delivery e;
        while ((e = ring.poll(seq)) != null && e.failures == 0 && !e.pinned) {
            if (e.message != Delivery.SKIP) {
                if (to == null && (to = host.handOverTarget(this, e.message)) == null) {
                    return;
                }
                if (!host.handOver(to, e, host.nanoTime())) {
                    return;
                }
            }
            seq = commit(e, seq);
        }
    }

    /** A new handler instance: whether it wants batch callbacks is looked up once, here. */
    private void useHandler(Handler<Object> h) {
        handler = h;
        batch = h instanceof BatchAware b ? b : null;
        ctx.batchAware(batch != null);
        batchEnd = 0;
    }

    /**
     * Batch-aware only: a batch starts at {@code seq}. Counts the run of published entries from there
     * by reading their own sequences (not the producers' claim counter), at most a ring's worth, and
     * remembers the last one that holds a message (a skip is not one) for {@link io.rampart.Context#endOfBatch()}.
     */
    private void startBatch(long seq) {
        long end = seq;
        long last = -1;
        long size = 0;
        long limit = seq + ring.capacity();
        Delivery d;
        while (end < limit && (d = ring.poll(end)) != null) {
            if (d.message != Delivery.SKIP) {
                last = end;
                size++;
            }
            end++;
        }
        batchEnd = end;
        batchLast = last;
        if (size > 0) {
            try {
                batch.onBatchStart(size);
            } catch (Throwable t) {
                callbackFailed(t);
            }
        }
    }

    /** Batch-aware only: the ring ran dry after a busy spell. */
    private void ranDry() {
        busy = false;
        try {
            batch.onIdle();
        } catch (Throwable t) {
            callbackFailed(t);
        }
    }

    /** A batch callback threw: a failure of the handler, with no message; supervision decides. */
    private void callbackFailed(Throwable t) {
        failed(t, null, decide(t, null));
    }

    private void hook(String name, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "lifecycle hook " + name + " of " + this + " threw", t);
        }
    }

    private int idle(int count, long next) {
        wait.idle(count, next, parker);
        return count == Integer.MAX_VALUE ? count : count + 1;
    }

    /** Parks until a producer claims and publishes, by the {@link Doorbell}'s handshake; callers loop. */
    private void park(long next) {
        doorbell.arm();
        if (ring.claimedBeyond(next)) {
            Thread.yield(); // claimed, about to be published
        } else if (requests == seenRequests && drainTarget < 0) {
            doorbell.park();
        }
        doorbell.disarm();
    }

    @Override
    public String toString() {
        return "slot " + index + " of group '" + host.groupName() + "' (" + state + ", backlog " + ring.backlog() + ")";
    }
}
