package io.rampart;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Engine#broadcast(Object)} did, group by group: for every group whose message type
 * accepts the message, either how many slots took it or why the group refused it. Immutable.
 *
 * <p>Each group is sent to as {@link Distributor#tellEveryone(Object)} sends, all or nothing within
 * that group; <b>across groups nothing is atomic</b>: some groups may take the message while others
 * refuse it, and a group that took it may be handling it before the next group is even tried. A
 * caller that resends a partly refused broadcast should resend to the refusing groups only
 * ({@link #refused()}), through their distributors, or the others get it twice.
 *
 * <pre>{@code
 * BroadcastResult r = engine.broadcast(new ConfigChanged(version));
 * for (BroadcastResult.Outcome o : r.refused()) {
 *     log.warn("{} did not take the new config: {}", o.group(), o.refusal().getMessage());
 * }
 * }</pre>
 */
public final class BroadcastResult {
    private final List<Outcome> outcomes;

    /**
     * What one group did with the broadcast.
     *
     * @param group   the group's name
     * @param slots   how many of its slots took the message (as {@link Distributor#tellEveryone} returns
     *                it); 0 when it refused
     * @param refusal why the group refused it, or null when it took it: {@link GroupStoppedException}
     *                (its {@link GroupRemovedException} when removed during the broadcast),
     *                {@link RingFullException} (a slot's ring full past the group's backpressure bound;
     *                under {@link Backpressure#deadLetter()} the message was also dead-lettered,
     *                {@code RING_FULL}, as {@code tellEveryone} does), {@link EngineClosedException}
     *                (the engine closed during the broadcast)
     */
    public record Outcome(String group, int slots, RampartException refusal) {
        /**
         * Checks the outcome is one or the other.
         *
         * @param group   the group's name
         * @param slots   how many slots took it
         * @param refusal why it was refused, or null
         */
        public Outcome {
            Objects.requireNonNull(group, "group");
            if (slots < 0 || refusal != null && slots != 0) {
                throw new IllegalArgumentException("group '" + group + "': " + slots + " slots"
                        + (refusal != null ? " and a refusal" : ""));
            }
        }

        /** @return whether the group took the message (on every slot that was running or restarting) */
        public boolean accepted() {
            return refusal == null;
        }
    }

    /**
     * @param outcomes one per group tried, in the order they were tried
     */
    public BroadcastResult(List<Outcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
    }

    /**
     * @return one outcome per group whose message type accepts the message, in the order they were
     *         sent to; empty when no group accepts the message's type
     */
    public List<Outcome> outcomes() {
        return outcomes;
    }

    /** @return the groups that refused the message, with why; empty if none refused */
    public List<Outcome> refused() {
        List<Outcome> out = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (!o.accepted()) {
                out.add(o);
            }
        }
        return List.copyOf(out);
    }

    /** @return how many slots took the message, over every group */
    public int slotsReached() {
        int n = 0;
        for (Outcome o : outcomes) {
            n += o.slots();
        }
        return n;
    }

    /**
     * @return whether every group tried took the message (true, too, when no group accepts its type:
     *         check {@link #outcomes()} for that)
     */
    public boolean allAccepted() {
        for (Outcome o : outcomes) {
            if (!o.accepted()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "BroadcastResult" + outcomes;
    }
}
