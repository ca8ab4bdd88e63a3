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
    private final Slot[] slots;
    private final LoadBalancer balancer;
    private final Backpressure backpressure;
    /** Whether consumers may park without a timeout, so producers must publish fenced and wake them. */
    private final boolean signal;
    private final Distributor distributor;
    private final CountDownLatch started;

    Group(Engine engine, GroupSpec<?> spec) {
        this.engine = engine;
        this.spec = spec;
        this.slots = new Slot[spec.redundancy];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(this, i, spec.ringSize, spec.waitStrategy);
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
            s.startOn(t);
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
            long seq = claim(slot, true);
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
        int s = balancer.select(message, this);
        if (s < 0 || s >= slots.length || !slots[s].isRunning()) {
            return false;
        }
        Slot slot = slots[s];
        long seq = slot.ring.tryClaim();
        if (seq < 0) {
            return false;
        }
        publish(slot, seq, message, null);
        return true;
    }

    int tellEveryone(Object message) {
        engine.checkSending(spec.name);
        int reached = 0;
        for (Slot slot : slots) {
            if (!slot.isRunning()) {
                continue;
            }
            long seq = claim(slot, true);
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
        for (int attempt = 0; attempt <= slots.length; attempt++) {
            Slot slot;
            try {
                slot = route(message);
            } catch (SlotUnavailableException e) {
                ask.completeExceptionally(e);
                return ask;
            }
            if (offer(slot, message, ask)) {
                return ask;
            }
            if (ask.isDone()) {
                return ask;
            }
            engine.checkSending(spec.name);
        }
        ask.completeExceptionally(unavailable());
        return ask;
    }

    <R> List<CompletableFuture<R>> askEveryone(Object message, long timeoutNanos) {
        engine.checkSending(spec.name);
        long now = engine.nanoTime();
        List<CompletableFuture<R>> answers = new ArrayList<>(slots.length);
        for (Slot slot : slots) {
            Ask<R> ask = new Ask<>(this, timeoutNanos, now);
            answers.add(ask);
            if (!slot.isRunning() || !offer(slot, message, ask) && !ask.isDone()) {
                ask.slot = slot.index;
                ask.completeExceptionally(new SlotUnavailableException("slot " + slot.index + " of group '"
                        + spec.name + "' is " + slot.state() + " and cannot take an ask"));
            }
        }
        return Collections.unmodifiableList(answers);
    }

    /** Publishes an ask to a slot; false if the slot's ring is closed. Full rings fail the ask. */
    private boolean offer(Slot slot, Object message, Ask<?> ask) {
        ask.slot = slot.index;
        long seq = claim(slot, true);
        if (seq >= 0) {
            engine.timer().track(ask);
            publish(slot, seq, message, ask);
            return true;
        }
        if (seq == SlotRing.FULL) {
            RingFullException full = ringFull(slot);
            if (backpressure.kind == Backpressure.Kind.DEAD_LETTER) {
                deadLetters().send(spec.name, slot.index, DeadLetter.Reason.RING_FULL, message, full);
            }
            ask.completeExceptionally(full);
        }
        return false;
    }

    private Slot route(Object message) {
        int s = balancer.select(message, this);
        if (s < 0 || s >= slots.length || !slots[s].isRunning()) {
            throw unavailable();
        }
        return slots[s];
    }

    /** Claims an event, waiting for room if the policy says so; a sequence, FULL or CLOSED. */
    private long claim(Slot slot, boolean mayWait) {
        long seq = slot.ring.tryClaim();
        if (seq == SlotRing.FULL && mayWait && backpressure.kind == Backpressure.Kind.BLOCK) {
            seq = claimWaiting(slot);
        }
        return seq;
    }

    /**
     * Waits for room with a backoff that starts cheap (spin), gives the core away (yield), then
     * sleeps for growing periods up to 1 ms, so a blocked sender costs little on 2 cores.
     */
    private long claimWaiting(Slot slot) {
        long deadline = System.nanoTime() + backpressure.blockNanos;
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
        e.ask = ask;
        slot.ring.publish(seq, signal);
        if (signal) {
            slot.wakeIfParked();
        }
    }

    private void rejectFull(Slot slot, Object message) {
        RingFullException full = ringFull(slot);
        if (backpressure.kind == Backpressure.Kind.DEAD_LETTER) {
            deadLetters().send(spec.name, slot.index, DeadLetter.Reason.RING_FULL, message, full);
            return;
        }
        throw full;
    }

    private RingFullException ringFull(Slot slot) {
        String policy = switch (backpressure.kind) {
            case BLOCK -> "waited " + java.time.Duration.ofNanos(backpressure.blockNanos) + " for room";
            case FAIL_FAST -> "backpressure policy is failFast";
            case DEAD_LETTER -> "sent to dead letters (backpressure policy is deadLetter)";
        };
        return new RingFullException(spec.name, slot.index, spec.ringSize, policy);
    }

    private SlotUnavailableException unavailable() {
        StringBuilder states = new StringBuilder();
        for (Slot s : slots) {
            states.append(states.length() == 0 ? "" : ", ").append(s.index).append('=').append(s.state());
        }
        return new SlotUnavailableException("no running slot in group '" + spec.name + "' can take the message ("
                + states + ")");
    }
}
