package io.rampart.internal;

import io.rampart.SlotState;
import io.rampart.balance.Slots;

/**
 * One version of a group's membership: which slots it has, at which indices. Immutable, and
 * published behind one volatile reference ({@link Group#current()}), so a send reads the group once
 * and then routes, spills and counts on the same set of slots: a balancer never sees the size change
 * between two of its calls for one message, and an index it returns always names a slot of the set it
 * was given. A resize publishes a new set; slots that stay are the same objects at the same indices.
 * The slots' states and backlogs are live, as they always were: they change under a running group.
 */
public final class SlotSet implements Slots {
    final String group;
    final Slot[] slots;
    private final int capacity;

    SlotSet(String group, Slot[] slots, int capacity) {
        this.group = group;
        this.slots = slots;
        this.capacity = capacity;
    }

    @Override
    public String group() {
        return group;
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
        return capacity;
    }
}
