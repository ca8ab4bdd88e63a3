package io.rampart.internal;

import io.rampart.SupervisionStrategy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One supervisor of the engine's tree: its strategy, its restart-intensity window and its children
 * (groups and supervisors, in the order they were added). Guarded by the supervision lock.
 */
public final class SupervisorNode implements Supervised {
    final String name;
    final SupervisionStrategy strategy;
    final int maxRestarts;
    final long withinNanos;
    final SupervisorNode parent;
    /** Groups and supervisors, in the order they were added. */
    final List<Supervised> children = new ArrayList<>();
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private long restarts;
    private long escalations;

    SupervisorNode(String name, SupervisionStrategy strategy, int maxRestarts, long withinNanos, SupervisorNode parent) {
        this.name = name;
        this.strategy = strategy;
        this.maxRestarts = maxRestarts;
        this.withinNanos = withinNanos;
        this.parent = parent;
    }

    /** Records one restart decision at {@code now}; true if that is more than the intensity allows. */
    boolean exceeds(long now) {
        if (maxRestarts < 0) {
            restarts++;
            return false;
        }
        window.addLast(now);
        while (now - window.peekFirst() >= withinNanos) {
            window.pollFirst();
        }
        if (window.size() > maxRestarts) {
            window.clear();
            escalations++;
            return true;
        }
        restarts++;
        return false;
    }

    long restarts() {
        return restarts;
    }

    long escalations() {
        return escalations;
    }

    String intensity() {
        return maxRestarts < 0 ? "unlimited" : maxRestarts + " restarts within " + Duration.ofNanos(withinNanos);
    }

    /**
     * The slots this supervisor restarts when {@code child} failed — through slot {@code failed}, or
     * as a whole (a child supervisor that gave up) when {@code failed} is null.
     */
    List<Slot> affected(Supervised child, Slot failed) {
        List<Slot> out = new ArrayList<>();
        switch (strategy) {
            case ONE_FOR_ONE -> {
                if (failed != null) {
                    out.add(failed);
                } else {
                    child.collectSlots(out);
                }
            }
            case ONE_FOR_ALL -> children.forEach(c -> c.collectSlots(out));
            case REST_FOR_ONE -> {
                int at = children.indexOf(child);
                if (failed != null) {
                    for (Slot s : ((Group) child).slots()) { // a slot fails through its own group
                        if (s.index >= failed.index) {
                            out.add(s);
                        }
                    }
                } else {
                    child.collectSlots(out);
                }
                for (int i = at + 1; i < children.size(); i++) {
                    children.get(i).collectSlots(out);
                }
            }
        }
        return out;
    }

    /** The supervisor that holds {@code child} directly, searching this subtree; null if none. */
    SupervisorNode parentOf(Supervised child) {
        for (Supervised c : children) {
            if (c == child) {
                return this;
            }
            if (c instanceof SupervisorNode n) {
                SupervisorNode found = n.parentOf(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    @Override
    public void collectSlots(List<Slot> out) {
        for (Supervised c : children) {
            c.collectSlots(out);
        }
    }

    @Override
    public void collectGroups(List<Group> out) {
        for (Supervised c : children) {
            c.collectGroups(out);
        }
    }

    @Override
    public String describe() {
        return "supervisor '" + name + "'";
    }
}
