package io.rampart.balance;

import io.rampart.SlotState;

/**
 * A read-only view of a group's slots for a {@link LoadBalancer}. Reading it allocates nothing. Its
 * size and members are fixed for the view's life: a send gets one view, so a balancer sees one size
 * for one message even while the group is resized ({@link io.rampart.Engine#resize(String, int)}
 * publishes a new view for later sends). The states and backlogs are live and may change while a
 * balancer looks at them.
 */
public interface Slots {
    /** @return the group's name */
    String group();

    /** @return the number of slots (the group's size when the send began), fixed for this view */
    int size();

    /**
     * @param slot an index in {@code [0, size())}
     * @return whether the slot takes new messages now
     */
    boolean isRunning(int slot);

    /**
     * @param slot an index in {@code [0, size())}
     * @return the slot's state
     */
    SlotState state(int slot);

    /**
     * @param slot an index in {@code [0, size())}
     * @return messages queued in the slot's ring, the one being handled included
     */
    long backlog(int slot);

    /** @return each slot's ring capacity */
    int capacity();
}
