package io.rampart.internal;

import io.rampart.Backpressure;
import io.rampart.GroupSpec;
import io.rampart.GroupStoppedException;
import io.rampart.ManualScheduler;
import io.rampart.SlotState;
import io.rampart.SlotUnavailableException;
import io.rampart.AskTimeoutException;
import io.rampart.WaitStrategy;
import io.rampart.balance.LoadBalancer;
import io.rampart.balance.Slots;
import io.rampart.BatchResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;

/**
 * A group's sequencer stage and send paths: the load balancer turns "this group" into "this slot",
 * then the send claims an event in that slot's ring, fills it and publishes it (ringing the
 * consumer's doorbell when its wait strategy may have parked it), applying the group's backpressure
 * policy when the ring is full. {@link Refusals} words every way a send is refused.
 *
 * <p>The tell path allocates nothing: the balancer reads live slot state through the group's
 * {@link Slots} view, and the message travels in a preallocated {@link Delivery}.
 */
public final class Sender {
    private final Core core;
    private final GroupSpec<?, ?> spec;
    /**
     * The group, whose current {@link SlotSet} each send reads once (one volatile read) and then
     * routes, spills and counts on: see {@link Members#current()}.
     */
    private final Members group;
    private final LoadBalancer balancer;
    private final Backpressure backpressure;
    /** Whether consumers may park without a timeout, so producers must check for one to wake. */
    private final boolean signal;
    private final Refusals refusals;
    /** Whether a send may go to another running slot when its slot's ring is full: the balancer's say. */
    private final boolean spills;

    /** How the group's consumers wait: by default, how its ask callers wait too. */
    private final WaitStrategy wait;
    /** Each caller thread's reusable cell for synchronous asks (per group: no state shared between engines). */
    private final ThreadLocal<ReplyCell> cells;
    /** What this group's future asks share: dead letters and their callers' wait. */
    private final AskSite askSite;
    /** This group's ask counts: timeouts and asks in flight. */
    private final AskStats askStats = new AskStats();
    /** Each sender thread's reused routes array for batch publish. */
    private final ThreadLocal<BatchScratch> batchScratch = ThreadLocal.withInitial(BatchScratch::new);
    /** Whether sends stamp their publish time for the slots' queue-wait histograms (recordLatency). */
    private final boolean stamp;

    /** {@link #send} result: the chosen ring was full, and so was every ring the send could spill to. */
    private static final int FULL = -1;
    /** {@link #send} result: the chosen ring is closed (its slot stopped for good, or the engine is closing). */
    private static final int CLOSED = -2;

    Sender(Core core, GroupSpec<?, ?> spec, Members group, LoadBalancer balancer, Refusals refusals) {
        this.core = core;
        this.spec = spec;
        this.group = group;
        this.balancer = balancer;
        this.backpressure = spec.backpressure();
        this.signal = spec.waitStrategy().producersSignal();
        this.refusals = refusals;
        this.spills = balancer.spillsOver();
        this.wait = spec.waitStrategy();
        this.askSite = new AskSite(spec.name(), core.deadLetters(), wait, spec.answerType(), askStats);
        this.stamp = spec.recordLatency();
        this.cells = ThreadLocal.withInitial(() -> new ReplyCell(spec.name(), core.deadLetters(), spec.answerType(),
                Thread.currentThread()));
    }

    public void tell(Object message) {
        tell(message, null);
    }

    /** A tell whose message carries {@code correlation} (null: none) to its handler and dead letters. */
    public void tell(Object message, Object correlation) {
        core.checkSending(spec.name());
        SlotSet set = group.current();
        for (int attempt = 0; attempt <= set.slots.length; ) {
            Slot slot = route(message, set);
            int sent = send(set, slot, message, correlation, null, 0, false, spills, backpressure.waitNanos(), 0);
            if (sent >= 0) {
                return;
            }
            if (sent == FULL) {
                refusals.rejectFull(slot, message, correlation);
                return;
            }
            core.checkSending(spec.name()); // closed ring: the engine is closing, the slot stopped or was removed
            SlotSet now = group.current(); // a removed slot's ring closes after the set without it is published
            attempt = nextAttempt(attempt, set, now);
            set = now;
        }
        throw refusals.unavailable(set);
    }

    public boolean tryTell(Object message) {
        core.checkSending(spec.name());
        refusals.checkNotStopped();
        SlotSet set = group.current();
        Slot[] slots = set.slots;
        int s = balancer.select(message, set);
        if (s < 0 || s >= slots.length || !slots[s].isRunning()) {
            return false;
        }
        int sent = send(set, slots[s], message, null, null, 0, false, spills, 0, 0);
        if (sent == CLOSED) {
            core.checkSending(spec.name()); // throws if the engine is closing; else the slot stopped
        }
        return sent >= 0;
    }

    /**
     * All or nothing: every slot that is running or restarting takes the message, or none does.
     * Claims are taken without waiting; if one ring is full, the claims already taken are given up
     * (published as skips, which their consumers pass over) and, under the block policy, the send
     * waits for room in that ring without holding any claim, then tries the whole set again, within
     * one bound. A slot whose ring is closed (stopping for good, or the engine closing) is skipped
     * like a stopped one.
     *
     * @return how many slots took it
     */
    public int tellEveryone(Object message) {
        return tellEveryone(message, false);
    }

    /**
     * {@link #tellEveryone(Object)}, but a full ring's refusal is always thrown, also under the
     * deadLetter policy (which dead-letters it first): an engine broadcast reports each group's
     * refusal rather than a bare 0.
     */
    public int tellEveryone(Object message, boolean throwRefusal) {
        core.checkSending(spec.name());
        refusals.checkNotStopped();
        // One set for the whole broadcast: a slot removed meanwhile takes its copy if its claim came
        // before its ring closed (its own consumer drains it), else is left out like a stopped one.
        Slot[] slots = group.current().slots;
        long[] claims = new long[slots.length];
        long deadline = 0;
        boolean deadlineSet = false;
        while (true) {
            Slot full = claimEveryone(slots, claims);
            if (full == null) {
                int reached = 0;
                for (int i = 0; i < slots.length; i++) {
                    if (claims[i] >= 0) {
                        publish(slots[i], claims[i], message, null, null, 0, true, 0);
                        reached++;
                    }
                }
                return reached;
            }
            if (!deadlineSet) {
                deadline = core.nanoTime() + backpressure.waitNanos();
                deadlineSet = true;
            }
            if (!awaitRoom(full, deadline)) {
                if (throwRefusal) {
                    throw refusals.refuseFull(full, message, null);
                }
                refusals.rejectFull(full, message, null);
                return 0;
            }
            core.checkSending(spec.name());
        }
    }

    /**
     * Many messages, routed one by one by the balancer, then published with one claim per slot for
     * its share (one per ring's worth if the share is larger). Per slot, all of a claim or none of
     * it; a refused claim refuses the rest of that slot's share (its order stays whole). Full rings
     * are waited for under the block policy, within one bound for the whole call; never
     * dead-lettered. Nothing spills: a message goes where the balancer put it.
     */
    public BatchResult tellBatch(List<?> messages) {
        core.checkSending(spec.name());
        int n = messages.size();
        // One set for the whole batch: indices in the result are this set's. A slot removed before
        // its share was claimed refuses that share (its ring is closed); it stays the caller's.
        SlotSet set = group.current();
        // The routes of the whole batch are found before anything is published (a balancer that
        // throws leaves nothing half sent); they live in this thread's reused scratch array.
        BatchScratch scratch = batchScratch.get();
        int[] slotOf = scratch.take(n);
        try {
            for (int i = 0; i < n; i++) {
                slotOf[i] = route(messages.get(i), set).index;
            }
            return publishBatch(set.slots, messages, n, slotOf);
        } finally {
            scratch.give(slotOf);
        }
    }

    /**
     * Publishes each slot's share of a routed batch, one claim per share (per ring's worth of it):
     * first counted, then claimed, then filled in the caller's order. Allocates only the result.
     */
    private BatchResult publishBatch(Slot[] slots, List<?> messages, int n, int[] slotOf) {
        long waitNanos = backpressure.waitNanos();
        long deadline = core.nanoTime() + waitNanos;
        int[] accepted = new int[slots.length];
        int acceptedTotal = 0;
        for (int k = 0; k < slots.length; k++) {
            Slot slot = slots[k];
            int capacity = slot.ring.capacity();
            int from = 0;
            while (true) {
                int size = 0;
                int end = from;
                for (; end < n && size < capacity; end++) {
                    if (slotOf[end] == k) {
                        size++;
                    }
                }
                if (size == 0) {
                    break;
                }
                long first = claimShare(slot, size, waitNanos > 0, deadline);
                if (first < 0) {
                    break; // refused: the rest of this slot's share is refused too, so its order stays whole
                }
                long now = stamp ? System.nanoTime() : 0;
                long seq = first;
                for (int i = from; i < end; i++) {
                    if (slotOf[i] == k) {
                        Delivery d = slot.ring.claimed(seq);
                        d.message = messages.get(i);
                        if (stamp) {
                            d.publishedAt = now;
                        }
                        slot.ring.publish(seq++);
                    }
                }
                wake(slot);
                accepted[k] += size;
                acceptedTotal += size;
                from = end;
            }
        }
        if (acceptedTotal == n) {
            return new BatchResult(accepted, List.of());
        }
        List<Object> refused = new ArrayList<>(n - acceptedTotal);
        int[] taken = new int[slots.length];
        for (int i = 0; i < n; i++) {
            int k = slotOf[i];
            if (taken[k] < accepted[k]) {
                taken[k]++;
            } else {
                refused.add(messages.get(i));
            }
        }
        return new BatchResult(accepted, refused);
    }

    /**
     * A thread's reusable routes array for {@link #tellBatch}. Taken out while in use, so a reentrant
     * batch on the same thread (from a user's {@code List.get} or balancer) gets a fresh one instead
     * of overwriting the routes of the batch it interrupted.
     */
    private static final class BatchScratch {
        private int[] array = new int[64];

        int[] take(int n) {
            int[] a = array;
            array = null;
            return a != null && a.length >= n ? a : new int[Math.max(n, 64)];
        }

        void give(int[] a) {
            array = a;
        }
    }

    /** One claim of {@code size} entries in {@code slot}'s ring, waiting for room until the deadline if allowed. */
    private long claimShare(Slot slot, int size, boolean mayWait, long deadline) {
        for (int round = 0; ; round++) {
            long first = slot.ring.tryClaim(size);
            if (first >= 0 || first == SlotRing.CLOSED || !mayWait || !pause(round, deadline)) {
                return first;
            }
        }
    }

    /**
     * Claims one event in every slot that takes everyone; {@code claims[i]} is the sequence, or -1
     * for a slot left out. Returns null, or the first slot found full after giving up every claim.
     */
    private Slot claimEveryone(Slot[] slots, long[] claims) {
        for (int i = 0; i < slots.length; i++) {
            Slot slot = slots[i];
            claims[i] = -1;
            if (!takesEveryone(slot)) {
                continue;
            }
            long seq = slot.ring.tryClaim();
            if (seq == SlotRing.FULL) {
                for (int j = 0; j < i; j++) {
                    if (claims[j] >= 0) {
                        skip(slots[j], claims[j]);
                        wake(slots[j]);
                    }
                }
                return slot;
            }
            claims[i] = seq; // a sequence, or CLOSED (negative): left out
        }
        return null;
    }

    public <R> CompletableFuture<R> ask(Object message, long timeoutNanos) {
        return ask(message, null, timeoutNanos);
    }

    /** An ask whose message carries {@code correlation} (null: none) to its handler and dead letters. */
    public <R> CompletableFuture<R> ask(Object message, Object correlation, long timeoutNanos) {
        core.checkSending(spec.name());
        Ask<R> ask = new Ask<>(askSite, timeoutNanos, core.nanoTime());
        // Tracked before it is claimed, so a close that follows the claim always finds it; the timer
        // times it out only once a ring has accepted it. A refused ask is simply done, and the timer
        // forgets it.
        core.track(ask);
        SlotSet set = group.current();
        for (int attempt = 0; attempt <= set.slots.length; ) {
            Slot slot;
            try {
                slot = route(message, set);
            } catch (SlotUnavailableException | GroupStoppedException e) {
                ask.completeExceptionally(e);
                return ask;
            }
            if (offer(set, slot, message, correlation, ask, false)) {
                return ask;
            }
            if (ask.isDone()) {
                return ask;
            }
            if (!core.isRunning()) {
                ask.completeExceptionally(refusals.closed());
                return ask;
            }
            SlotSet now = group.current();
            attempt = nextAttempt(attempt, set, now);
            set = now;
        }
        ask.completeExceptionally(refusals.unavailable(set));
        return ask;
    }

    /**
     * A synchronous ask through the calling thread's {@link ReplyCell}: routed and refused as
     * {@link #ask} is, then waited for in the caller's thread by {@code callerWait} (null: the
     * group's strategy). Allocates nothing once the thread's cell exists, unless the ask fails.
     *
     * @return the answer
     * @throws CompletionException with the handler's failure, the refusal, an
     *                             {@link AskTimeoutException}, or the engine's failure as its cause
     */
    @SuppressWarnings("unchecked")
    public <R> R askSync(Object message, long timeoutNanos, WaitStrategy callerWait) {
        core.checkSending(spec.name());
        ReplyCell cell = cells.get();
        long token = cell.begin();
        long deadline = core.nanoTime() + timeoutNanos;
        RuntimeException refused = offerSync(message, cell, token, deadline);
        if (refused != null) {
            cell.expire(token); // never accepted: nobody will answer this generation
            throw new CompletionException(refused);
        }
        if (cell.await(token, callerWait != null ? callerWait : wait, deadline, core) == ReplyCell.TIMED_OUT) {
            askStats.timedOut();
            throw new CompletionException(new AskTimeoutException(spec.name(), cell.slot(), timeoutNanos));
        }
        Throwable failure = cell.failure();
        if (failure != null) {
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        }
        return (R) cell.value();
    }

    /** Routes and publishes a synchronous ask; null once a ring took it, else why it was refused. */
    private RuntimeException offerSync(Object message, ReplyCell cell, long token, long deadline) {
        SlotSet set = group.current();
        for (int attempt = 0; attempt <= set.slots.length; ) {
            Slot slot;
            try {
                slot = route(message, set);
            } catch (SlotUnavailableException | GroupStoppedException e) {
                return e;
            }
            int sent = send(set, slot, message, null, cell, token, false, spills,
                    Math.min(backpressure.waitNanos(), deadline - core.nanoTime()), 0);
            if (sent >= 0) {
                return null;
            }
            if (sent == FULL) {
                return refusals.refuseFull(slot, message, null);
            }
            if (!core.isRunning()) {
                return refusals.closed();
            }
            SlotSet now = group.current();
            attempt = nextAttempt(attempt, set, now);
            set = now;
        }
        return refusals.unavailable(set);
    }

    public <R> List<CompletableFuture<R>> askEveryone(Object message, long timeoutNanos) {
        core.checkSending(spec.name());
        refusals.checkNotStopped();
        long now = core.nanoTime();
        SlotSet set = group.current(); // one set: see tellEveryone
        Slot[] slots = set.slots;
        List<CompletableFuture<R>> answers = new ArrayList<>(slots.length);
        for (Slot slot : slots) {
            Ask<R> ask = new Ask<>(askSite, timeoutNanos, now);
            answers.add(ask);
            ask.slot = slot.index;
            if (!takesEveryone(slot)) {
                ask.completeExceptionally(new SlotUnavailableException("slot " + slot.index + " of group '"
                        + spec.name() + "' is " + slot.state() + " and cannot take an ask"));
                continue;
            }
            core.track(ask);
            if (!offer(set, slot, message, null, ask, true) && !ask.isDone()) {
                ask.completeExceptionally(core.isRunning() ? new SlotUnavailableException("slot " + slot.index
                        + " of group '" + spec.name() + "' stopped before it could take the ask") : refusals.closed());
            }
        }
        return Collections.unmodifiableList(answers);
    }

    /** Sends to one given slot, addressed to it (pinned): no balancer, no spill, never moved. */
    public void tellTo(int index, Object message) {
        core.checkSending(spec.name());
        refusals.checkNotStopped();
        SlotSet set = group.current();
        Slot slot = addressed(index, set);
        if (!takesEveryone(slot)) {
            throw refusals.slotStopped(slot);
        }
        int sent = send(set, slot, message, null, null, 0, true, false, backpressure.waitNanos(), 0);
        if (sent == FULL) {
            refusals.rejectFull(slot, message, null);
        } else if (sent == CLOSED) {
            core.checkSending(spec.name()); // throws if the engine is closing; else the slot stopped or was removed
            throw notMember(slot) ? refusals.removed(index, group.current()) : refusals.slotStopped(slot);
        }
    }

    /** Asks one given slot, addressed to it (pinned): no balancer, no spill, never moved. */
    public <R> CompletableFuture<R> askTo(int index, Object message, long timeoutNanos) {
        core.checkSending(spec.name());
        SlotSet set = group.current();
        Ask<R> ask = new Ask<>(askSite, timeoutNanos, core.nanoTime());
        ask.slot = index;
        Slot slot;
        try {
            slot = addressed(index, set);
        } catch (SlotUnavailableException removed) { // a race with a resize: the ask's answer, as for a stopped slot
            ask.completeExceptionally(removed);
            return ask;
        }
        if (refusals.stoppedReason() != null || !takesEveryone(slot)) {
            ask.completeExceptionally(refusals.stoppedReason() != null ? refusals.unavailable(set) : refusals.slotStopped(slot));
            return ask;
        }
        core.track(ask);
        if (!offer(set, slot, message, null, ask, true) && !ask.isDone()) {
            ask.completeExceptionally(!core.isRunning() ? refusals.closed()
                    : notMember(slot) ? refusals.removed(index, group.current()) : refusals.slotStopped(slot));
        }
        return ask;
    }

    /**
     * The slot at {@code index} in {@code set}. An index the group had before a resize removed it is
     * not bad input but a race with the resize: {@link SlotUnavailableException}, saying so. An index
     * the group never had is: {@link IllegalArgumentException}.
     */
    private Slot addressed(int index, SlotSet set) {
        Slot[] slots = set.slots;
        if (index >= 0 && index < slots.length) {
            return slots[index];
        }
        if (index >= 0 && index < group.largestSize()) {
            throw refusals.removed(index, set);
        }
        throw new IllegalArgumentException("group '" + spec.name() + "' has no slot " + index + ": its slots are 0.."
                + (slots.length - 1));
    }

    /** Whether {@code slot} is no longer one of the group's members (a resize removed it). */
    private boolean notMember(Slot slot) {
        Slot[] now = group.current().slots;
        return slot.index >= now.length || now[slot.index] != slot;
    }

    /**
     * Publishes a tracked ask to a slot; false if the slot's ring is closed. A full ring fails the ask
     * with the refusal: the timer never times out an ask that no ring accepted.
     */
    private boolean offer(SlotSet set, Slot slot, Object message, Object correlation, Ask<?> ask, boolean pinned) {
        ask.slot = slot.index;
        // An ask never waits for room longer than it would wait for its answer. A pinned ask (one of
        // askEveryone's) is for this very slot: it never spills.
        int sent = send(set, slot, message, correlation, ask, 0, pinned, spills && !pinned,
                Math.min(backpressure.waitNanos(), ask.deadlineNanos - core.nanoTime()), 0);
        if (sent >= 0) {
            ask.markAccepted();
            return true;
        }
        if (sent == FULL) {
            ask.completeExceptionally(refusals.refuseFull(slot, message, correlation));
        }
        return false;
    }

    /**
     * The balancer's slot. Balancers see only running slots; when none is running because they are
     * all restarting (a burst of failures), the message queues in the restarting slot with the
     * shortest backlog, whose ring keeps it for the next handler, rather than being refused — unless
     * the policy is failFast, which refuses at once with {@link SlotUnavailableException}.
     */
    private Slot route(Object message, SlotSet set) {
        Slot[] slots = set.slots;
        // States change under us (a restart starting or finishing between the balancer's look and
        // ours): look again while any slot runs, a bounded number of times, before falling back to a
        // restarting slot's ring.
        for (int attempt = 0; attempt <= 2 * slots.length; attempt++) {
            int s = balancer.select(message, set);
            if (s >= 0 && s < slots.length && slots[s].isRunning()) {
                return slots[s];
            }
            Slot waiting = null;
            boolean live = false;
            for (Slot slot : slots) {
                SlotState st = slot.state();
                live |= slot.isRunning();
                boolean waits = st == SlotState.RESTARTING || slot.isStalled() && st == SlotState.RUNNING;
                if (waits && (waiting == null || slot.ring.backlog() < waiting.ring.backlog())) {
                    waiting = slot;
                }
            }
            if (live && attempt < 2 * slots.length) {
                continue; // the pick stopped running under us while others run: ask the balancer again
            }
            if (waiting != null && backpressure.queuesBehindRestarts()) {
                return waiting;
            }
            break; // nothing runs (failFast never waits, not even for a restart): refuse
        }
        throw refusals.unavailable(set);
    }

    /**
     * After a send found its slot's ring closed: a new member set means a resize removed that slot, and
     * the send starts its attempts again on the new set (resizes are finite, so this ends); the same
     * set means the slot stopped for good, which uses up one attempt (there are as many as slots).
     */
    private static int nextAttempt(int attempt, SlotSet before, SlotSet now) {
        return now == before ? attempt + 1 : 0;
    }

    /** Whether a slot is one of "everyone": running, or restarting with its ring kept for later. */
    private static boolean takesEveryone(Slot slot) {
        SlotState st = slot.state();
        return st == SlotState.RUNNING || st == SlotState.RESTARTING;
    }

    /**
     * The one running slot that takes the queue of {@code from} (stopping for good, or redistributing
     * while it restarts): the balancer's pick for the first queued message if that is another running
     * slot, else the next running slot after {@code from} in index order. Null if there is none.
     * Handing the whole queue to one slot, in order, keeps each sender's order. Chosen among the
     * group's current members ({@code from} may have been removed by a resize meanwhile).
     */
    Slot handOverTarget(Slot from, Object firstMessage) {
        SlotSet set = group.current();
        Slot[] slots = set.slots;
        int pick;
        try {
            pick = balancer.select(firstMessage, set);
        } catch (Throwable t) {
            pick = -1; // a user's balancer or key function failed: the next running slot will do
        }
        if (pick >= 0 && pick < slots.length && slots[pick] != from && slots[pick].isRunning()) {
            return slots[pick];
        }
        for (int i = 1; i <= slots.length; i++) {
            Slot s = slots[(from.index + i) % slots.length];
            if (s != from && s.isRunning()) {
                return s;
            }
        }
        return null;
    }

    /**
     * Moves one message (and its ask) into {@code to}, waiting for room until {@code deadlineNanos}
     * on the engine's clock under the block policy.
     *
     * @return false if {@code to} could not take it (full past the deadline, or closed)
     */
    boolean handOver(Slot to, Delivery from, long deadlineNanos) {
        return send(null, to, from.message, from.correlation, from.ask, from.token, false, false,
                deadlineNanos - core.nanoTime(), from.publishedAt) >= 0;
    }

    /**
     * Claims an event for {@code message} and publishes it: in the chosen slot's ring or, when that
     * ring is full and {@code spill} allows, in the running slot with the most room (head-of-line
     * protection: one full or stuck slot does not make the group refuse what another can take). Under
     * the block policy it waits up to {@code waitNanos}, trying both again each round.
     *
     * @param set the group's members the send routed on, where it may spill; null when it may not
     * @return the index of the slot the message went to, or {@link #FULL}, or {@link #CLOSED}
     */
    private int send(SlotSet set, Slot chosen, Object message, Object correlation, Pending ask, long token, boolean pinned,
                     boolean spill, long waitNanos, long publishedAt) {
        long deadline = 0;
        for (int round = 0; ; round++) {
            long seq = chosen.ring.tryClaim();
            if (seq >= 0) {
                publish(chosen, seq, message, correlation, ask, token, pinned, publishedAt);
                return chosen.index;
            }
            if (seq == SlotRing.CLOSED) {
                return CLOSED;
            }
            if (spill) {
                Slot other = roomiest(set.slots, chosen);
                if (other != null && (seq = other.ring.tryClaim()) >= 0) {
                    publish(other, seq, message, correlation, ask, token, pinned, publishedAt);
                    return other.index;
                }
            }
            if (round == 0) {
                if (waitNanos <= 0) {
                    return FULL;
                }
                deadline = core.nanoTime() + waitNanos;
            }
            if (!pause(round, deadline)) {
                return FULL;
            }
        }
    }

    /** The running slot other than {@code chosen} with the shortest backlog, if its ring has room; else null. */
    private Slot roomiest(Slot[] slots, Slot chosen) {
        Slot best = null;
        long bestBacklog = Long.MAX_VALUE;
        for (Slot s : slots) {
            if (s != chosen && s.isRunning()) {
                long backlog = s.ring.backlog();
                if (backlog < bestBacklog) {
                    best = s;
                    bestBacklog = backlog;
                }
            }
        }
        return best != null && bestBacklog < best.ring.capacity() ? best : null;
    }

    /** Waits, without claiming, until {@code slot}'s ring has room; false at the deadline. */
    private boolean awaitRoom(Slot slot, long deadline) {
        for (int round = 0; slot.ring.backlog() >= slot.ring.capacity(); round++) {
            if (!pause(round, deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One step of a sender's wait for room: spin, then yield, then sleep for growing periods up to
     * 1 ms, so a blocked sender costs little even where cores are few. Time is the engine's clock (a
     * {@link ManualScheduler} makes backpressure exact in tests). An interrupted sender stops
     * waiting, keeping its interrupt: {@code parkNanos} would return at once and the wait would spin.
     *
     * @return false once the deadline has passed or the thread is interrupted
     */
    private boolean pause(int round, long deadline) {
        if (core.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (round < 64) {
            Thread.onSpinWait();
        } else if (round < 128) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(1_000L << Math.min(round - 128, 10), 1_000_000));
        }
        return true;
    }

    /**
     * Fills and publishes a claimed event. {@code pinned}: addressed to this very slot (a
     * tellEveryone copy, an askEveryone ask), so never moved to another slot, where it would run
     * twice while this one never sees it.
     */
    private void publish(Slot slot, long seq, Object message, Object correlation, Pending ask, long token,
                         boolean pinned, long publishedAt) {
        Delivery e = slot.ring.claimed(seq);
        e.message = message;
        if (correlation != null) { // likewise: a released event carries none
            e.correlation = correlation;
        }
        if (stamp) { // recordLatency only: the queue wait starts here (a moved message keeps its first stamp)
            e.publishedAt = publishedAt != 0 ? publishedAt : System.nanoTime();
        }
        if (ask != null) { // a released event's ask is already null: a tell need not write it
            ask.routedTo(slot.index); // where it went (a spilled ask is not where the balancer chose)
            e.ask = ask;
            e.token = token;
        }
        if (pinned) { // likewise: a released event is not pinned
            e.pinned = true;
        }
        slot.ring.publish(seq);
        wake(slot);
    }

    /** Gives up a claimed sequence: publishes it as a {@link Delivery#SKIP} its consumer passes over. */
    private void skip(Slot slot, long seq) {
        slot.ring.claimed(seq).message = Delivery.SKIP;
        slot.ring.publish(seq);
    }

    /** After a publish (a message or a skip): ring the consumer if its wait strategy may have parked it. */
    private void wake(Slot slot) {
        if (signal) {
            slot.wakeIfParked();
        }
    }

    /** @return this group's ask counts */
    AskStats askStats() {
        return askStats;
    }
}
