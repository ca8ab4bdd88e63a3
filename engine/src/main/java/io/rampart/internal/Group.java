package io.rampart.internal;

import io.rampart.Directive;
import io.rampart.GroupHealth;
import io.rampart.GroupMetrics;
import io.rampart.SlotMetrics;
import io.rampart.GroupSpec;
import io.rampart.Handler;
import io.rampart.RampartException;
import io.rampart.SlotState;
import io.rampart.SupervisionEvent;
import io.rampart.balance.LoadBalancer;
import io.rampart.balance.Slots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A group: its slots, the balancer's {@link Slots} view of them, its place in the supervision tree,
 * and what its slots need from above ({@link Slot.Host}). Its send paths are its {@link Sender};
 * its refusals, and the reason it stopped for good, are its {@link Refusals}.
 */
public final class Group implements Slots, Slot.Host, Supervised {
    /** Where a slot's failure goes: the engine's supervision, which decides and calls back. */
    @FunctionalInterface
    interface Failures {
        void failed(Group group, Slot slot, Throwable cause, Object failingMessage, Directive directive);
    }

    private final Core core;
    private final Failures failures;
    private final GroupSpec<?, ?> spec;
    private final Slot[] slots;
    private final LoadBalancer balancer;
    private final Refusals refusals;
    private final Sender sender;
    private final CountDownLatch started;

    Group(Core core, Failures failures, GroupSpec<?, ?> spec) {
        this.core = core;
        this.failures = failures;
        this.spec = spec;
        this.slots = new Slot[spec.redundancy()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(this, i, spec.ringSize(), spec.waitStrategy(), spec.lifecycle());
        }
        this.balancer = spec.newLoadBalancer();
        this.refusals = new Refusals(core, spec, slots);
        this.sender = new Sender(core, spec, slots, this, balancer, refusals);
        this.started = new CountDownLatch(slots.length);
    }

    // ---- the Slots view -------------------------------------------------------------------------

    @Override
    public String group() {
        return spec.name();
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
        return spec.ringSize();
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    public String name() {
        return spec.name();
    }

    @Override
    public GroupSpec<?, ?> spec() {
        return spec;
    }

    // ---- as a member of the supervision tree --------------------------------------------------

    @Override
    public void collectSlots(List<Slot> out) {
        out.addAll(Arrays.asList(slots));
    }

    @Override
    public void collectGroups(List<Group> out) {
        out.add(this);
    }

    @Override
    public String describe() {
        return "group '" + spec.name() + "'";
    }

    // ---- the Slot.Host view ----------------------------------------------------------------------

    @Override
    public String groupName() {
        return spec.name();
    }

    @Override
    public String engineName() {
        return core.engineName();
    }

    @Override
    public long nanoTime() {
        return core.nanoTime();
    }

    @Override
    public void failed(Slot slot, Throwable cause, Object failingMessage, Directive directive) {
        failures.failed(this, slot, cause, failingMessage, directive);
    }

    @Override
    public void exited(Slot slot) {
        core.slotExited(slot);
    }

    /**
     * Past the root, or its last slot stopped: the group stops for good, and sends fail with the
     * reason from now on.
     *
     * @return true for the call that stopped it (which reports it), false if it was stopped already
     */
    boolean markStopped(String reason) {
        return refusals.stop(reason);
    }

    /**
     * Removed from the engine: stopped for good, refusing with {@code GroupRemovedException}. The
     * caller closes the slots next (see {@link #close()}); they drain what they accepted.
     */
    public void markRemoved() {
        refusals.remove();
    }

    /** A slot stopped for good; when it was the last one, the group is stopped. */
    @Override
    public void stopped(Slot slot) {
        for (Slot s : slots) {
            if (s.state() != SlotState.STOPPED) {
                return;
            }
        }
        String reason = "every slot stopped for good (restart policy " + spec.restartPolicy() + ")";
        if (markStopped(reason)) {
            core.supervisionEvents().emit(new SupervisionEvent.GroupStopped(core.engineName(), spec.name(), reason));
        }
    }

    /**
     * See {@code Engine.health}: stopped (with the reason) when the group stopped for good or the engine
     * is not running after its start; degraded when a slot is not running or is stalled; else running.
     *
     * @param engineClosed whether the engine's shutdown has begun
     * @return the group's health
     */
    public GroupHealth health(boolean engineClosed) {
        String stopped = refusals.stoppedReason();
        if (stopped != null) {
            return new GroupHealth(spec.name(), GroupHealth.Status.STOPPED, stopped);
        }
        if (engineClosed) {
            return new GroupHealth(spec.name(), GroupHealth.Status.STOPPED, "engine '" + core.engineName() + "' is closed");
        }
        StringBuilder notRunning = new StringBuilder();
        for (Slot s : slots) {
            SlotState state = s.state();
            String what = state != SlotState.RUNNING ? state.name() : s.isStalled() ? "stalled" : null;
            if (what != null) {
                notRunning.append(notRunning.length() == 0 ? "" : ", ").append("slot ").append(s.index).append(' ').append(what);
            }
        }
        return notRunning.length() == 0
                ? new GroupHealth(spec.name(), GroupHealth.Status.RUNNING, null)
                : new GroupHealth(spec.name(), GroupHealth.Status.DEGRADED, notRunning.toString());
    }

    /** @return a snapshot of the group's metrics; see {@code Engine.metrics} */
    public GroupMetrics metrics() {
        List<SlotMetrics> out = new ArrayList<>(slots.length);
        for (Slot s : slots) {
            out.add(s.metrics());
        }
        AskStats asks = sender.askStats();
        return new GroupMetrics(spec.name(), out, core.deadLetters().countsFor(spec.name()), asks.inFlight(),
                asks.timeouts());
    }

    String stoppedReason() {
        return refusals.stoppedReason();
    }

    @Override
    public DeadLetters deadLetters() {
        return core.deadLetters();
    }

    /** @return the group's send paths */
    public Sender sender() {
        return sender;
    }

    @Override
    public Slot handOverTarget(Slot from, Object firstMessage) {
        return sender.handOverTarget(from, firstMessage);
    }

    @Override
    public boolean handOver(Slot to, Delivery from, long deadlineNanos) {
        return sender.handOver(to, from, deadlineNanos);
    }

    public LoadBalancer balancer() {
        return balancer;
    }

    public List<Slot> slots() {
        return Collections.unmodifiableList(Arrays.asList(slots));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Handler<Object> newHandler(int slot) {
        Handler<?> h = spec.handlerFactory().get();
        if (h == null) {
            throw new NullPointerException("handler factory of group '" + spec.name() + "' returned null for slot " + slot);
        }
        return (Handler<Object>) h;
    }

    @Override
    public void started(Slot slot) {
        started.countDown();
    }

    /** Waits for every slot's first handler; returns the first factory failure, or null. */
    public Throwable awaitStarted() throws InterruptedException {
        started.await();
        for (Slot s : slots) {
            if (s.startFailure() != null) {
                return new RampartException("group '" + spec.name() + "' slot " + s.index
                        + ": handler factory failed", s.startFailure());
            }
        }
        return null;
    }

    /**
     * Engine shutdown or the group's removal: every slot stops accepting and drains; a start() still
     * waiting is released. Idempotent: a removed group is closed again by a shutdown that follows.
     */
    public void close() {
        for (Slot s : slots) {
            s.close();
        }
        while (started.getCount() > 0) {
            started.countDown();
        }
    }
}
