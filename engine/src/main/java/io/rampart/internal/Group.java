package io.rampart.internal;

import io.rampart.Directive;
import io.rampart.GroupHealth;
import io.rampart.GroupMetrics;
import io.rampart.SlotMetrics;
import io.rampart.GroupSpec;
import io.rampart.Handler;
import io.rampart.RampartException;
import io.rampart.Resizer;
import io.rampart.SlotState;
import io.rampart.SupervisionEvent;
import io.rampart.balance.LoadBalancer;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A group: its members (the current {@link SlotSet}), its place in the supervision tree, and what
 * its slots need from above ({@link Slot.Host}). Its send paths are its {@link Sender}; its refusals,
 * and the reason it stopped for good, are its {@link Refusals}.
 *
 * <h2>Resizing</h2>
 * The members are an immutable {@link SlotSet} behind one volatile reference: a send reads it once,
 * so a balancer sees one size for one message, and no lock or allocation is added to the tell path.
 * A resize ({@link #resize}) publishes a new set. Growing appends slots at indices {@code n, n+1, ...}
 * once each has its first handler; shrinking drops the highest indices. A removed slot's ring is closed
 * <b>after</b> the set without it is published: the ring's close CAS makes each claim either land
 * before the close (the slot's own consumer then handles it, in order, before its thread ends) or fail
 * as closed, after which the send routes again on the new set. No new handshake: the close is the one
 * {@code SlotRingStress} proves, and engine close already relies on it.
 *
 * <p>Launched slots that are not members (starting for a grow, or draining after a shrink) are kept in
 * {@link #outside} until their thread has ended, so engine close closes them, waits for them and names
 * them if stuck; a later resize joins those that ended and forgets them.
 */
public final class Group implements Slot.Host, Supervised, Members {
    private static final System.Logger LOG = System.getLogger(Group.class.getName());

    /** Where a slot's failure goes: the engine's supervision, which decides and calls back. */
    @FunctionalInterface
    interface Failures {
        void failed(Group group, Slot slot, Throwable cause, Object failingMessage, Directive directive);
    }

    private final Core core;
    private final Failures failures;
    private final GroupSpec<?, ?> spec;
    /** The members; replaced, never changed, by a resize (under {@link #members}). */
    private volatile SlotSet current;
    /** The largest size the group has had: an index below it that is not a member was removed by a resize. */
    private volatile int largestSize;
    private final LoadBalancer balancer;
    private final Refusals refusals;
    private final Sender sender;
    private final CountDownLatch started;

    /** One resize at a time; held while new slots start, never by a send. */
    private final Object resizing = new Object();
    /** Guards {@link #current}'s replacement, {@link #outside} and {@link #closed}; held briefly. */
    private final Object members = new Object();
    /** Launched slots that are not members: starting for a grow, or draining after a shrink. */
    private final List<Slot> outside = new ArrayList<>();
    /** The engine's shutdown closed this group: nothing more is launched or published. */
    private boolean closed;

    Group(Core core, Failures failures, GroupSpec<?, ?> spec) {
        this.core = core;
        this.failures = failures;
        this.spec = spec;
        Slot[] slots = new Slot[spec.redundancy()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = newSlot(i);
        }
        this.current = new SlotSet(spec.name(), slots, spec.ringSize());
        this.largestSize = slots.length;
        this.balancer = spec.newLoadBalancer();
        this.refusals = new Refusals(core, spec);
        this.sender = new Sender(core, spec, this, balancer, refusals);
        this.started = new CountDownLatch(slots.length);
    }

    private Slot newSlot(int index) {
        return new Slot(this, index, spec.ringSize(), spec.waitStrategy(), spec.lifecycle());
    }

    /** @return the group's members now: read once per send */
    @Override
    public SlotSet current() {
        return current;
    }

    /** @return the number of slots now */
    public int size() {
        return current.slots.length;
    }

    /** @return the largest number of slots the group has had */
    @Override
    public int largestSize() {
        return largestSize;
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

    /** The members only: a slot removed by a resize drains with its own handler, outside supervision's strategies. */
    @Override
    public void collectSlots(List<Slot> out) {
        out.addAll(Arrays.asList(current.slots));
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
        checkAllStopped();
    }

    /** When every member stopped for good (a failure, or a shrink that kept only stopped ones), the group is stopped. */
    private void checkAllStopped() {
        for (Slot s : current.slots) {
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
        for (Slot s : current.slots) {
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
        Slot[] slots = current.slots;
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

    /** @return the members now, by index */
    public List<Slot> slots() {
        return Collections.unmodifiableList(Arrays.asList(current.slots));
    }

    /**
     * @return every launched slot whose thread the engine must still wait for: the members, and the
     *         slots starting for a grow or draining after a shrink
     */
    public List<Slot> allSlots() {
        synchronized (members) {
            List<Slot> out = new ArrayList<>(Arrays.asList(current.slots));
            out.addAll(outside);
            return out;
        }
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
        for (Slot s : current.slots) {
            if (s.startFailure() != null) {
                return new RampartException("group '" + spec.name() + "' slot " + s.index
                        + ": handler factory failed", s.startFailure());
            }
        }
        return null;
    }

    // ---- resizing ---------------------------------------------------------------------------------

    /**
     * Gives the group {@code target} slots; see {@code Engine.resize}. Returns once the new members
     * are published: new slots have their first handler; removed slots have their ring closed and
     * drain in the background (their consumer handles what they accepted, then their thread ends).
     *
     * @param target the new size; at least 1, within the resizer's bounds if the group has one
     * @param why    for the log line and the {@link SupervisionEvent.GroupResized} event
     * @return the size before (equal to {@code target} when there was nothing to do)
     */
    public int resize(int target, String why) {
        checkTarget(target);
        int from;
        synchronized (resizing) {
            core.checkSending(spec.name()); // not started: IllegalStateException; closing: EngineClosedException
            refusals.checkNotStopped();
            SlotSet set = current;
            from = set.slots.length;
            if (target == from) {
                return from;
            }
            if (target > from) {
                grow(set, target);
            } else {
                shrink(set, target);
            }
            joinEnded();
        }
        LOG.log(Level.INFO, () -> describe() + " of engine '" + core.engineName() + "' resized from " + from + " to "
                + target + " slots: " + why);
        // After the lock: a listener may call the engine (resize again, read metrics).
        core.supervisionEvents().emit(new SupervisionEvent.GroupResized(core.engineName(), spec.name(), from, target, why));
        checkAllStopped();
        return from;
    }

    private void checkTarget(int target) {
        if (target < 1) {
            throw new IllegalArgumentException("group '" + spec.name() + "' cannot be resized to " + target
                    + " slots: a group keeps at least 1 (shut the engine down to stop it)");
        }
        Resizer r = spec.resizer();
        if (r != null && (target < r.lower() || target > r.upper())) {
            throw new IllegalArgumentException("group '" + spec.name() + "' cannot be resized to " + target
                    + " slots: its resizer's bounds are " + r.lower() + ".." + r.upper());
        }
    }

    /**
     * Launches slots {@code n..target-1}, waits for each one's first handler, then publishes them. All
     * or nothing: if a factory fails (or the engine closes meanwhile), none is published, those that
     * started are closed (their rings are empty: nobody could send to them) and the caller gets why.
     */
    private void grow(SlotSet set, int target) {
        int from = set.slots.length;
        Slot[] added = new Slot[target - from];
        for (int i = 0; i < added.length; i++) {
            added[i] = newSlot(from + i);
        }
        synchronized (members) {
            if (closed) {
                throw core.closedFor(spec.name());
            }
            outside.addAll(Arrays.asList(added)); // before launch: a close from now on closes them too
        }
        int launched = 0;
        RuntimeException failure = null;
        try {
            for (Slot s : added) {
                core.launchSlot(s, spec.name());
                launched++;
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        for (int i = 0; i < launched; i++) {
            added[i].awaitStartedUninterruptibly();
            if (failure == null && added[i].startFailure() != null) {
                failure = new RampartException("group '" + spec.name() + "' was not resized from " + from + " to "
                        + target + " slots: the handler factory failed for slot " + added[i].index,
                        added[i].startFailure());
            }
        }
        synchronized (members) {
            if (failure == null && closed) {
                failure = core.closedFor(spec.name());
            }
            if (failure == null) {
                Slot[] next = Arrays.copyOf(set.slots, target);
                System.arraycopy(added, 0, next, from, added.length);
                current = new SlotSet(spec.name(), next, spec.ringSize());
                largestSize = Math.max(largestSize, target);
                outside.removeAll(Arrays.asList(added));
                return;
            }
            for (int i = launched; i < added.length; i++) {
                outside.remove(added[i]); // never launched: nothing to wait for
            }
        }
        for (int i = 0; i < launched; i++) {
            added[i].retire(); // never a member: an empty ring, so its thread ends at once
        }
        throw failure;
    }

    /**
     * Publishes the set without the highest indices, then closes the removed slots' rings: each drains
     * what it accepted with its own handler, in order, and its thread ends. A removed slot that is
     * restarting waits out its backoff first (the cause may still be there); a stalled one finishes
     * its message first. Engine close skips the backoff and gives up on a stuck one, as for any slot.
     */
    private void shrink(SlotSet set, int target) {
        Slot[] removed = Arrays.copyOfRange(set.slots, target, set.slots.length);
        synchronized (members) {
            current = new SlotSet(spec.name(), Arrays.copyOf(set.slots, target), spec.ringSize());
            outside.addAll(Arrays.asList(removed));
        }
        for (Slot s : removed) {
            s.retire(); // after the publish: a send that then finds the ring closed routes again on the new set
        }
    }

    /** Joins (at once: they ended) and forgets the slots outside whose thread has ended. */
    private void joinEnded() {
        List<Slot> ended = new ArrayList<>();
        synchronized (members) {
            for (Slot s : outside) {
                Thread t = s.thread();
                if (t != null && !t.isAlive()) {
                    ended.add(s);
                }
            }
            outside.removeAll(ended);
        }
        for (Slot s : ended) {
            Termination.joinUninterruptibly(s.thread(), System.nanoTime());
        }
    }

    /**
     * Engine shutdown or the group's removal: every launched slot (members, and those starting or
     * draining outside) stops accepting and drains; a start() still waiting is released. Idempotent: a
     * removed group is closed again by a shutdown that follows.
     */
    public void close() {
        synchronized (members) {
            closed = true;
            for (Slot s : current.slots) {
                s.close();
            }
            for (Slot s : outside) {
                s.close();
            }
        }
        while (started.getCount() > 0) {
            started.countDown();
        }
    }
}
