package io.rampart.balance;

import io.rampart.SlotState;
import java.util.Arrays;

/** A hand-set {@link Slots} view for balancer tests. */
final class FakeSlots implements Slots {
    final SlotState[] states;
    final long[] backlogs;

    FakeSlots(int n) {
        states = new SlotState[n];
        backlogs = new long[n];
        Arrays.fill(states, SlotState.RUNNING);
    }

    @Override
    public String group() {
        return "fake";
    }

    @Override
    public int size() {
        return states.length;
    }

    @Override
    public boolean isRunning(int slot) {
        return states[slot] == SlotState.RUNNING;
    }

    @Override
    public SlotState state(int slot) {
        return states[slot];
    }

    @Override
    public long backlog(int slot) {
        return backlogs[slot];
    }

    @Override
    public int capacity() {
        return 1024;
    }
}
