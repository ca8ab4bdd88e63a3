package io.rampart;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link Distributor#tellBatch(List)} accepted. Each slot took <b>a prefix of its share</b>,
 * in the caller's order: the messages the balancer chose for that slot were claimed in one step
 * (or one step per ring's worth), all of a step or none of it, and once one step was refused the
 * rest of that slot's share was refused too, so a caller that resends {@link #refused()} never
 * reorders a slot's messages. Accepted messages carry the same guarantee as a returned
 * {@code tellOne}; refused ones were not accepted and are still the caller's (not dead-lettered).
 */
public final class BatchResult {
    private final int[] acceptedBySlot;
    private final int accepted;
    private final List<Object> refused;

    /**
     * @param acceptedBySlot how many messages each slot accepted, by slot index
     * @param refused        the messages not accepted, in the caller's order
     */
    public BatchResult(int[] acceptedBySlot, List<Object> refused) {
        this.acceptedBySlot = acceptedBySlot.clone();
        int sum = 0;
        for (int a : acceptedBySlot) { // not a stream: this is on the batch publish path
            sum += a;
        }
        this.accepted = sum;
        this.refused = List.copyOf(refused);
    }

    /** @return how many messages were accepted, over all slots */
    public int accepted() {
        return accepted;
    }

    /**
     * @param slot a slot index of the group
     * @return how many messages that slot accepted
     * @throws IllegalArgumentException if the group has no such slot
     */
    public int acceptedBy(int slot) {
        if (slot < 0 || slot >= acceptedBySlot.length) {
            throw new IllegalArgumentException("no slot " + slot + ": the group's slots are 0.." + (acceptedBySlot.length - 1));
        }
        return acceptedBySlot[slot];
    }

    /** @return the messages that were not accepted, in the order the caller gave them; empty if none */
    public List<Object> refused() {
        return refused;
    }

    /** @return whether every message was accepted */
    public boolean allAccepted() {
        return refused.isEmpty();
    }

    @Override
    public String toString() {
        return "BatchResult[accepted=" + accepted + " " + Arrays.toString(acceptedBySlot) + ", refused=" + refused.size() + "]";
    }
}
