package io.rampart.remote;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A remote group's slots as the sending node knows them: local mirror slot {@code i} stands for slot
 * {@link #remoteSlot(int)} on peer {@link #peer(int)}, whose last reported state and backlog are kept here. The wire
 * thread writes reports; senders' balancers read them (plain volatile reads, no allocation).
 */
final class RemoteSlots {
    private final Peer[] peers;
    private final int[] remoteSlots;
    /** The last reported {@link SlotStates} wire code per mirror slot; RUNNING (2) until a report says otherwise. */
    private final AtomicIntegerArray states;
    private final AtomicLongArray backlogs;
    private static final int RUNNING = SlotStates.code(io.rampart.SlotState.RUNNING);

    /** {@code peers[i]} hosts {@code remoteSlots[i]}; both one entry per mirror slot. */
    RemoteSlots(Peer[] peers, int[] remoteSlots) {
        this.peers = peers;
        this.remoteSlots = remoteSlots;
        this.states = new AtomicIntegerArray(peers.length);
        this.backlogs = new AtomicLongArray(peers.length);
        for (int i = 0; i < peers.length; i++) {
            states.set(i, RUNNING);
        }
    }

    int size() {
        return peers.length;
    }

    Peer peer(int slot) {
        return peers[slot];
    }

    int remoteSlot(int slot) {
        return remoteSlots[slot];
    }

    /** Whether a message may be routed to mirror slot {@code i}: its peer is up and the slot last ran there. */
    boolean available(int slot) {
        return peers[slot].up && states.get(slot) == RUNNING;
    }

    io.rampart.SlotState state(int slot) {
        return SlotStates.fromCode((byte) states.get(slot));
    }

    long remoteBacklog(int slot) {
        return backlogs.get(slot);
    }

    /**
     * A report from {@code peer}: for each of its slots it hosts here, the state and backlog.
     *
     * @return how many of the report's slots this group did not expect (more slots there than placed)
     */
    int report(Peer peer, SlotStates states) {
        int matched = 0;
        for (int i = 0; i < peers.length; i++) {
            if (peers[i] == peer) {
                int s = remoteSlots[i];
                if (s < states.count()) {
                    this.states.set(i, SlotStates.code(states.state(s)));
                    this.backlogs.set(i, states.backlog(s));
                    matched++;
                } else {
                    this.states.set(i, SlotStates.code(io.rampart.SlotState.STOPPED)); // placed, but not there
                }
            }
        }
        return states.count() - matched;
    }
}
