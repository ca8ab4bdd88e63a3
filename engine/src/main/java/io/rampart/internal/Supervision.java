package io.rampart.internal;

import io.rampart.Backoff;
import io.rampart.Directive;
import io.rampart.GroupSpec;
import io.rampart.Scheduler;
import io.rampart.SupervisionEvent;
import io.rampart.SupervisorInfo;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The engine's supervision tree and its decisions. A failing slot reports here on its own thread;
 * the decision (restart which slots after what backoff, escalate, or stop) is taken under one lock,
 * which is fine because failures are rare and the decision only sets flags and schedules wake-ups.
 * What it decided is collected as {@link SupervisionEvent}s and emitted after the lock is released,
 * so a listener that calls back into the engine (a snapshot, a close) cannot deadlock with it.
 */
public final class Supervision {
    private static final System.Logger LOG = System.getLogger(Supervision.class.getName());

    private final Object lock = new Object();
    private final Scheduler scheduler;
    private final SupervisionEvents events;
    final SupervisorNode root;
    /** What supervision remembers of each slot that failed; guarded by the lock. */
    private final Map<Slot, History> histories = new IdentityHashMap<>();

    /** A slot's failures as supervision counts them: restarts granted, and restarts in a row. */
    private static final class History {
        int restartsGranted;
        int backoffAttempt;
        long lastFailureNanos = Long.MIN_VALUE;
        long handledAtLastFailure;
    }

    Supervision(Scheduler scheduler, SupervisorNode root, SupervisionEvents events) {
        this.scheduler = scheduler;
        this.root = root;
        this.events = events;
    }

    /**
     * A slot's handler failed (or its factory did), and the group's decider chose {@code directive}
     * (never RESUME: the slot keeps its handler without asking). STOP stops the slot for good;
     * RESTART decides by the group's restart policy and backoff, then by the supervisors' strategies
     * and intensities; ESCALATE fails the group's supervisor, whose parent decides.
     */
    void onFailure(Group group, Slot slot, Throwable cause, Object failingMessage, Directive directive) {
        List<SupervisionEvent> decided = new ArrayList<>(2);
        synchronized (lock) {
            decideLocked(group, slot, cause, failingMessage, directive, decided);
        }
        events.emitAll(decided);
    }

    private void decideLocked(Group group, Slot slot, Throwable cause, Object failingMessage, Directive directive,
                              List<SupervisionEvent> out) {
        if (directive == Directive.STOP) {
            LOG.log(Level.WARNING, () -> slot + " stops for good: its group's failure decider said STOP on " + cause);
            slot.requestStop(Slot.Stop.HAND_OVER, "the failure decider said STOP on " + cause);
            return;
        }
        long now = scheduler.nanoTime();
        GroupSpec<?, ?> spec = group.spec();
        Backoff backoff = spec.backoff();
        // "Restarts in a row": the count starts again once the slot handled a message since its last
        // failure (a handler that works between occasional crashes restarts at once), or after a
        // quiet period. A lost connection, where every message or every factory call fails, keeps
        // the count growing.
        History h = histories.computeIfAbsent(slot, s -> new History());
        long handled = slot.handled();
        if (handled > h.handledAtLastFailure
                || h.lastFailureNanos != Long.MIN_VALUE && now - h.lastFailureNanos >= backoff.resetAfter().toNanos()) {
            h.backoffAttempt = 0;
        }
        h.handledAtLastFailure = handled;
        h.lastFailureNanos = now;
        // Null once the group was removed (Engine.removeGroup): it drains what it accepted, and no
        // supervisor counts it any more. Its failing slot restarts alone (an escalation too: there is
        // no one to escalate to), so the drain goes on; the restart policy still bounds it.
        SupervisorNode parent = root.parentOf(group);
        if (directive == Directive.ESCALATE && parent != null) {
            long delay = backoff.delayNanos(h.backoffAttempt++, ThreadLocalRandom.current().nextDouble());
            escalate(parent, group, cause, delay, now, "was escalated to by the failure decider of "
                    + group.describe(), out);
            return;
        }
        if (h.restartsGranted >= spec.restartPolicy().maxRestarts()) {
            LOG.log(Level.WARNING, () -> slot + " stops for good: restart policy " + spec.restartPolicy()
                    + " used up; last failure: " + cause);
            slot.requestStop(Slot.Stop.HAND_OVER, "restart policy " + spec.restartPolicy() + " used up");
            return;
        }
        long delay = backoff.delayNanos(h.backoffAttempt, ThreadLocalRandom.current().nextDouble());
        h.backoffAttempt++;
        h.restartsGranted++;
        if (parent == null) {
            slot.requestRestart(cause, failingMessage, delay, scheduler);
            out.add(new SupervisionEvent.Restart(events.engine(), group.name(), slot.index, cause, Duration.ofNanos(delay)));
            return;
        }
        decide(parent, group, slot, cause, failingMessage, delay, now, out);
    }

    private void decide(SupervisorNode node, Supervised child, Slot failed, Throwable cause, Object message,
                        long delay, long now, List<SupervisionEvent> out) {
        if (node.exceeds(now)) {
            escalate(node, child, cause, delay, now, "exceeded its restart intensity (" + node.intensity() + ")", out);
            return;
        }
        List<Slot> affected = node.affected(child, failed);
        if (failed != null && !affected.contains(failed)) {
            // A slot a resize removed fails while it drains: no strategy lists it (they list members),
            // but its own restart is what keeps its queue moving.
            affected.add(failed);
        }
        for (Slot s : affected) {
            s.requestRestart(cause, s == failed ? message : null, delay, scheduler);
            out.add(new SupervisionEvent.Restart(events.engine(), s.info().group(), s.index, cause, Duration.ofNanos(delay)));
        }
    }

    /**
     * Supervisor {@code node} gives up on {@code child}: its parent decides about {@code node} by its
     * own strategy; the root, having no parent, stops {@code child} for good.
     */
    private void escalate(SupervisorNode node, Supervised child, Throwable cause, long delay, long now, String why,
                          List<SupervisionEvent> out) {
        out.add(new SupervisionEvent.Escalation(events.engine(), node.name, child.describe(),
                node.parent == null ? null : node.parent.name, why, cause));
        if (node.parent == null) {
            String reason = "supervisor '" + node.name + "' " + why + "; last failure: " + cause;
            LOG.log(Level.ERROR, () -> "stopping " + child.describe() + ": " + reason);
            stop(child, reason, out);
        } else {
            LOG.log(Level.WARNING, () -> "supervisor '" + node.name + "' " + why + "; escalating to '"
                    + node.parent.name + "'");
            decide(node.parent, node, null, cause, null, delay, now, out);
        }
    }

    private void stop(Supervised child, String reason, List<SupervisionEvent> out) {
        List<Group> groups = new ArrayList<>();
        child.collectGroups(groups);
        for (Group g : groups) {
            if (g.markStopped(reason)) {
                out.add(new SupervisionEvent.GroupStopped(events.engine(), g.name(), reason));
            }
            for (Slot s : g.slots()) {
                s.requestStop(Slot.Stop.GROUP, reason);
            }
        }
    }


    // ---- the tree's shape at run time (EngineCore calls these holding its own lock: see there) ----

    /**
     * Attaches new members (built off-line, not yet reachable) under {@code parent}, in order. Under
     * the supervision lock like every walk of the tree, so a decision in progress sees the tree with
     * or without them, never half of it.
     */
    void attach(SupervisorNode parent, List<Supervised> children) {
        synchronized (lock) {
            parent.children.addAll(children);
        }
    }

    /**
     * Takes {@code child} (a group or a supervisor's subtree) out of the tree: from now on no strategy
     * restarts its slots with their former siblings', no escalation stops it, and supervision forgets
     * its slots' failure histories.
     *
     * @return the supervisor it was under, or null if it was not in the tree
     */
    SupervisorNode detach(Supervised child) {
        synchronized (lock) {
            SupervisorNode parent = root.parentOf(child);
            if (parent == null) {
                return null;
            }
            parent.children.remove(child);
            List<Slot> slots = new ArrayList<>();
            child.collectSlots(slots);
            slots.forEach(histories::remove);
            return parent;
        }
    }

    /** @return the supervisor directly over {@code child}, or null if it is not in the tree */
    SupervisorNode parentOf(Supervised child) {
        synchronized (lock) {
            return root.parentOf(child);
        }
    }

    /** @return the groups under {@code node}, depth first in the tree's order */
    List<Group> groupsUnder(SupervisorNode node) {
        synchronized (lock) {
            List<Group> out = new ArrayList<>();
            node.collectGroups(out);
            return out;
        }
    }

    /** The close deadline passed with this slot stuck in its handler. Under the lock: see requestStop. */
    void abandon(Slot slot) {
        synchronized (lock) {
            slot.requestStop(Slot.Stop.ABANDON, "engine closed");
        }
    }

    /** A consistent view of the tree for {@code Engine.supervisors()}. */
    List<SupervisorInfo> snapshot() {
        synchronized (lock) {
            List<SupervisorInfo> out = new ArrayList<>();
            snapshot(root, out);
            return out;
        }
    }

    private static void snapshot(SupervisorNode node, List<SupervisorInfo> out) {
        List<String> groups = new ArrayList<>();
        List<String> supervisors = new ArrayList<>();
        for (Supervised c : node.children) {
            if (c instanceof Group g) {
                groups.add(g.name());
            } else {
                supervisors.add(((SupervisorNode) c).name);
            }
        }
        out.add(new SupervisorInfo(node.name, node.parent == null ? null : node.parent.name, node.strategy,
                node.intensity(), groups, supervisors, node.restarts(), node.escalations()));
        for (Supervised c : node.children) {
            if (c instanceof SupervisorNode n) {
                snapshot(n, out);
            }
        }
    }
}
