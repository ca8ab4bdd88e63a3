package io.rampart.internal;

import io.rampart.Resizer;
import io.rampart.Scheduler;
import java.lang.System.Logger.Level;
import java.util.Collection;

/**
 * A group's {@link Resizer} at work: samples the group's mean backlog per slot on the engine's
 * scheduler and resizes the group when the hysteresis rules say so (see {@link Resizer}). Its counts
 * are touched only by its own task, which the scheduler runs one at a time; it stops once the engine
 * no longer runs or its group stops for good (or is removed).
 */
final class ResizeWatch {
    private static final System.Logger LOG = System.getLogger(ResizeWatch.class.getName());

    private final Group group;
    private final Resizer resizer;
    private final Scheduler scheduler;
    private final Core core;
    private final long periodNanos;
    private final long coolDownNanos;
    private int over;
    private int under;
    /** When the last decision was taken (resized, or a grow failed); cool-down runs from here. */
    private long lastDecision;
    private boolean decided;

    private ResizeWatch(Group group, Resizer resizer, Scheduler scheduler, Core core) {
        this.group = group;
        this.resizer = resizer;
        this.scheduler = scheduler;
        this.core = core;
        this.periodNanos = resizer.sampleEvery().toNanos();
        this.coolDownNanos = resizer.coolDown().toNanos();
    }

    /** Starts a watch for every group that has a resizer. */
    static void startAll(Collection<Group> groups, Scheduler scheduler, Core core) {
        for (Group g : groups) {
            Resizer r = g.spec().resizer();
            if (r != null) {
                new ResizeWatch(g, r, scheduler, core).next();
            }
        }
    }

    private void next() {
        if (!core.isRunning()) {
            return;
        }
        try {
            scheduler.schedule(periodNanos, this::sample);
        } catch (RuntimeException rejected) {
            // the scheduler is shut down: the engine is past its close
        }
    }

    private void sample() {
        if (!core.isRunning() || group.stoppedReason() != null) {
            return; // the engine is closing, or the group stopped for good or was removed: nothing to size
        }
        try {
            decide();
        } catch (RuntimeException e) {
            // A grow whose factory failed (or a race with close): the group keeps its size; try again
            // after the cool-down.
            LOG.log(Level.WARNING, () -> "resizer of group '" + group.name() + "' could not resize it: " + e, e);
        }
        next();
    }

    private void decide() {
        SlotSet set = group.current();
        int n = set.slots.length;
        long backlog = 0;
        for (Slot s : set.slots) {
            backlog += s.ring.backlog();
        }
        double mean = (double) backlog / n;
        if (mean > resizer.growAbove()) {
            over++;
            under = 0;
        } else if (mean < resizer.shrinkBelow()) {
            under++;
            over = 0;
        } else {
            over = 0;
            under = 0;
        }
        long now = scheduler.nanoTime();
        if (decided && now - lastDecision < coolDownNanos) {
            return;
        }
        int target = n;
        String why = null;
        if (over >= resizer.growAfter() && n < resizer.upper()) {
            target = Math.min(resizer.upper(), n + resizer.step());
            why = "resizer: mean backlog " + mean + " per slot above " + resizer.growAbove() + " in " + over
                    + " samples in a row";
        } else if (under >= resizer.shrinkAfter() && n > resizer.lower()) {
            target = Math.max(resizer.lower(), n - resizer.step());
            why = "resizer: mean backlog " + mean + " per slot below " + resizer.shrinkBelow() + " in " + under
                    + " samples in a row";
        }
        if (why == null) {
            return;
        }
        over = 0;
        under = 0;
        decided = true;
        lastDecision = now;
        group.resize(target, why);
    }
}
