package io.rampart.internal;

import io.rampart.Scheduler;
import io.rampart.SlotState;
import io.rampart.SupervisionEvent;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stall detection for the groups that ask for it ({@code GroupSpec.Builder.stallAfter}): a slot whose
 * ring is not empty and whose position has not moved for its group's threshold is busy on one message
 * that long, and is marked stalled, which takes it out of the balancers' running slots until it moves.
 *
 * <p>It costs the hot path nothing: it samples what the slot already publishes (its ring's head and
 * backlog), on the engine's scheduler, every half of the shortest threshold. It is the only writer of
 * a slot's stalled flag. It watches each group's members as they are at each look: a slot a resize
 * adds is watched from the next look, one it removes is forgotten (it drains with its own handler;
 * engine close names it if it never returns).
 */
final class StallWatch {
    private static final System.Logger LOG = System.getLogger(StallWatch.class.getName());

    /** One watched slot: where it was, and since when. Touched only by the watch's task. */
    private static final class Watched {
        final Slot slot;
        final long thresholdNanos;
        final String group;
        /** Whether the group interrupts a stalled handler, and whether this stall's interrupt went out. */
        final boolean interrupt;
        boolean interrupted;
        long lastHead = -1;
        long sinceNanos;
        /** The context of the message the slot stalled on, seen when it stalled. */
        Object correlation;

        Watched(Slot slot, long thresholdNanos, String group, boolean interrupt) {
            this.slot = slot;
            this.thresholdNanos = thresholdNanos;
            this.group = group;
            this.interrupt = interrupt;
        }
    }

    private final Scheduler scheduler;
    /** The groups watched, with their thresholds. */
    private final List<Group> groups;
    /** Each watched slot's record, in member order (a Slot is equal only to itself); rebuilt at each look by the watch's task. */
    private Map<Slot, Watched> watched = new LinkedHashMap<>();
    private final long periodNanos;
    private volatile boolean stopped;

    private final SupervisionEvents events;

    private StallWatch(Scheduler scheduler, List<Group> groups, long periodNanos, SupervisionEvents events) {
        this.scheduler = scheduler;
        this.events = events;
        this.groups = groups;
        this.periodNanos = periodNanos;
    }

    /** @return a watch over the groups that have a stall threshold, or null if none has */
    static StallWatch of(Collection<Group> groups, Scheduler scheduler, SupervisionEvents events) {
        List<Group> watched = new ArrayList<>();
        long shortest = Long.MAX_VALUE;
        for (Group g : groups) {
            long threshold = g.spec().stallAfter().toNanos();
            if (threshold > 0) {
                shortest = Math.min(shortest, threshold);
                watched.add(g);
            }
        }
        return watched.isEmpty() ? null : new StallWatch(scheduler, watched, Math.max(1, shortest / 2), events);
    }

    void start() {
        next();
    }

    /** No more looks; a look already scheduled finds the watch stopped and does nothing. */
    void stop() {
        stopped = true;
    }

    private void next() {
        if (stopped) {
            return;
        }
        try {
            scheduler.schedule(periodNanos, this::look);
        } catch (RuntimeException rejected) {
            stopped = true; // the scheduler is shut down: the engine is past its close
        }
    }

    private void look() {
        if (stopped) {
            return;
        }
        long now = scheduler.nanoTime();
        Map<Slot, Watched> seen = new LinkedHashMap<>();
        for (Group g : groups) {
            long threshold = g.spec().stallAfter().toNanos();
            for (Slot s : g.current().slots) {
                Watched w = watched.get(s);
                if (w == null) {
                    w = new Watched(s, threshold, g.name(), g.spec().interruptsWhenStalled());
                    w.sinceNanos = now;
                }
                seen.put(s, w);
            }
        }
        watched = seen;
        for (Watched w : seen.values()) {
            Slot slot = w.slot;
            long head = slot.ring.head();
            boolean busy = slot.state() == SlotState.RUNNING && slot.ring.backlog() > 0;
            if (!busy || head != w.lastHead) {
                long busyNanos = now - w.sinceNanos;
                w.lastHead = head;
                w.sinceNanos = now;
                w.interrupted = false;
                if (slot.isStalled()) {
                    slot.markStalled(false);
                    LOG.log(Level.INFO, () -> slot + " moves again: no longer stalled");
                    // On the scheduler's thread, no lock held: the listener may call the engine.
                    Object correlation = w.correlation;
                    w.correlation = null;
                    events.emit(new SupervisionEvent.SlotRecovered(events.engine(), w.group, slot.index,
                            Duration.ofNanos(busyNanos), correlation));
                }
            } else if (!slot.isStalled() && now - w.sinceNanos >= w.thresholdNanos) {
                slot.markStalled(true);
                w.correlation = slot.currentCorrelation();
                long busyNanos = now - w.sinceNanos;
                LOG.log(Level.WARNING, () -> slot + " is stalled: busy on one message for at least "
                        + busyNanos / 1_000_000 + " ms; routed around until it moves");
                events.emit(new SupervisionEvent.SlotStalled(events.engine(), w.group, slot.index,
                        Duration.ofNanos(busyNanos), w.correlation));
            }
            if (w.interrupt && !w.interrupted && slot.isStalled()) {
                // Until it lands: a look can fall between two handler calls on the same position
                // (a retry after a restart), when there is no call to interrupt.
                w.interrupted = slot.interruptStalled(head);
                if (w.interrupted) {
                    LOG.log(Level.WARNING, () -> slot + ": interrupted its stalled handler");
                }
            }
        }
        next();
    }
}
