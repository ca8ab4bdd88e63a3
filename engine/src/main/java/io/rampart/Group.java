package io.rampart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A group's slots and its sequencer stage: the load balancer turns "this group" into "this slot",
 * then the send claims an event in that slot's ring, fills it and publishes it, applying the
 * group's backpressure policy when the ring is full.
 *
 * <p>The tell path allocates nothing: the balancer reads live slot state through this object
 * (it is the {@link Slots} view), and the message travels in a preallocated event.
 */
final class Group implements Slots {
    private final Engine engine;
    private final GroupSpec<?> spec;
    private final SupervisorNode supervisor;
    private final Slot[] slots;
    private final LoadBalancer balancer;
    private final Backpressure backpressure;
    /** Whether consumers may park without a timeout, so producers must check for one to wake. */
    private final boolean signal;
    private final Distributor distributor;
    private final CountDownLatch started;
    /** Why the group stopped for good, or null while it has not. */
    private volatile String stoppedReason;

    Group(Engine engine, GroupSpec<?> spec, SupervisorNode supervisor) {
        this.engine = engine;
        this.spec = spec;
        this.supervisor = supervisor;
        this.slots = new Slot[spec.redundancy];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(this, i, spec.ringSize, spec.waitStrategy, spec.lifecycle);
        }
        this.balancer = spec.loadBalancer;
        this.backpressure = spec.backpressure;
        this.signal = spec.waitStrategy.parks();
        this.distributor = new Distributor(this);
        this.started = new CountDownLatch(slots.length);
    }

    // ---- the Slots view -------------------------------------------------------------------------

    @Override
    public String group() {
        return spec.name;
    }

    @Override
    public int size() {
        return slots.length;
    }

    @Override
    public boolean isRunning(int slot) {
        return slots[slot].isRunning();
    }

    @Override
    public SlotState state(int slot) {
        return slots[slot].state();
    }

    @Override
    public long backlog(int slot) {
        return slots[slot].ring.backlog();
    }

    @Override
    public int capacity() {
        return spec.ringSize;
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    String name() {
        return spec.name;
    }

    GroupSpec<?> spec() {
        return spec;
    }

    Engine engine() {
        return engine;
    }

    SupervisorNode supervisor() {
        return supervisor;
    }

    /** Past the root: the group stops for good, and sends fail with the reason from now on. */
    void markStopped(String reason) {
        if (stoppedReason == null) {
            stoppedReason = reason;
        }
    }

    /** A slot stopped for good; when it was the last one, the group is stopped. */
    void slotStopped(Slot slot) {
        for (Slot s : slots) {
            if (s.state() != SlotState.STOPPED) {
                return;
            }
        }
        markStopped("every slot stopped for good (restart policy " + spec.restartPolicy + ")");
    }

    String stoppedReason() {
        return stoppedReason;
    }

    DeadLetters deadLetters() {
        return engine.deadLetters();
    }

    Distributor distributor() {
        return distributor;
    }

    List<Slot> slots() {
        return Collections.unmodifiableList(java.util.Arrays.asList(slots));
    }

    @SuppressWarnings("unchecked")
    Handler<Object> newHandler(int slot) {
        Handler<?> h = spec.handlerFactory.get();
        if (h == null) {
            throw new NullPointerException("handler factory of group '" + spec.name + "' returned null for slot " + slot);
        }
        return (Handler<Object>) h;
    }

    void slotStarted(Slot slot) {
        started.countDown();
    }

    void start(java.util.concurrent.ThreadFactory threads) {
        for (Slot s : slots) {
            Thread t = threads.newThread(s);
            t.setName(engine.name() + "-" + spec.name + "-" + s.index);
            engine.slotLaunched();
            try {
                s.startOn(t);
            } catch (RuntimeException | Error e) {
                engine.slotExited(s);
                throw e;
            }
        }
    }

    /** Waits for every slot's first handler; returns the first factory failure, or null. */
    Throwable awaitStarted() throws InterruptedException {
        started.await();
        for (Slot s : slots) {
            if (s.startFailure() != null) {
                return new RampartException("group '" + spec.name + "' slot " + s.index
                        + ": handler factory failed", s.startFailure());
            }
        }
        return null;
    }

    void close() {
        for (Slot s : slots) {
            s.close();
        }
    }

    // ---- the sequencer stage --------------------------------------------------------------------

    void tell(Object message) {
        engine.checkSending(spec.name);
        for (int attempt = 0; attempt <= slots.length; attempt++) {
            Slot slot = route(message);
            long seq = claim(slot, backpressure.blockNanos);
            if (seq >= 0) {
                publish(slot, seq, message, null);
                return;
            }
            if (seq == SlotRing.FULL) {
                rejectFull(slot, message);
                return;
            }
            engine.checkSending(spec.name); // closed ring: the engine is closing, or the slot stopped
        }
        throw unavailable();
    }

    boolean tryTell(Object message) {
        engine.checkSending(spec.name);
        checkNotStopped();
        int s = balancer.select(message, this);
        if (s < 0 || s >= slots.length || !slots[s].isRunning()) {
            return false;
        }
        Slot slot = slots[s];
        long seq = slot.ring.tryClaim();
        if (seq == SlotRing.CLOSED) {
            engine.checkSending(spec.name); // throws if the engine is closing; else the slot stopped
            return false;
        }
        if (seq < 0) {
            return false;
        }
        publish(slot, seq, message, null);
        return true;
    }

    int tellEveryone(Object message) {
        engine.checkSending(spec.name);
        checkNotStopped();
        int reached = 0;
        for (Slot slot : slots) {
            if (!takesEveryone(slot)) {
                continue;
            }
            long seq = claim(slot, backpressure.blockNanos);
            if (seq >= 0) {
                publish(slot, seq, message, null);
                reached++;
            } else if (seq == SlotRing.FULL) {
                rejectFull(slot, message);
            }
        }
        return reached;
    }

    <R> CompletableFuture<R> ask(Object message, long timeoutNanos) {
        engine.checkSending(spec.name);
        Ask<R> ask = new Ask<>(this, timeoutNanos, engine.nanoTime());
        // Tracked before it is claimed: nothing may run between a claim and its publish (a hole there
        // would stall the ring). A rejected ask is simply done, and the timer forgets it.
        engine.timer().track(ask);
        for (int attempt = 0; attempt <= slots.length; attempt++) {
            Slot slot;
            try {
                slot = route(message);
            } catch (SlotUnavailableException | GroupStoppedException e) {
                ask.completeExceptionally(e);
                return ask;
            }
            if (offer(slot, message, ask)) {
                return ask;
            }
            if (ask.isDone()) {
                return ask;
            }
            if (!engine.isRunning()) {
                ask.completeExceptionally(closed());
                return ask;
            }
        }
        ask.completeExceptionally(unavailable());
        return ask;
    }

    <R> List<CompletableFuture<R>> askEveryone(Object message, long timeoutNanos) {
        engine.checkSending(spec.name);
        checkNotStopped();
        long now = engine.nanoTime();
        List<CompletableFuture<R>> answers = new ArrayList<>(slots.length);
        for (Slot slot : slots) {
            Ask<R> ask = new Ask<>(this, timeoutNanos, now);
            answers.add(ask);
            ask.slot = slot.index;
            if (!takesEveryone(slot)) {
                ask.completeExceptionally(new SlotUnavailableException("slot " + slot.index + " of group '"
                        + spec.name + "' is " + slot.state() + " and cannot take an ask"));
                continue;
            }
            engine.timer().track(ask);
            if (!offer(slot, message, ask) && !ask.isDone()) {
                ask.completeExceptionally(engine.isRunning() ? new SlotUnavailableException("slot " + slot.index
                        + " of group '" + spec.name + "' stopped before it could take the ask") : closed());
            }
        }
        return Collections.unmodifiableList(answers);
    }

    /** Publishes a tracked ask to a slot; false if the slot's ring is closed. Full rings fail the ask. */
    private boolean offer(Slot slot, Object message, Ask<?> ask) {
        ask.slot = slot.index;
        // An ask never waits for room longer than it would wait for its answer.
        long seq = claim(slot, Math.min(backpressure.blockNanos, ask.deadlineNanos - engine.nanoTime()));
        if (seq >= 0) {
            publish(slot, seq, message, ask);
            return true;
        }
        if (seq == SlotRing.FULL) {
            ask.completeExceptionally(refuseFull(slot, message));
        }
        return false;
    }

    /**
     * The balancer's slot. Balancers see only running slots; when none is running because they are
     * all restarting (a burst of failures), the message queues in the restarting slot with the
     * shortest backlog, whose ring keeps it for the next handler, rather than being refused — unless
     * the policy is failFast, which refuses at once with {@link SlotUnavailableException}.
     */
    private Slot route(Object message) {
        // States change under us (a restart finishing between the balancer's look and ours): look
        // again while any slot is live, a bounded number of times.
        for (int attempt = 0; attempt <= 2 * slots.length; attempt++) {
            int s = balancer.select(message, this);
            if (s >= 0 && s < slots.length && slots[s].isRunning()) {
                return slots[s];
            }
            Slot waiting = null;
            boolean live = false;
            for (Slot slot : slots) {
                SlotState st = slot.state();
                live |= st == SlotState.RUNNING;
                if (st == SlotState.RESTARTING && (waiting == null || slot.ring.backlog() < waiting.ring.backlog())) {
                    waiting = slot;
                }
            }
            if (waiting != null && backpressure.kind != Backpressure.Kind.FAIL_FAST) {
                return waiting;
            }
            if (waiting != null) {
                break; // failFast never waits, not even for a restart: refuse at once
            }
            if (!live) {
                break;
            }
        }
        throw unavailable();
    }

    /** Whether a slot is one of "everyone": running, or restarting with its ring kept for later. */
    private static boolean takesEveryone(Slot slot) {
        SlotState st = slot.state();
        return st == SlotState.RUNNING || st == SlotState.RESTARTING;
    }

    /**
     * Moves a message (and its ask, if any) from a slot that is stopping or restarting to another
     * running slot: the balancer's choice first, then every other running slot, each without
     * waiting; then, if {@code waitNanos > 0}, a bounded wait on the first candidate.
     *
     * @return false if no other slot could take it; the caller then dead-letters it
     */
    boolean forward(Object message, Ask<?> ask, Slot from, long waitNanos) {
        int first;
        try {
            first = balancer.select(message, this);
        } catch (Throwable t) {
            first = -1; // a user's balancer or key function failed: any running slot will do
        }
        Slot candidate = null;
        for (int i = 0; i < slots.length; i++) {
            Slot target = slots[first >= 0 && first < slots.length ? (first + i) % slots.length : i];
            if (target == from || !target.isRunning()) {
                continue;
            }
            if (candidate == null) {
                candidate = target;
            }
            long seq = target.ring.tryClaim();
            if (seq >= 0) {
                handOff(target, seq, message, ask);
                return true;
            }
        }
        if (candidate != null && waitNanos > 0 && backpressure.kind == Backpressure.Kind.BLOCK) {
            long seq = claimWaiting(candidate, waitNanos);
            if (seq >= 0) {
                handOff(candidate, seq, message, ask);
                return true;
            }
        }
        return false;
    }

    private void handOff(Slot target, long seq, Object message, Ask<?> ask) {
        if (ask != null) {
            ask.slot = target.index;
        }
        publish(target, seq, message, ask);
    }

    /** Claims an event, waiting up to {@code waitNanos} for room under the block policy; a sequence, FULL or CLOSED. */
    private long claim(Slot slot, long waitNanos) {
        long seq = slot.ring.tryClaim();
        if (seq == SlotRing.FULL && waitNanos > 0 && backpressure.kind == Backpressure.Kind.BLOCK) {
            seq = claimWaiting(slot, waitNanos);
        }
        return seq;
    }

    /**
     * Waits for room with a backoff that starts cheap (spin), gives the core away (yield), then
     * sleeps for growing periods up to 1 ms, so a blocked sender costs little on 2 cores.
     */
    private long claimWaiting(Slot slot, long waitNanos) {
        long deadline = System.nanoTime() + waitNanos;
        int round = 0;
        long sleep = 1_000;
        while (true) {
            long seq = slot.ring.tryClaim();
            if (seq != SlotRing.FULL) {
                return seq;
            }
            if (System.nanoTime() - deadline >= 0) {
                return SlotRing.FULL;
            }
            if (round < 64) {
                Thread.onSpinWait();
            } else if (round < 128) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(sleep);
                sleep = Math.min(sleep << 1, 1_000_000);
            }
            round++;
        }
    }

    private void publish(Slot slot, long seq, Object message, Ask<?> ask) {
        SlotRing.Event e = slot.ring.claimed(seq);
        e.message = message;
        if (ask != null) { // a released event's ask is already null: a tell need not write it
            e.ask = ask;
        }
        slot.ring.publish(seq);
        if (signal) {
            slot.wakeIfParked();
        }
    }

    /** A tell that found its ring full: dead-lettered under the deadLetter policy, else refused. */
    private void rejectFull(Slot slot, Object message) {
        RingFullException full = refuseFull(slot, message);
        if (backpressure.kind != Backpressure.Kind.DEAD_LETTER) {
            throw full;
        }
    }

    /** The refusal of a message whose ring is full; under the deadLetter policy the message goes there too. */
    private RingFullException refuseFull(Slot slot, Object message) {
        RingFullException full = ringFull(slot);
        if (backpressure.kind == Backpressure.Kind.DEAD_LETTER) {
            deadLetters().send(spec.name, slot.index, DeadLetter.Reason.RING_FULL, message, full);
        }
        return full;
    }

    private RingFullException ringFull(Slot slot) {
        String policy = switch (backpressure.kind) {
            case BLOCK -> "waited " + java.time.Duration.ofNanos(backpressure.blockNanos) + " for room";
            case FAIL_FAST -> "backpressure policy is failFast";
            case DEAD_LETTER -> "sent to dead letters (backpressure policy is deadLetter)";
        };
        return new RingFullException(spec.name, slot.index, spec.ringSize, policy);
    }

    private void checkNotStopped() {
        String stopped = stoppedReason;
        if (stopped != null) {
            throw new GroupStoppedException(spec.name, stopped);
        }
    }

    private EngineClosedException closed() {
        return engine.closedFor(spec.name);
    }

    private RampartException unavailable() {
        String stopped = stoppedReason;
        if (stopped != null) {
            return new GroupStoppedException(spec.name, stopped);
        }
        StringBuilder states = new StringBuilder();
        for (Slot s : slots) {
            states.append(states.length() == 0 ? "" : ", ").append(s.index).append('=').append(s.state());
        }
        return new SlotUnavailableException("no running slot in group '" + spec.name + "' can take the message ("
                + states + ")");
    }
}
